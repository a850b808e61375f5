#!/usr/bin/env bash
# Runs CMD... against a throwaway PostgreSQL cluster and always removes the cluster afterwards.
#
#   Scripts/with-postgres.sh swift test
#
# The cluster (ig_pg_start in lib/common.sh) lives in a fresh temp dir, listens on a unix socket
# only, runs with fsync off, and is stopped and deleted on exit, failure, Ctrl-C or TERM. CMD sees
# PGHOST (the socket dir), PGPORT, PGUSER=postgres and PGDATABASE=postgres; the script exits with
# CMD's exit code. Installs nothing: run Scripts/install-deps.sh first when initdb is missing.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 64
fi
ig_pg_start

# CMD runs as a child we wait for, so a TERM or INT reaching this script stops it and the cluster at
# once (bash would otherwise defer the trap until a foreground CMD finished). `0<&0` keeps stdin.
set +e
"$@" 0<&0 &
CMD_PID=$!
trap 'kill -TERM "$CMD_PID" 2>/dev/null; wait "$CMD_PID" 2>/dev/null; exit 143' TERM
trap 'kill -INT "$CMD_PID" 2>/dev/null; wait "$CMD_PID" 2>/dev/null; exit 130' INT
wait "$CMD_PID"
CMD_STATUS=$?
set -e
exit "$CMD_STATUS"
