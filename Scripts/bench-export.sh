#!/usr/bin/env bash
# EXPORT benchmark (../shared/bench/README.md): `insightgraph export` of the whole graph next to
# peers.py's igraph and NetworkX GraphML writers, in the same run, on one throwaway database.
#
#   Scripts/bench-export.sh [small|medium|large] [PEERS]     (default: medium, igraph,networkx)
#   PEERS_PYTHON=/path/to/venv/bin/python  (default /tmp/peers-venv/bin/python; see the bench README)
#
# Our time is the whole process (connect, load, build, export), the peers' EXPORT column is their
# writer alone on a graph already loaded (their LOAD is reported beside it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
size="${1:-medium}"
peers="${2:-igraph,networkx}"
case "$size" in
    small)  flags=(--characters 12 --insights 5000 --degree 4) ;;
    medium) flags=(--characters 50 --insights 200000 --degree 4) ;;
    large)  flags=(--characters 200 --insights 1000000 --degree 5) ;;
    *) echo "usage: $0 [small|medium|large] [PEERS]" >&2; exit 64 ;;
esac
bench="${INSIGHTGRAPH_BENCH_DIR:-$root/../shared/bench}"
[ -f "$bench/peers.py" ] || bench=/work/shared/bench
(cd "$root" && swift build -c release --product insightgraph >/dev/null)
export BENCH_FLAGS="${flags[*]}" BENCH_DIR="$bench" BENCH_PEERS="$peers"
export BENCH_PYTHON="${PEERS_PYTHON:-/tmp/peers-venv/bin/python}" BENCH_BINARY="$root/.build/release/insightgraph"
exec "$here/with-postgres.sh" bash -c '
set -euo pipefail
work="$(mktemp -d)"; trap "rm -rf \"$work\"" EXIT
python3 "$BENCH_DIR/gen_insight_graph.py" $BENCH_FLAGS --queries 10 --out "$work/data" --load >/dev/null 2>&1
/usr/bin/time -f "%e %M" -o "$work/time" "$BENCH_BINARY" export --quiet -o "$work/ig.graphml" >/dev/null
read -r wall rss < "$work/time"
"$BENCH_BINARY" export --source "$work/ig.graphml" --quiet -o "$work/again.graphml" >/dev/null
cmp -s "$work/ig.graphml" "$work/again.graphml" && same=yes || same=NO
echo "insightgraph export (load + build + export): ${wall} s, $(stat -c %s "$work/ig.graphml") bytes, peak RSS $((rss / 1024)) MiB, re-export identical: $same"
"$BENCH_PYTHON" "$BENCH_DIR/peers.py" --queries "$work/data/queries.jsonl" --peer "$BENCH_PEERS" --task load,export \
    --export-dir "$work"
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
'
