# Scripts/bench.sh service [DURATION_SECONDS] [CONNECTIONS] [MODES]     (default: 60, 32, "cached uncached")
#
# Load benchmark of `insightgraph serve`: wrk on loopback against POST /v1/retrieve (or /v1/query)
# with the messages of queries.jsonl of the medium dataset of ../shared/bench.
# Steps: install wrk if missing; start a throwaway PostgreSQL (unless PG* names one); generate and
# load the medium dataset (50 characters, 200,000 insights, ~800,000 relationships); build the
# release binary; then for each mode: start the service on a free loopback port; wait for /healthz;
# run wrk (1 thread: the machine has 2 cores and the service needs them); stop the service with
# SIGTERM and check it exits 0. Modes:
#   cached    the service as shipped: answers to repeated requests come from the snapshot's answer
#             cache (queries.jsonl has 1,000 messages, so after the first 1,000 requests every
#             request is a repeat);
#   uncached  --answer-cache-mib 0: every request is ranked, explained and encoded.
#   igq       --answer-cache-mib 0, POST /v1/query with the prompt-style query below, the same
#             messages as params: IGQ's ranking on the retrieval engine's primitives, to compare
#             with `uncached` (target: p50 <= 1.5x uncached retrieve's, p99 <= 5 ms).
# ROUTE and BODIES (a JSON-lines file of request bodies) point cached and uncached at another route.
# Targets: >= 20,000 requests/s, p99 <= 5 ms, zero errors.
duration="${1:-60}"
connections="${2:-32}"
modes="${3:-cached uncached}"
for mode in $modes; do
    case "$mode" in
        cached|uncached|igq) ;;
        *) echo "Scripts/bench.sh service: unknown mode $mode (cached, uncached, igq)" >&2; exit 64 ;;
    esac
done
bench_size medium
BENCH="$(ig_bench_dir)"
ig_need_apt wrk
ig_pg_ensure
ig_temp_dir data insightgraph-bench

echo "== generating and loading the medium dataset"
bench_generate "$data" >/dev/null
ig_build release

run_mode() {  # MODE ROUTE BODIES SERVE-ARGS...
    local mode="$1" route="$2" bodies="$3"; shift 3
    echo "== [$mode] starting the service and waiting for the first snapshot (serve $*)"
    ig_start_service "$IG_BIN" "$@"
    echo "== [$mode] wrk: ${duration}s, ${connections} connections, 1 thread"
    echo "   ROUTE=$route wrk -t1 -c$connections -d${duration}s --latency -s Scripts/bench/service.lua http://127.0.0.1:$PORT$route -- $(basename "$bodies")"
    ROUTE="$route" wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$IG_ROOT/Scripts/bench/service.lua" \
        "http://127.0.0.1:$PORT$route" -- "$bodies"
    echo "== [$mode] metrics after the run"
    curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -E '^insightgraph_(http_requests_total|answer_cache_requests_total)' || true
    echo "resident memory: $(awk '/VmRSS/ {print $2, $3}' "/proc/$SERVER_PID/status")"
    echo "== [$mode] SIGTERM"
    ig_stop_service
}

for mode in $modes; do
    case "$mode" in
        cached) run_mode cached "${ROUTE:-/v1/retrieve}" "${BODIES:-$data/queries.jsonl}" ;;
        uncached) run_mode uncached "${ROUTE:-/v1/retrieve}" "${BODIES:-$data/queries.jsonl}" --answer-cache-mib 0 ;;
        igq)
            python3 - "$data/queries.jsonl" > "$data/igq.jsonl" <<'PY'
import json, sys
query = ("FROM CHARACTER $c SEED MESSAGE $m EXPAND 2 HOPS VIA supports, builds_on, leads_to MIN STRENGTH 0.3 BOTH "
         "RANK BY ppr(damping: 0.85) * confidence LIMIT 10")
for line in open(sys.argv[1]):
    if line.strip():
        q = json.loads(line)
        print(json.dumps({"query": query, "params": {"c": q["character"], "m": q["message"]}}))
PY
            run_mode igq /v1/query "$data/igq.jsonl" --answer-cache-mib 0 ;;
    esac
done
