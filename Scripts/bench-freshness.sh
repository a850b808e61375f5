#!/usr/bin/env bash
# Freshness benchmark of `insightgraph serve` (not a test): how long after a SQL write the change is
# returned by POST /v1/retrieve, on the medium dataset of ../shared/bench (target: < 1 s).
#
#   Scripts/bench-freshness.sh [WRITES_PER_KIND] [POLL_INTERVAL_MS]     # defaults: 20, 250
#   INSIGHTGRAPH_BIN=/path/to/insightgraph Scripts/bench-freshness.sh  # measure that binary instead
#   SIZE=large MODES=notify Scripts/bench-freshness.sh 5                 # large dataset, notify run only
#
# Steps: start a throwaway PostgreSQL (Scripts/with-postgres.sh); generate and load the medium dataset
# (50 characters, 200,000 insights, ~800,000 relationships); build the release binary; then twice:
#   1. polling: `schema apply` (the recommended indexes, the three date columns the polling
#      watermarks read among them; no triggers), serve with --poll-interval-ms POLL_INTERVAL_MS,
#      measure insert, update (touching discovery_date, as polling needs) and relationship;
#      deletions without triggers wait for the full reload (--full-reload-seconds), not measured;
#   2. notify: `schema apply --notify`, serve again, measure insert, update, relationship, delete.
# Each run: serve on a free loopback port, wait for /healthz, Scripts/sql_freshness.py (psql writes,
# /v1/retrieve polls), print the service's refresh phase times from /metrics, SIGTERM (exit 0 checked).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WRITES="${1:-20}"
POLL_MS="${2:-250}"

if [ -z "${PGHOST:-}" ]; then
    exec "$ROOT/Scripts/with-postgres.sh" "$0" "$@"
fi

BENCH="$("$ROOT/Scripts/shared-bench-dir.sh")" || exit 1
. "$ROOT/Scripts/start-service.sh"

DATA="$(mktemp -d "${TMPDIR:-/tmp}/insightgraph-fresh.XXXXXX")"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        set +e; wait "$SERVER_PID"; local status=$?; set -e
        SERVER_PID=""
        echo "service exit status: $status"
        [ "$status" -eq 0 ]
    fi
}
cleanup() { stop_server || true; rm -rf "$DATA"; }
trap cleanup EXIT

case "${SIZE:-medium}" in
    medium) GEN_ARGS=(--characters 50 --insights 200000 --degree 4) ;;
    large) GEN_ARGS=(--characters 200 --insights 1000000 --degree 5) ;;
    *) echo "bench-freshness.sh: SIZE is medium or large" >&2; exit 64 ;;
esac
MODES="${MODES:-polling,notify}"
echo "== generating and loading the ${SIZE:-medium} dataset"
python3 "$BENCH/gen_insight_graph.py" "${GEN_ARGS[@]}" --out "$DATA" --load >/dev/null

if [ -n "${INSIGHTGRAPH_BIN:-}" ]; then
    BIN="$INSIGHTGRAPH_BIN"  # e.g. an older build, to compare
else
    echo "== building (release)"
    (cd "$ROOT" && swift build -c release --product insightgraph >/dev/null)
    BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/insightgraph"
fi

run() {  # LABEL KINDS SERVE-ARGS...
    local label="$1" kinds="$2"; shift 2
    start_service "$BIN" "$@"
    local port="$PORT"
    echo "== $label: $WRITES writes per kind ($kinds); load: $(uptime | sed 's/.*load average/load average/')"
    python3 "$ROOT/Scripts/sql_freshness.py" --base "http://127.0.0.1:$port" -n "$WRITES" --kinds "$kinds" --label "$label"
    echo "== $label: refresh phases (seconds, sum / count per phase)"
    curl -fsS "http://127.0.0.1:$port/metrics" \
        | grep -E '^insightgraph_snapshot_refresh(_phase)?_(duration_)?seconds_(sum|count)|^insightgraph_snapshot_refreshes_total' || true
    stop_server
}

# The recommended indexes include the three date columns polling reads: with them a date check
# runs at every poll (without them `serve` spaces the checks out: README, Freshness).
(cd "$DATA" && "$BIN" schema apply >/dev/null)
if [[ ",$MODES," == *,polling,* ]]; then run polling insert,update,relationship --poll-interval-ms "$POLL_MS"; fi
if [[ ",$MODES," == *,notify,* ]]; then
    (cd "$DATA" && "$BIN" schema apply --notify >/dev/null)
    run notify insert,update,relationship,delete
fi
