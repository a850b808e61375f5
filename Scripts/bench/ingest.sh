# Scripts/bench.sh ingest [INSIGHTS] [RELATIONSHIPS]      (default: 1000000, as many relationships)
#
# INGEST benchmark: generates INSIGHTS insights + RELATIONSHIPS relationships (by content) as JSON
# Lines (Scripts/gen-ingest-jsonl.py), creates the seed schema with the recommended indexes in a
# throwaway database, and times `insightgraph ingest --create-characters` (release build). Reports
# rows/s (target >= 50,000), wall time, peak memory and the server's CPU, then the state after a
# second, identical ingest (idempotence).
insights="${1:-1000000}"
relationships="${2:-$insights}"
ig_need_apt time
ig_build release
ig_pg_start
ig_temp_dir work

python3 "$IG_ROOT/Scripts/gen-ingest-jsonl.py" --insights "$insights" --relationships "$relationships" --out "$work/ingest.jsonl"
lines=$(wc -l < "$work/ingest.jsonl")
echo "input: $lines lines, $(du -m "$work/ingest.jsonl" | cut -f1) MB"
createdb bench_ingest
export PGDATABASE=bench_ingest
"$IG_BIN" schema apply >/dev/null   # seed tables + recommended indexes (GIN on triggers included)

# Server CPU: backends are children of the postmaster, whose cutime+cstime grows when one exits.
postmaster="$(head -1 "$IG_PG_DATA/postmaster.pid")"
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($16 + $17) / hz }' "/proc/$postmaster/stat"; }
cpu_before="$(server_cpu)"
/usr/bin/time -v -o "$work/time" "$IG_BIN" ingest "$work/ingest.jsonl" --create-characters --quiet --format json >"$work/first.json"
sleep 1   # let the postmaster reap the backend
python3 - "$work/first.json" "$work/time" "$lines" "$(awk -v a="$(server_cpu)" -v b="$cpu_before" 'BEGIN { print a - b }')" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
timing = dict(line.strip().split(": ", 1) for line in open(sys.argv[2]) if ": " in line)
wall = timing["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
lines, server_cpu = int(sys.argv[3]), float(sys.argv[4])
ins, rel = summary["insights"], summary["relationships"]
print(f"ingest: {ins['inserted']:,} insights + {rel['inserted']:,} relationships inserted "
      f"({rel['merged_in_input']:,} duplicate relationship lines merged), {summary['skipped']} lines skipped")
print(f"wall {seconds:.1f} s for the whole process: {lines / seconds:,.0f} input rows/s "
      f"(writer-reported {summary['rows_per_second']:,} rows/s); "
      f"peak RSS {int(timing['Maximum resident set size (kbytes)']) // 1024} MB")
client_cpu = float(timing["User time (seconds)"]) + float(timing["System time (seconds)"])
print(f"CPU: client {client_cpu:.1f} s (decoding overlaps the server), server backend {server_cpu:.1f} s; "
      f"rows per server-CPU second {lines / server_cpu:,.0f} (the rate when the server's core is not shared)")
PY
echo "machine load average: $(load_average) on $(nproc) cores"
psql -Xqtc "SELECT format('%s insights, %s relationships in the database',
    (SELECT count(*) FROM character_insights), (SELECT count(*) FROM character_insight_relationships))"

state() { psql -Xqtc "SELECT md5(string_agg(i::text, ',' ORDER BY id)) FROM character_insights i"; }
before="$(state)"
/usr/bin/time -v -o "$work/time2" "$IG_BIN" ingest "$work/ingest.jsonl" --quiet --format json >"$work/second.json"
python3 - "$work/second.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"second ingest of the same file: {s['elapsed_seconds']} s, insights {s['insights']['inserted']} inserted / "
      f"{s['insights']['merged']} merged / {s['insights']['unchanged']:,} unchanged, relationships "
      f"{s['relationships']['inserted']} inserted / {s['relationships']['unchanged']:,} unchanged")
PY
if [ "$before" = "$(state)" ]; then echo "insights identical after the second ingest"; else echo "INSIGHTS CHANGED after the second ingest"; exit 1; fi
