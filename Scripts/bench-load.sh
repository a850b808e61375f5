#!/usr/bin/env bash
# LOAD benchmark: `insightgraph stats` (load + build the whole graph) next to psql copying the same
# columns to /dev/null, in the same run, on ../shared/bench data; plus peak resident memory and the
# tables' size as text.
#
#   Scripts/bench-load.sh [small|medium|large] [ROUNDS]     (default: medium, 2 rounds; best of rounds)
#
# Starts its own throwaway PostgreSQL (with-postgres.sh); needs python3 and /usr/bin/time (package `time`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
size="${1:-medium}"
rounds="${2:-2}"
case "$size" in
    small)  flags=(--characters 12 --insights 5000 --degree 4) ;;
    medium) flags=(--characters 50 --insights 200000 --degree 4) ;;
    large)  flags=(--characters 200 --insights 1000000 --degree 5) ;;
    *) echo "usage: $0 [small|medium|large] [ROUNDS]" >&2; exit 64 ;;
esac
generator="${INSIGHTGRAPH_BENCH_DIR:-$root/../shared/bench}/gen_insight_graph.py"
[ -f "$generator" ] || generator=/work/shared/bench/gen_insight_graph.py
[ -x /usr/bin/time ] || { echo "bench-load.sh: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }

(cd "$root" && swift build -c release --product insightgraph >/dev/null)
binary="$root/.build/release/insightgraph"

export BENCH_SIZE="$size" BENCH_ROUNDS="$rounds" BENCH_GENERATOR="$generator" BENCH_BINARY="$binary"
export BENCH_FLAGS="${flags[*]}"
exec "$here/with-postgres.sh" bash -c '
set -euo pipefail
work="$(mktemp -d)"
trap "rm -rf \"$work\"" EXIT
start=$(date +%s.%N)
python3 "$BENCH_GENERATOR" $BENCH_FLAGS --queries 10 --out "$work/data" --load 2>&1 | tail -1
echo "generated and loaded in $(awk -v a="$(date +%s.%N)" -v b="$start" "BEGIN{printf \"%.1f\", a-b}") s"

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
  awk "{printf \"%s %s %.2f\\n\", \$1, \$2, \$3 + \$4}" "$log"
}

psql "${psql_args[@]}" >/dev/null  # warm the cache
best_psql=999999; best_ig=999999; best_psql_rss=0; best_ig_rss=0
for round in $(seq "$BENCH_ROUNDS"); do
  read -r t rss cpu < <(measure psql psql "${psql_args[@]}")
  echo "round $round: psql \\copy to /dev/null   ${t} s wall, client CPU ${cpu} s, peak RSS ${rss} kB"
  if awk -v a="$t" -v b="$best_psql" "BEGIN{exit !(a<b)}"; then best_psql=$t; best_psql_rss=$rss; fi
  read -r t rss cpu < <(measure ig "$BENCH_BINARY" stats --format json --quiet)
  echo "round $round: insightgraph stats     ${t} s wall, client CPU ${cpu} s, peak RSS ${rss} kB"
  if awk -v a="$t" -v b="$best_ig" "BEGIN{exit !(a<b)}"; then best_ig=$t; best_ig_rss=$rss; fi
done
cp "$work/out" "$work/stats.json"
"$BENCH_BINARY" stats --quiet | grep "loaded in" || true

# The JSON agrees with SQL counts.
python3 - "$work/stats.json" <<PY
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
ratio=$(awk -v a="$best_ig" -v b="$best_psql" "BEGIN{printf \"%.2f\", a/b}")
mem_ratio=$(awk -v a="$best_ig_rss" -v b="$text_bytes" "BEGIN{printf \"%.2f\", a*1024/b}")
echo
echo "size=$BENCH_SIZE  best of $BENCH_ROUNDS rounds  ($(nproc) cores, load average: $(cut -d" " -f1-3 /proc/loadavg))"
echo "psql copy (same columns) : ${best_psql} s"
echo "insightgraph load+build  : ${best_ig} s   (${ratio}x psql; target <= 1.5x)"
echo "peak RSS insightgraph    : $((best_ig_rss / 1024)) MiB   tables as text: $((text_bytes / 1048576)) MiB   (${mem_ratio}x; target <= 2x)"
'
