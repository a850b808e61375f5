#!/usr/bin/env bash
# Prints the reference benchmark's folder (../shared/bench: gen_insight_graph.py, peers.py), or says
# how to point at it and fails. Looks at $SHARED_BENCH, $INSIGHTGRAPH_BENCH_DIR, then ../shared/bench
# beside the checkout (CI's layout), one level further up, and /work/shared/bench.
#
#   BENCH="$(Scripts/shared-bench-dir.sh)" || exit 1
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for candidate in "${SHARED_BENCH:-}" "${INSIGHTGRAPH_BENCH_DIR:-}" "$root/../shared/bench" "$root/../../shared/bench" \
    /work/shared/bench; do
    if [ -n "$candidate" ] && [ -f "$candidate/gen_insight_graph.py" ]; then
        (cd "$candidate" && pwd)
        exit 0
    fi
done
echo "../shared/bench not found beside the checkout (set SHARED_BENCH to its folder)" >&2
exit 1
