# Scripts/bench.sh export [small|medium|large] [PEERS]     (default: medium, igraph,networkx)
#
# EXPORT benchmark (../shared/bench/README.md): `insightgraph export` of the whole graph next to
# peers.py's igraph and NetworkX GraphML writers, in the same run, on one throwaway database.
# Our time is the whole process (connect, load, build, export), the peers' EXPORT column is their
# writer alone on a graph already loaded (their LOAD is reported beside it).
size="${1:-medium}"
peers="${2:-igraph,networkx}"
bench_size "$size" || bench_usage "[small|medium|large] [PEERS]"
BENCH="$(ig_bench_dir)"
ig_need_apt time
ig_build release
ig_pg_start
ig_temp_dir work

bench_generate "$work/data" --queries 10 >/dev/null 2>&1
/usr/bin/time -f "%e %M" -o "$work/time" "$IG_BIN" export --quiet -o "$work/ig.graphml" >/dev/null
read -r wall rss < "$work/time"
"$IG_BIN" export --source "$work/ig.graphml" --quiet -o "$work/again.graphml" >/dev/null
cmp -s "$work/ig.graphml" "$work/again.graphml" && same=yes || same=NO
echo "insightgraph export (load + build + export): ${wall} s, $(stat -c %s "$work/ig.graphml") bytes, peak RSS $((rss / 1024)) MiB, re-export identical: $same"
"$BENCH_PYTHON" "$BENCH/peers.py" --queries "$work/data/queries.jsonl" --peer "$peers" --task load,export \
    --export-dir "$work"
echo "load average: $(load_average)"
