# Scripts/bench.sh load [small|medium|large] [ROUNDS]     (default: medium, 2 rounds; best of rounds)
#
# LOAD benchmark: `insightgraph stats` (load + build the whole graph) next to psql copying the same
# columns to /dev/null, in the same run, on ../shared/bench data; plus peak resident memory and the
# tables' size as text.
size="${1:-medium}"
rounds="${2:-2}"
bench_size "$size" || bench_usage "[small|medium|large] [ROUNDS]"
BENCH="$(ig_bench_dir)"
ig_need_apt time
ig_build release
ig_pg_start
ig_temp_dir work

start=$(date +%s.%N)
bench_generate "$work/data" --queries 10 2>&1 | tail -1
echo "generated and loaded in $(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN{printf "%.1f", a-b}') s"

copies=(
  "\\copy (SELECT id, name, normalized_name FROM characters) TO /dev/null"
  "\\copy (SELECT id, character_id, insight_type, insight_content, confidence_score, discovery_date, conversation_context, importance_level, emotional_valence, triggers, supporting_evidence FROM character_insights) TO /dev/null"
  "\\copy (SELECT id, from_insight_id, to_insight_id, relationship_type, strength, created_date FROM character_insight_relationships) TO /dev/null"
  "\\copy (SELECT id, character_id, learning_event, learning_type, before_state, after_state, trigger_conversation, learning_date, significance_score FROM character_learning_timeline) TO /dev/null"
)
psql_args=(-X -q)
for c in "${copies[@]}"; do psql_args+=(-c "$c"); done

text_bytes=0
for c in "${copies[@]}"; do
  q="${c#\\copy }"; q="${q% TO /dev/null}"
  n=$(psql -X -q -c "\\copy $q TO STDOUT" | wc -c)
  text_bytes=$((text_bytes + n))
done

measure() {  # measure NAME CMD... -> "seconds peak_kb cpu_seconds" (cpu: user+sys of the client only)
  local log="$work/time.$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$log" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$log"
}

psql "${psql_args[@]}" >/dev/null  # warm the cache
best_psql=999999; best_ig=999999; best_psql_rss=0; best_ig_rss=0
for round in $(seq "$rounds"); do
  read -r t rss cpu < <(measure psql psql "${psql_args[@]}")
  echo "round $round: psql \\copy to /dev/null   ${t} s wall, client CPU ${cpu} s, peak RSS ${rss} kB"
  if awk -v a="$t" -v b="$best_psql" 'BEGIN{exit !(a<b)}'; then best_psql=$t; best_psql_rss=$rss; fi
  read -r t rss cpu < <(measure ig "$IG_BIN" stats --format json --quiet)
  echo "round $round: insightgraph stats     ${t} s wall, client CPU ${cpu} s, peak RSS ${rss} kB"
  if awk -v a="$t" -v b="$best_ig" 'BEGIN{exit !(a<b)}'; then best_ig=$t; best_ig_rss=$rss; fi
done
cp "$work/out" "$work/stats.json"
"$IG_BIN" stats --quiet | grep "loaded in" || true

# The JSON agrees with SQL counts.
python3 - "$work/stats.json" <<'PY'
import json, subprocess, sys
d = json.load(open(sys.argv[1]))
def q(sql): return int(subprocess.check_output(["psql", "-XAtc", sql]).strip())
t = d["totals"]
sql = {"characters": q("select count(*) from characters"), "insights": q("select count(*) from character_insights"),
       "relationships": q("select count(*) from character_insight_relationships")}
ok = all(t[k] == v for k, v in sql.items())
print("totals", {k: t[k] for k in sql}, "SQL", sql, "agree" if ok else "DISAGREE")
sys.exit(0 if ok else 1)
PY
ratio=$(awk -v a="$best_ig" -v b="$best_psql" 'BEGIN{printf "%.2f", a/b}')
mem_ratio=$(awk -v a="$best_ig_rss" -v b="$text_bytes" 'BEGIN{printf "%.2f", a*1024/b}')
echo
echo "size=$size  best of $rounds rounds  ($(nproc) cores, load average: $(load_average))"
echo "psql copy (same columns) : ${best_psql} s"
echo "insightgraph load+build  : ${best_ig} s   (${ratio}x psql; target <= 1.5x)"
echo "peak RSS insightgraph    : $((best_ig_rss / 1024)) MiB   tables as text: $((text_bytes / 1048576)) MiB   (${mem_ratio}x; target <= 2x)"
