#!/usr/bin/env bash
# Runs every Queries/*.igq through the release CLI against the demo data in a real PostgreSQL and compares
# the output with Queries/expected/NAME.out (EXPLAIN's micros column is ignored); also checks that
# a broken query exits with 4 and says where.
#
#   Scripts/with-postgres.sh Scripts/igq-examples.sh
#
# Starts its own throwaway PostgreSQL when the PG* environment (with-postgres.sh sets it) is missing.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$IG_ROOT"

# The release binary, the one Scripts/demo.sh builds and users run.
ig_build release
BIN="$IG_BIN"
ig_pg_ensure

DB="igq_examples_$$"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB" >/dev/null
ig_at_exit "psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS $DB' >/dev/null 2>&1"
export PGDATABASE="$DB"
ig_load_demo "$BIN"

failures=0
mask_explain() { awk 'NR > 2 && !/^\(/ { sub(/[0-9]+ *$/, "*") } { print }'; }
for query in Queries/*.igq; do
    name="$(basename "$query" .igq)"
    expected="Queries/expected/$name.out"
    # The instant the goldens were made at (ExampleQueriesTests.now): recency and the default
    # ranking's tie-break read it, so the output does not depend on the day the check runs.
    actual="$("$BIN" query "$query" --format table --quiet --now 2025-12-01 2>&1)" || { echo "FAIL $name: exit $?"; echo "$actual"; failures=$((failures + 1)); continue; }
    if grep -q '^EXPLAIN' "$query"; then
        actual="$(printf '%s\n' "$actual" | mask_explain)"
        want="$(mask_explain < "$expected")"
    else
        want="$(cat "$expected")"
    fi
    if [ "$actual" == "$want" ]; then
        echo "ok   $name"
    else
        echo "FAIL $name"; diff <(printf '%s\n' "$want") <(printf '%s\n' "$actual") | head -20
        failures=$((failures + 1))
    fi
done

set +e
message="$("$BIN" query -e "FROM CHARACTER 'elenna'" --quiet 2>&1 >/dev/null)"
code=$?
set -e
if [ "$code" -eq 4 ] && [[ "$message" == "<query>:1:16: name error: unknown character 'elenna'; did you mean 'elena'?"* ]]; then
    echo "ok   error exit code 4 with location"
else
    echo "FAIL error case: exit $code: $message"; failures=$((failures + 1))
fi

for format in json jsonl; do
    "$BIN" query Queries/10-contradictions.igq --format "$format" --quiet | python3 -c 'import json, sys
for line in sys.stdin.read().splitlines():
    json.loads(line)' && echo "ok   --format $format parses as JSON" || { echo "FAIL --format $format"; failures=$((failures + 1)); }
done

# The result subgraph as GraphML: the strongest path 103 -> 130 has 5 insights and 4 relationships.
graphml="$(mktemp --suffix=.graphml)"
"$BIN" query Queries/04-strongest-path.igq --graphml "$graphml" --quiet >/dev/null 2>&1
if python3 - "$graphml" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(sys.argv[1]).getroot()
nodes, edges = root.findall(".//g:node", ns), root.findall(".//g:edge", ns)
sys.exit(0 if (len(nodes), len(edges)) == (5, 4) else f"nodes {len(nodes)}, edges {len(edges)}")
PY
then echo "ok   --graphml writes the path's 5 insights and 4 relationships"; else echo "FAIL --graphml"; failures=$((failures + 1)); fi
rm -f "$graphml"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
