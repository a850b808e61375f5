#!/usr/bin/env bash
# R-PPR / R-HOP benchmark (../shared/bench/README.md): `insightgraph bench` next to peers.py, in the
# same run, on the same throwaway database; then the answers compared with compare_answers.py.
#
#   Scripts/bench-retrieval.sh [small|medium|large] [PEERS] [LIMIT]
#     PEERS  comma list for peers.py --peer (default networkx,igraph,rustworkx,kuzu,postgres; "none" skips)
#     LIMIT  only the first LIMIT queries (default: all)
#   PEERS_PYTHON=/path/to/venv/bin/python  (default /tmp/peers-venv/bin/python; see the bench README)
#
# Writes everything to $OUT (default /tmp/ig-bench-retrieval-SIZE): answers, tables, summary.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
size="${1:-small}"
peers="${2:-networkx,igraph,rustworkx,kuzu,postgres}"
limit="${3:-}"
case "$size" in
    small)  flags=(--characters 12 --insights 5000 --degree 4) ;;
    medium) flags=(--characters 50 --insights 200000 --degree 4) ;;
    large)  flags=(--characters 200 --insights 1000000 --degree 5) ;;
    *) echo "usage: $0 [small|medium|large] [PEERS] [LIMIT]" >&2; exit 64 ;;
esac
bench="${INSIGHTGRAPH_BENCH_DIR:-$root/../shared/bench}"
[ -f "$bench/peers.py" ] || bench=/work/shared/bench
python="${PEERS_PYTHON:-/tmp/peers-venv/bin/python}"
out="${OUT:-/tmp/ig-bench-retrieval-$size}"
mkdir -p "$out"
(cd "$root" && swift build -c release --product insightgraph >/dev/null)

export BENCH_FLAGS="${flags[*]}" BENCH_DIR="$bench" BENCH_OUT="$out" BENCH_PEERS="$peers" BENCH_LIMIT="$limit"
export BENCH_PYTHON="$python" BENCH_BINARY="$root/.build/release/insightgraph"
exec "$here/with-postgres.sh" bash -c '
set -euo pipefail
export PATH="$(dirname "$(command -v pg_ctl 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/pg_ctl | tail -1)"):$PATH"
python3 "$BENCH_DIR/gen_insight_graph.py" $BENCH_FLAGS --out "$BENCH_OUT/data" --load >/dev/null
queries="$BENCH_OUT/data/queries.jsonl"
if [ -n "$BENCH_LIMIT" ]; then head -n "$BENCH_LIMIT" "$queries" > "$BENCH_OUT/queries.jsonl"; queries="$BENCH_OUT/queries.jsonl"; fi
mkdir -p "$BENCH_OUT/answers"
summary="$BENCH_OUT/summary.txt"
: > "$summary"
for run in "ppr push" "ppr exact" "hop hop"; do
    set -- $run
    extra=(); [ "$2" = exact ] && extra=(--exact)
    "$BENCH_BINARY" bench --queries "$queries" --task "$1" "${extra[@]}" --answers "$BENCH_OUT/answers/insightgraph-$2.jsonl" \
        --format json --quiet | tee -a "$summary"
done
if [ "$BENCH_PEERS" != none ]; then
    "$BENCH_PYTHON" "$BENCH_DIR/peers.py" --queries "$queries" --peer "$BENCH_PEERS" --task ppr,hop \
        --answers-dir "$BENCH_OUT/answers" | tee "$BENCH_OUT/peers.tsv" | tee -a "$summary"
    reference_ppr="$BENCH_OUT/answers/networkx-ppr.jsonl"; [ -f "$reference_ppr" ] || reference_ppr="$(ls "$BENCH_OUT"/answers/*-ppr.jsonl | grep -v insightgraph | head -1)"
    reference_hop="$BENCH_OUT/answers/networkx-hop.jsonl"; [ -f "$reference_hop" ] || reference_hop="$(ls "$BENCH_OUT"/answers/*-hop.jsonl | grep -v insightgraph | head -1)"
    for mine in push exact; do
        echo "R-PPR $mine vs $(basename "$reference_ppr"): $(python3 "$BENCH_DIR/compare_answers.py" "$reference_ppr" "$BENCH_OUT/answers/insightgraph-$mine.jsonl" | head -1)" | tee -a "$summary"
    done
    echo "R-HOP vs $(basename "$reference_hop"): $(python3 "$BENCH_DIR/compare_answers.py" "$reference_hop" "$BENCH_OUT/answers/insightgraph-hop.jsonl" | head -1)" | tee -a "$summary"
fi
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)" | tee -a "$summary"
'
