#!/usr/bin/env bash
# The body of Scripts/bench-report.sh (read that first): runs every phase against the database the PG*
# variables name, writes OUT/*.json and OUT/peers.tsv, then prints the table (bench_report.py).
set -euo pipefail
out="$REPORT_OUT"
mkdir -p "$out/answers" "$out/export"
rm -f "$out"/*.json "$out/peers.tsv" "$out"/answers/*.jsonl  # figures of an earlier run
bin="$REPORT_BINARY"
phase() { echo "== $* ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2; }

if [ -n "$REPORT_FLAGS" ]; then
    phase "generating and loading the $REPORT_SIZE dataset"
    python3 "$REPORT_BENCH/gen_insight_graph.py" $REPORT_FLAGS --out "$out/data" --load >/dev/null 2>&1
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

if [ "$REPORT_SERVICE_SECONDS" != 0 ]; then
    phase "SERVICE: insightgraph serve, an IGQ query over HTTP, wrk ${REPORT_SERVICE_SECONDS}s"
    python3 "$REPORT_ROOT/Scripts/bench_report.py" service --binary "$bin" --queries "$queries" \
        --seconds "$REPORT_SERVICE_SECONDS" --connections "$REPORT_CONNECTIONS" \
        --lua "$REPORT_ROOT/Scripts/bench-service.lua" --out "$out/service.json"
fi

if [ "$REPORT_PEERS" != none ]; then
    if [ -x "$REPORT_PYTHON" ] && "$REPORT_PYTHON" -c 'import networkx, igraph' 2>/dev/null; then
        phase "peers.py --peer $REPORT_PEERS --task load,ppr,hop,export"
        "$REPORT_PYTHON" "$REPORT_BENCH/peers.py" --queries "$queries" --peer "$REPORT_PEERS" --task load,ppr,hop,export \
            --answers-dir "$out/answers" --export-dir "$out/export" > "$out/peers.tsv" || \
            echo "peers.py: some peers failed (see above); the table shows the others" >&2
        rm -f "$out"/export/*.graphml
    else
        echo "peers: $REPORT_PYTHON with networkx and igraph not found — see ../shared/bench/README.md; table without peers" >&2
    fi
fi

phase "report"
python3 "$REPORT_ROOT/Scripts/bench_report.py" table --dir "$out" --bench "$REPORT_BENCH" --size "$REPORT_SIZE" | tee "$out/report.md"
