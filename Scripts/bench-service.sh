#!/usr/bin/env bash
# Load benchmark of `insightgraph serve` (not a test): wrk on loopback against POST /v1/retrieve with
# the bodies of queries.jsonl of the medium dataset of ../shared/bench, for 60 s.
#
#   Scripts/bench-service.sh [DURATION_SECONDS] [CONNECTIONS]
#
# Steps: install wrk if missing; start a throwaway PostgreSQL (Scripts/with-postgres.sh); generate and
# load the medium dataset (50 characters, 200,000 insights, ~800,000 relationships); build the release
# binary; start the service on a free loopback port; wait for /healthz; run wrk (1 thread: the machine
# has 2 cores and the service needs them); stop the service with SIGTERM and check it exits 0.
# Targets (issue 6): >= 20,000 requests/s, p99 <= 5 ms, zero errors.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-60}"
CONNECTIONS="${2:-32}"

if [ -z "${PGHOST:-}" ]; then
    exec "$ROOT/Scripts/with-postgres.sh" "$0" "$@"
fi

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

BENCH=""
for candidate in "${SHARED_BENCH:-}" "$ROOT/../shared/bench" "$ROOT/../../shared/bench" /work/shared/bench; do
    if [ -n "$candidate" ] && [ -f "$candidate/gen_insight_graph.py" ]; then BENCH="$candidate"; break; fi
done
[ -n "$BENCH" ] || { echo "bench-service.sh: ../shared/bench not found (set SHARED_BENCH)" >&2; exit 1; }

DATA="$(mktemp -d "${TMPDIR:-/tmp}/insightgraph-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; fi
    rm -rf "$DATA"
}
trap cleanup EXIT

echo "== generating and loading the medium dataset"
python3 "$BENCH/gen_insight_graph.py" --characters 50 --insights 200000 --degree 4 --out "$DATA" --load >/dev/null

echo "== building (release)"
(cd "$ROOT" && swift build -c release --product insightgraph >/dev/null)
BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/insightgraph"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$BIN" serve --host 127.0.0.1 --port "$PORT" --log-level warning &
SERVER_PID=$!
echo "== waiting for the first snapshot (port $PORT)"
for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz"; echo

echo "== wrk: ${DURATION}s, ${CONNECTIONS} connections, 1 thread"
echo "   wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency -s Scripts/bench-service.lua http://127.0.0.1:$PORT/v1/retrieve -- queries.jsonl"
wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/Scripts/bench-service.lua" \
    "http://127.0.0.1:$PORT/v1/retrieve" -- "$DATA/queries.jsonl"

echo "== metrics after the run"
curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -E '^insightgraph_http_requests_total' || true

echo "== SIGTERM"
kill -TERM "$SERVER_PID"
set +e
wait "$SERVER_PID"
STATUS=$?
set -e
SERVER_PID=""
echo "service exit status: $STATUS"
[ "$STATUS" -eq 0 ]
