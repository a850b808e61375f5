# Scripts/bench.sh report [small|medium|large] [PEERS]
#     Starts a throwaway PostgreSQL, generates the dataset with ../shared/bench/gen_insight_graph.py
#     and runs everything on it.
# Scripts/bench.sh report --database [PEERS]
#     Uses the database the PG* variables (or DATABASE_URL) name as it is, with QUERIES=FILE
#     (queries.jsonl in the bench format: one {"character", "message"} per line).
#
# One benchmark report: LOAD, R-PPR, R-HOP, EXPORT, an IGQ query and the service load test of
# InsightGraph, and ../shared/bench/peers.py on the same database in the same run, printed as one
# table of ratios (Markdown on stdout; every figure also in OUT/report.json).
#   PEERS   comma list for peers.py (default by size: small/medium all five; large igraph,rustworkx,
#           postgres — NetworkX needs more than 24 GB there); "none" skips them.
#   Environment: OUT (default /tmp/ig-report-SIZE), QUERY_LIMIT (only the first N queries; default all),
#   SERVICE_SECONDS (default 30, 0 skips the service test; wrk runs twice: as shipped and with the
#   answer cache off), CONNECTIONS (default 32), PEERS_PYTHON (default /tmp/peers-venv/bin/python).
# Needs python3, /usr/bin/time, wrk (installed with apt when missing) and, for the peers, the venv of
# ../shared/bench/README.md. Each phase runs alone, one after the other, so the figures do not compete.
mode="${1:-medium}"
case "$mode" in
    small|medium) bench_size "$mode"; default_peers=networkx,igraph,rustworkx,kuzu,postgres ;;
    large) bench_size "$mode"; default_peers=igraph,rustworkx,postgres ;;
    --database) BENCH_FLAGS=(); default_peers=igraph,rustworkx,postgres ;;
    *) bench_usage "[small|medium|large|--database] [PEERS]" ;;
esac
size="${mode#--}"
peers="${2:-$default_peers}"
out="${OUT:-/tmp/ig-report-$size}"
service_seconds="${SERVICE_SECONDS:-30}"
BENCH="$(ig_bench_dir)"
ig_need_apt time wrk
ig_build release
bin="$IG_BIN"
[ "$mode" = --database ] || ig_pg_start

mkdir -p "$out/answers" "$out/export"
rm -f "$out"/*.json "$out/peers.tsv" "$out"/answers/*.jsonl  # figures of an earlier run
phase() { echo "== $* ($(date -u +%H:%M:%S), load average $(load_average))" >&2; }

if [ "${#BENCH_FLAGS[@]}" -gt 0 ]; then
    phase "generating and loading the $size dataset"
    bench_generate "$out/data" >/dev/null 2>&1
    queries="$out/data/queries.jsonl"
else
    queries="${QUERIES:?--database needs QUERIES=queries.jsonl (the bench format)}"
fi
if [ -n "${QUERY_LIMIT:-}" ]; then head -n "$QUERY_LIMIT" "$queries" > "$out/queries.jsonl"; else cp "$queries" "$out/queries.jsonl"; fi
queries="$out/queries.jsonl"

# LOAD: psql copying the same columns (the floor any client pays) and `insightgraph stats`.
copies=(
  "SELECT id, name, normalized_name FROM characters"
  "SELECT id, character_id, insight_type, insight_content, confidence_score, discovery_date, conversation_context, importance_level, emotional_valence, triggers, supporting_evidence FROM character_insights"
  "SELECT id, from_insight_id, to_insight_id, relationship_type, strength, created_date FROM character_insight_relationships"
  "SELECT id, character_id, learning_event, learning_type, before_state, after_state, trigger_conversation, learning_date, significance_score FROM character_learning_timeline"
)
psql_args=(-X -q); text_bytes=0
for q in "${copies[@]}"; do
    psql_args+=(-c "\\copy ($q) TO /dev/null")
    text_bytes=$((text_bytes + $(psql -X -q -c "\\copy ($q) TO STDOUT" | wc -c)))
done
phase "LOAD: psql \\copy (warm-up, then timed)"
psql "${psql_args[@]}" >/dev/null
/usr/bin/time -f '{"wall_s": %e, "peak_rss_kb": %M}' -o "$out/load-psql.json" psql "${psql_args[@]}" >/dev/null
phase "LOAD: insightgraph stats"
/usr/bin/time -f '{"wall_s": %e, "peak_rss_kb": %M}' -o "$out/load-insightgraph.json" \
    "$bin" stats --format json --quiet > "$out/stats.json"
echo "{\"text_bytes\": $text_bytes}" > "$out/text.json"

phase "R-PPR (local push), R-PPR (--exact), R-HOP: insightgraph bench"
for run in "ppr push" "ppr exact" "hop hop"; do
    set -- $run
    extra=(); [ "$2" = exact ] && extra=(--exact)
    "$bin" bench --queries "$queries" --task "$1" "${extra[@]}" --answers "$out/answers/insightgraph-$2.jsonl" \
        --format json --quiet > "$out/bench-$2.json"
done

phase "EXPORT: insightgraph export (whole process: connect, load, build, write)"
/usr/bin/time -f '{"wall_s": %e, "peak_rss_kb": %M}' -o "$out/export-insightgraph.json" \
    "$bin" export --quiet -o "$out/export/insightgraph.graphml" >/dev/null
echo "{\"bytes\": $(stat -c %s "$out/export/insightgraph.graphml")}" > "$out/export-size.json"
rm -f "$out/export/insightgraph.graphml"

if [ "$service_seconds" != 0 ]; then
    phase "SERVICE: insightgraph serve, an IGQ query over HTTP, wrk ${service_seconds}s"
    python3 "$IG_ROOT/Scripts/bench/report.py" service --binary "$bin" --queries "$queries" \
        --seconds "$service_seconds" --connections "${CONNECTIONS:-32}" \
        --lua "$IG_ROOT/Scripts/bench/service.lua" --out "$out/service.json"
fi

if [ "$peers" != none ]; then
    if [ -x "$BENCH_PYTHON" ] && "$BENCH_PYTHON" -c 'import networkx, igraph' 2>/dev/null; then
        phase "peers.py --peer $peers --task load,ppr,hop,export"
        "$BENCH_PYTHON" "$BENCH/peers.py" --queries "$queries" --peer "$peers" --task load,ppr,hop,export \
            --answers-dir "$out/answers" --export-dir "$out/export" > "$out/peers.tsv" || \
            echo "peers.py: some peers failed (see above); the table shows the others" >&2
        rm -f "$out"/export/*.graphml
    else
        echo "peers: $BENCH_PYTHON with networkx and igraph not found — see ../shared/bench/README.md; table without peers" >&2
    fi
fi

phase "report"
python3 "$IG_ROOT/Scripts/bench/report.py" table --dir "$out" --bench "$BENCH" --size "$size" | tee "$out/report.md"
