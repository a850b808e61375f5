#!/usr/bin/env bash
# One benchmark report: LOAD, R-PPR, R-HOP, EXPORT, an IGQ query and the service load test
# of InsightGraph, and ../shared/bench/peers.py on the same database in the same run, printed as one
# table of ratios (Markdown on stdout; every figure also in OUT/report.json).
#
#   Scripts/bench-report.sh [small|medium|large] [PEERS]
#       Starts a throwaway PostgreSQL, generates the dataset with ../shared/bench/gen_insight_graph.py
#       and runs everything on it.
#   Scripts/bench-report.sh --database [PEERS]
#       Uses the database the PG* variables (or DATABASE_URL) name as it is, with QUERIES=FILE
#       (queries.jsonl in the bench format: one {"character", "message"} per line).
#
#   PEERS   comma list for peers.py (default by size: small/medium all five; large igraph,rustworkx,
#           postgres — NetworkX needs more than 24 GB there); "none" skips them.
#   Environment: OUT (default /tmp/ig-report-SIZE), QUERY_LIMIT (only the first N queries; default all),
#   SERVICE_SECONDS (default 30, 0 skips the service test; wrk runs twice: as shipped and with the
#   answer cache off), CONNECTIONS (default 32),
#   PEERS_PYTHON (default /tmp/peers-venv/bin/python).
#
# Needs python3, /usr/bin/time, wrk (installed with apt when missing) and, for the peers, the venv of
# ../shared/bench/README.md. Each phase runs alone, one after the other, so the figures do not compete.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
mode="${1:-medium}"
case "$mode" in
    small)  flags="--characters 12 --insights 5000 --degree 4";     default_peers=networkx,igraph,rustworkx,kuzu,postgres ;;
    medium) flags="--characters 50 --insights 200000 --degree 4";   default_peers=networkx,igraph,rustworkx,kuzu,postgres ;;
    large)  flags="--characters 200 --insights 1000000 --degree 5"; default_peers=igraph,rustworkx,postgres ;;
    --database) flags=""; default_peers=igraph,rustworkx,postgres ;;
    *) echo "usage: $0 [small|medium|large|--database] [PEERS]" >&2; exit 64 ;;
esac
bench="${INSIGHTGRAPH_BENCH_DIR:-$root/../shared/bench}"
[ -f "$bench/peers.py" ] || bench=/work/shared/bench
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

echo "== building (release)" >&2
(cd "$root" && swift build -c release --product insightgraph >/dev/null)

export REPORT_SIZE="${mode#--}" REPORT_FLAGS="$flags" REPORT_PEERS="${2:-$default_peers}"
export REPORT_BENCH="$bench" REPORT_ROOT="$root"
export REPORT_BINARY="$root/.build/release/insightgraph"
export REPORT_OUT="${OUT:-/tmp/ig-report-${mode#--}}"
export REPORT_PYTHON="${PEERS_PYTHON:-/tmp/peers-venv/bin/python}"
export QUERY_LIMIT="${QUERY_LIMIT:-}" REPORT_SERVICE_SECONDS="${SERVICE_SECONDS:-30}" REPORT_CONNECTIONS="${CONNECTIONS:-32}"
if [ "$mode" = --database ]; then
    exec "$here/bench-report-run.sh"
fi
exec "$here/with-postgres.sh" "$here/bench-report-run.sh"
