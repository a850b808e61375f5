#!/usr/bin/env bash
# Runs CMD... against a throwaway PostgreSQL cluster and always removes the cluster afterwards.
#
#   Scripts/with-postgres.sh swift test
#
# The cluster lives in a fresh temp dir, listens on a unix socket only (no TCP), runs with fsync off
# (it is thrown away), and is stopped and deleted on exit, failure, Ctrl-C or TERM. CMD sees
# PGHOST (the socket dir), PGPORT, PGUSER=postgres and PGDATABASE=postgres; the script exits with
# CMD's exit code. Installs nothing: run Scripts/install-deps.sh first when initdb is missing.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 64
fi

find_pg_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return
    fi
    local candidate
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return
        fi
    done
}

PG_BIN="$(find_pg_bin)"
if [ -z "$PG_BIN" ]; then
    echo "with-postgres.sh: initdb not found (PostgreSQL server is not installed)." >&2
    echo "Run Scripts/install-deps.sh (apt-get install -y postgresql) and try again." >&2
    exit 127
fi

# initdb refuses to run as root: as root, run the server as the 'postgres' user.
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "with-postgres.sh: running as root but there is no 'postgres' user to own the cluster." >&2
        exit 1
    fi
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/insightgraph-pg.XXXXXX")"
DATA_DIR="$WORK_DIR/data"
SOCKET_DIR="$WORK_DIR/socket"
LOG_FILE="$WORK_DIR/server.log"
mkdir -p "$SOCKET_DIR"
if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$WORK_DIR"; fi
chmod 700 "$WORK_DIR"

SERVER_STARTED=0
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "$SERVER_STARTED" -eq 1 ]; then
        as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK_DIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_owner "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync \
    >"$WORK_DIR/initdb.log" 2>&1 || {
    echo "with-postgres.sh: initdb failed:" >&2
    cat "$WORK_DIR/initdb.log" >&2
    exit 1
}

PORT=5432
SERVER_STARTED=1
if ! as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
    -o "-c listen_addresses='' -k $SOCKET_DIR -p $PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    echo "with-postgres.sh: the server did not start:" >&2
    cat "$LOG_FILE" >&2 || true
    exit 1
fi

export PGHOST="$SOCKET_DIR" PGPORT="$PORT" PGUSER=postgres PGDATABASE=postgres
unset PGPASSWORD PGSERVICE PGHOSTADDR 2>/dev/null || true

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
