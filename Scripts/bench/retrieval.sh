# Scripts/bench.sh retrieval [small|medium|large] [PEERS] [LIMIT]     (default: small, all five peers)
#   PEERS  comma list for peers.py --peer (default networkx,igraph,rustworkx,kuzu,postgres; "none" skips)
#   LIMIT  only the first LIMIT queries (default: all)
#
# R-PPR / R-HOP benchmark (../shared/bench/README.md): `insightgraph bench` next to peers.py, in the
# same run, on the same throwaway database; then the answers compared with compare_answers.py.
# Writes everything to $OUT (default /tmp/ig-bench-retrieval-SIZE): answers, tables, summary.txt.
size="${1:-small}"
peers="${2:-networkx,igraph,rustworkx,kuzu,postgres}"
limit="${3:-}"
bench_size "$size" || bench_usage "[small|medium|large] [PEERS] [LIMIT]"
BENCH="$(ig_bench_dir)"
out="${OUT:-/tmp/ig-bench-retrieval-$size}"
mkdir -p "$out"
ig_build release
ig_pg_start

bench_generate "$out/data" >/dev/null
queries="$out/data/queries.jsonl"
if [ -n "$limit" ]; then head -n "$limit" "$queries" > "$out/queries.jsonl"; queries="$out/queries.jsonl"; fi
mkdir -p "$out/answers"
summary="$out/summary.txt"
: > "$summary"
for run in "ppr push" "ppr exact" "hop hop"; do
    set -- $run
    extra=(); [ "$2" = exact ] && extra=(--exact)
    "$IG_BIN" bench --queries "$queries" --task "$1" "${extra[@]}" --answers "$out/answers/insightgraph-$2.jsonl" \
        --format json --quiet | tee -a "$summary"
done
if [ "$peers" != none ]; then
    "$BENCH_PYTHON" "$BENCH/peers.py" --queries "$queries" --peer "$peers" --task ppr,hop \
        --answers-dir "$out/answers" | tee "$out/peers.tsv" | tee -a "$summary"
    reference_ppr="$out/answers/networkx-ppr.jsonl"; [ -f "$reference_ppr" ] || reference_ppr="$(ls "$out"/answers/*-ppr.jsonl | grep -v insightgraph | head -1)"
    reference_hop="$out/answers/networkx-hop.jsonl"; [ -f "$reference_hop" ] || reference_hop="$(ls "$out"/answers/*-hop.jsonl | grep -v insightgraph | head -1)"
    for mine in push exact; do
        echo "R-PPR $mine vs $(basename "$reference_ppr"): $(python3 "$BENCH/compare_answers.py" "$reference_ppr" "$out/answers/insightgraph-$mine.jsonl" | head -1)" | tee -a "$summary"
    done
    echo "R-HOP vs $(basename "$reference_hop"): $(python3 "$BENCH/compare_answers.py" "$reference_hop" "$out/answers/insightgraph-hop.jsonl" | head -1)" | tee -a "$summary"
fi
echo "load average: $(load_average)" | tee -a "$summary"
