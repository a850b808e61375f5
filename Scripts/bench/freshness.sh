# Scripts/bench.sh freshness [WRITES_PER_KIND] [POLL_INTERVAL_MS]     # defaults: 20, 250
#   INSIGHTGRAPH_BIN=/path/to/insightgraph Scripts/bench.sh freshness  # measure that binary instead
#   SIZE=large MODES=notify Scripts/bench.sh freshness 5                 # large dataset, notify run only
#
# Freshness benchmark of `insightgraph serve`: how long after a SQL write the change is returned by
# POST /v1/retrieve, on the medium dataset of ../shared/bench (target: < 1 s).
# Steps: start a throwaway PostgreSQL (unless PG* names one); generate and load the medium dataset
# (50 characters, 200,000 insights, ~800,000 relationships); build the release binary; then twice:
#   1. polling: `schema apply` (the recommended indexes, the three date columns the polling
#      watermarks read among them; no triggers), serve with --poll-interval-ms POLL_INTERVAL_MS,
#      measure insert, update (touching discovery_date, as polling needs) and relationship;
#      deletions without triggers wait for the full reload (--full-reload-seconds), not measured;
#   2. notify: `schema apply --notify`, serve again, measure insert, update, relationship, delete.
# Each run: serve on a free loopback port, wait for /healthz, Scripts/freshness.py (psql writes,
# /v1/retrieve polls), print the service's refresh phase times from /metrics, SIGTERM (exit 0 checked).
writes="${1:-20}"
poll_ms="${2:-250}"
case "${SIZE:-medium}" in
    medium|large) bench_size "${SIZE:-medium}" ;;
    *) echo "Scripts/bench.sh freshness: SIZE is medium or large" >&2; exit 64 ;;
esac
modes="${MODES:-polling,notify}"
BENCH="$(ig_bench_dir)"
ig_pg_ensure
ig_temp_dir data insightgraph-fresh

echo "== generating and loading the ${SIZE:-medium} dataset"
bench_generate "$data" >/dev/null
ig_build release

run() {  # LABEL KINDS SERVE-ARGS...
    local label="$1" kinds="$2"; shift 2
    ig_start_service "$IG_BIN" "$@"
    echo "== $label: $writes writes per kind ($kinds); load: $(uptime | sed 's/.*load average/load average/')"
    python3 "$IG_ROOT/Scripts/freshness.py" --base "http://127.0.0.1:$PORT" -n "$writes" --kinds "$kinds" --label "$label"
    echo "== $label: refresh phases (seconds, sum / count per phase)"
    curl -fsS "http://127.0.0.1:$PORT/metrics" \
        | grep -E '^insightgraph_snapshot_refresh(_phase)?_(duration_)?seconds_(sum|count)|^insightgraph_snapshot_refreshes_total' || true
    ig_stop_service
}

# The recommended indexes include the three date columns polling reads: with them a date check
# runs at every poll (without them `serve` spaces the checks out: README, Freshness).
(cd "$data" && "$IG_BIN" schema apply >/dev/null)
if [[ ",$modes," == *,polling,* ]]; then run polling insert,update,relationship --poll-interval-ms "$poll_ms"; fi
if [[ ",$modes," == *,notify,* ]]; then
    (cd "$data" && "$IG_BIN" schema apply --notify >/dev/null)
    run notify insert,update,relationship,delete
fi
