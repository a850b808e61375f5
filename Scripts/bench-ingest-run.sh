#!/usr/bin/env bash
# The body of bench-ingest.sh, run inside with-postgres.sh (PG* set). Arguments: BINARY INSIGHTS RELATIONSHIPS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
binary="$1" insights="$2" relationships="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$here/gen-ingest-jsonl.py" --insights "$insights" --relationships "$relationships" --out "$work/ingest.jsonl"
lines=$(wc -l < "$work/ingest.jsonl")
echo "input: $lines lines, $(du -m "$work/ingest.jsonl" | cut -f1) MB"
createdb bench_ingest
export PGDATABASE=bench_ingest
"$binary" schema apply >/dev/null   # seed tables + recommended indexes (GIN on triggers included)

# Server CPU: backends are children of the postmaster, whose cutime+cstime grows when one exits.
postmaster="$(head -1 "$(dirname "$PGHOST")/data/postmaster.pid")"
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($16 + $17) / hz }' "/proc/$postmaster/stat"; }
cpu_before="$(server_cpu)"
/usr/bin/time -v -o "$work/time" "$binary" ingest "$work/ingest.jsonl" --create-characters --quiet --format json >"$work/first.json"
sleep 1   # let the postmaster reap the backend
python3 "$here/bench-ingest-report.py" "$work/first.json" "$work/time" "$lines" "$(awk -v a="$(server_cpu)" -v b="$cpu_before" 'BEGIN { print a - b }')"
echo "machine load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
psql -Xqtc "SELECT format('%s insights, %s relationships in the database',
    (SELECT count(*) FROM character_insights), (SELECT count(*) FROM character_insight_relationships))"

state() { psql -Xqtc "SELECT md5(string_agg(i::text, ',' ORDER BY id)) FROM character_insights i"; }
before="$(state)"
/usr/bin/time -v -o "$work/time2" "$binary" ingest "$work/ingest.jsonl" --quiet --format json >"$work/second.json"
python3 - "$work/second.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"second ingest of the same file: {s['elapsed_seconds']} s, insights {s['insights']['inserted']} inserted / "
      f"{s['insights']['merged']} merged / {s['insights']['unchanged']:,} unchanged, relationships "
      f"{s['relationships']['inserted']} inserted / {s['relationships']['unchanged']:,} unchanged")
PY
if [ "$before" = "$(state)" ]; then echo "insights identical after the second ingest"; else echo "INSIGHTS CHANGED after the second ingest"; exit 1; fi
