#!/usr/bin/env bash
# Runs `insightgraph serve` against a throwaway PostgreSQL with the demo data, until it gets SIGTERM.
#
#   tests/live_stack.sh BIN PORT TOKEN_FILE
#
# Reuses the repository's Scripts/with-postgres.sh (a temp cluster on a unix socket, removed on
# exit): inside it, the demo data (ig_load_demo of Scripts/lib/common.sh: `schema apply`, the two
# extra columns the demo data fills, Scripts/demo/demo-data.sql), then
# `exec insightgraph serve` on 127.0.0.1:PORT with the token file. SIGTERM (what the pytest fixture
# sends) reaches the server through with-postgres.sh, which then stops and deletes the cluster.
# INSIGHTGRAPH_REPO: the repository root (default: two levels above clients/python).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="${INSIGHTGRAPH_REPO:-$(cd "$HERE/../../.." && pwd)}"

if [ "${1:-}" = "--inner" ]; then
    shift
    BIN="$1" PORT="$2" TOKEN_FILE="$3"
    . "$REPO/Scripts/lib/common.sh"
    ig_load_demo "$BIN" || { echo "live_stack: loading the demo data with '$BIN' failed" >&2; exit 1; }
    echo "live_stack: demo data loaded; starting insightgraph serve on 127.0.0.1:$PORT" >&2
    exec "$BIN" serve --host 127.0.0.1 --port "$PORT" --token-file "$TOKEN_FILE" --log-level warning
fi

if [ "$#" -ne 3 ]; then
    echo "usage: $0 BIN PORT TOKEN_FILE" >&2
    exit 64
fi
BIN="$(readlink -f "$1")"
if [ ! -x "$BIN" ]; then
    echo "live_stack: $1 is not an executable insightgraph binary" >&2
    exit 64
fi
exec "$REPO/Scripts/with-postgres.sh" "$HERE/live_stack.sh" --inner "$BIN" "$2" "$(readlink -f "$3")"
