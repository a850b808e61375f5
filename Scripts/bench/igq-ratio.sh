#!/usr/bin/env bash
# IGQ against retrieve over HTTP, routes in turn: against one running
# `insightgraph serve --answer-cache-mib 0 --port PORT`,
#
#   Scripts/bench/igq-ratio.sh PORT QUERIES.jsonl IGQ.jsonl [ROUNDS] [SECONDS] [CONNECTIONS]
#
# QUERIES.jsonl: /v1/retrieve bodies (the dataset's queries.jsonl); IGQ.jsonl: /v1/query bodies with
# the prompt-style query for the same messages (Scripts/bench/service.sh writes both). After a warm-up
# of each route (the service makes a character's kept walk rows on first use), ROUNDS (8) rounds of
# `wrk -t1 -cCONNECTIONS -dSECONDSs` (4 s, 1 connection), /v1/retrieve then /v1/query: short rounds in
# turn, so that this machine's drift (a quarter of a p50 from one minute to the next) hits both
# routes of a round alike. Prints each round's p50/p99 and p50 ratio, then the medians over rounds.
set -euo pipefail
if [ "$#" -lt 3 ]; then sed -n 2,12p "$0" >&2; exit 64; fi
PORT=$1; QUERIES=$2; IGQ=$3; ROUNDS=${4:-8}; SECONDS_PER_ROUND=${5:-4}; CONNECTIONS=${6:-1}
LUA="$(dirname "${BASH_SOURCE[0]}")/service.lua"
URL=http://127.0.0.1:$PORT
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 69; }
ROUTE=/v1/query wrk -t1 -c1 -d8s -s "$LUA" "$URL/v1/query" -- "$IGQ" >/dev/null
ROUTE=/v1/retrieve wrk -t1 -c1 -d3s -s "$LUA" "$URL/v1/retrieve" -- "$QUERIES" >/dev/null
p50_p99() { grep 'latency p50' | awk '{print $3, $6}' | tr -d ','; }
for _ in $(seq 1 "$ROUNDS"); do
    retrieve=$(ROUTE=/v1/retrieve wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" -s "$LUA" "$URL/v1/retrieve" -- "$QUERIES" | p50_p99)
    query=$(ROUTE=/v1/query wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" -s "$LUA" "$URL/v1/query" -- "$IGQ" | p50_p99)
    echo "$retrieve $query"
done | python3 -c '
import statistics, sys
rounds = [[float(x) for x in line.split()] for line in sys.stdin if line.strip()]
for r in rounds:
    print("/v1/retrieve p50 %.3f ms p99 %.3f ms | /v1/query p50 %.3f ms p99 %.3f ms | p50 ratio %.2f" % (r[0], r[1], r[2], r[3], r[2] / r[0]))
median = lambda i: statistics.median(r[i] for r in rounds)
print("medians over %d rounds: /v1/retrieve p50 %.3f p99 %.3f ms, /v1/query p50 %.3f p99 %.3f ms (largest p99 %.3f), p50 ratio %.2f"
      % (len(rounds), median(0), median(1), median(2), median(3), max(r[3] for r in rounds),
         statistics.median(r[2] / r[0] for r in rounds)))
'
