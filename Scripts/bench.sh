#!/usr/bin/env bash
# The benchmarks (measurements, not tests), each on a throwaway PostgreSQL with a release build:
#
#   Scripts/bench.sh load      [small|medium|large] [ROUNDS]            LOAD next to psql \copy
#   Scripts/bench.sh export    [small|medium|large] [PEERS]             EXPORT next to peers.py's writers
#   Scripts/bench.sh retrieval [small|medium|large] [PEERS] [LIMIT]     R-PPR / R-HOP next to peers.py
#   Scripts/bench.sh ingest    [INSIGHTS] [RELATIONSHIPS]               `insightgraph ingest` rows/s
#   Scripts/bench.sh freshness [WRITES_PER_KIND] [POLL_INTERVAL_MS]     SQL write -> /v1/retrieve latency
#   Scripts/bench.sh service   [DURATION] [CONNECTIONS] [MODES]         wrk against `insightgraph serve`
#   Scripts/bench.sh report    [small|medium|large|--database] [PEERS]  all of it as one table of ratios
#
# Each subcommand is Scripts/bench/NAME.sh (sourced here; its header says the details). The datasets
# come from ../shared/bench/gen_insight_graph.py (SHARED_BENCH names another folder); the peers run
# with PEERS_PYTHON (default /tmp/peers-venv/bin/python, see ../shared/bench/README.md);
# INSIGHTGRAPH_BIN measures that binary instead of building one.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

BENCH_COMMAND="${1:-}"
case "$BENCH_COMMAND" in
    load|export|retrieval|ingest|freshness|service|report) shift ;;
    *) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
BENCH_PYTHON="${PEERS_PYTHON:-/tmp/peers-venv/bin/python}"

bench_usage() { echo "usage: Scripts/bench.sh $BENCH_COMMAND $*" >&2; exit 64; }

# bench_size SIZE: the generator's flags for that dataset in BENCH_FLAGS; fails for another name.
bench_size() {
    case "$1" in
        small)  BENCH_FLAGS=(--characters 12 --insights 5000 --degree 4) ;;
        medium) BENCH_FLAGS=(--characters 50 --insights 200000 --degree 4) ;;
        large)  BENCH_FLAGS=(--characters 200 --insights 1000000 --degree 5) ;;
        *) return 1 ;;
    esac
}

# bench_generate DIR [GENERATOR-ARGS...]: generates the BENCH_FLAGS dataset into DIR and loads it
# into the PG* database.
bench_generate() {
    local out="$1"; shift
    python3 "$BENCH/gen_insight_graph.py" "${BENCH_FLAGS[@]}" "$@" --out "$out" --load
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

. "$IG_ROOT/Scripts/bench/$BENCH_COMMAND.sh"
