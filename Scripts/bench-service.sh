#!/usr/bin/env bash
# Load benchmark of `insightgraph serve` (not a test): wrk on loopback against POST /v1/retrieve (or
# /v1/query) with the messages of queries.jsonl of the medium dataset of ../shared/bench, for 60 s.
#
#   Scripts/bench-service.sh [DURATION_SECONDS] [CONNECTIONS] [MODES]
#
# Steps: install wrk if missing; start a throwaway PostgreSQL (Scripts/with-postgres.sh); generate and
# load the medium dataset (50 characters, 200,000 insights, ~800,000 relationships); build the release
# binary; then for each mode: start the service on a free loopback port; wait for /healthz; run wrk
# (1 thread: the machine has 2 cores and the service needs them); stop the service with SIGTERM and
# check it exits 0. Modes (default "cached uncached"):
#   cached    the service as shipped: answers to repeated requests come from the snapshot's answer
#             cache (queries.jsonl has 1,000 messages, so after the first 1,000 requests every
#             request is a repeat);
#   uncached  --answer-cache-mib 0: every request is ranked, explained and encoded.
#   igq       --answer-cache-mib 0, POST /v1/query with the prompt-style query below, the same
#             messages as params: IGQ's ranking on the retrieval engine's primitives, to compare
#             with `uncached` (target: p50 <= 1.5x uncached retrieve's, p99 <= 5 ms).
# Targets: >= 20,000 requests/s, p99 <= 5 ms, zero errors.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-60}"
CONNECTIONS="${2:-32}"
MODES="${3:-cached uncached}"

if [ -z "${PGHOST:-}" ]; then
    exec "$ROOT/Scripts/with-postgres.sh" "$0" "$@"
fi

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

BENCH="$("$ROOT/Scripts/shared-bench-dir.sh")" || exit 1
. "$ROOT/Scripts/start-service.sh"

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

run_mode() {
    local mode="$1"; shift
    echo "== [$mode] starting the service and waiting for the first snapshot (serve $*)"
    start_service "$BIN" "$@"
    local port="$PORT"

    local route="${ROUTE:-/v1/retrieve}" bodies="${BODIES:-$DATA/queries.jsonl}"
    echo "== [$mode] wrk: ${DURATION}s, ${CONNECTIONS} connections, 1 thread"
    echo "   ROUTE=$route wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency -s Scripts/bench-service.lua http://127.0.0.1:$port$route -- $(basename "$bodies")"
    ROUTE="$route" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/Scripts/bench-service.lua" \
        "http://127.0.0.1:$port$route" -- "$bodies"

    echo "== [$mode] metrics after the run"
    curl -fsS "http://127.0.0.1:$port/metrics" | grep -E '^insightgraph_(http_requests_total|answer_cache_requests_total)' || true
    echo "resident memory: $(awk '/VmRSS/ {print $2, $3}' "/proc/$SERVER_PID/status")"

    echo "== [$mode] SIGTERM"
    kill -TERM "$SERVER_PID"
    set +e
    wait "$SERVER_PID"
    local status=$?
    set -e
    SERVER_PID=""
    echo "service exit status: $status"
    [ "$status" -eq 0 ]
}

for mode in $MODES; do
    case "$mode" in
        cached) run_mode cached ;;
        uncached) run_mode uncached --answer-cache-mib 0 ;;
        igq)
            python3 - "$DATA/queries.jsonl" > "$DATA/igq.jsonl" <<'PY'
import json, sys
query = ("FROM CHARACTER $c SEED MESSAGE $m EXPAND 2 HOPS VIA supports, builds_on, leads_to MIN STRENGTH 0.3 BOTH "
         "RANK BY ppr(damping: 0.85) * confidence LIMIT 10")
for line in open(sys.argv[1]):
    if line.strip():
        q = json.loads(line)
        print(json.dumps({"query": query, "params": {"c": q["character"], "m": q["message"]}}))
PY
            ROUTE=/v1/query BODIES="$DATA/igq.jsonl" run_mode igq --answer-cache-mib 0 ;;
        *) echo "bench-service.sh: unknown mode $mode (cached, uncached, igq)" >&2; exit 64 ;;
    esac
done
