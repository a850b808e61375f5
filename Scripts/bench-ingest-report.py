#!/usr/bin/env python3
"""Prints bench-ingest.sh's result lines from the ingest's --format json summary and /usr/bin/time -v."""
import json
import sys

summary = json.load(open(sys.argv[1]))
timing = dict(line.strip().split(": ", 1) for line in open(sys.argv[2]) if ": " in line)
wall = timing["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
lines = int(sys.argv[3])
ins, rel = summary["insights"], summary["relationships"]
print(f"ingest: {ins['inserted']:,} insights + {rel['inserted']:,} relationships inserted "
      f"({rel['merged_in_input']:,} duplicate relationship lines merged), {summary['skipped']} lines skipped")
print(f"wall {seconds:.1f} s for the whole process: {lines / seconds:,.0f} input rows/s "
      f"(writer-reported {summary['rows_per_second']:,} rows/s); "
      f"peak RSS {int(timing['Maximum resident set size (kbytes)']) // 1024} MB")
client_cpu = float(timing["User time (seconds)"]) + float(timing["System time (seconds)"])
server_cpu = float(sys.argv[4]) if len(sys.argv) > 4 else None
if server_cpu is not None:
    print(f"CPU: client {client_cpu:.1f} s (decoding overlaps the server), server backend {server_cpu:.1f} s; "
          f"rows per server-CPU second {lines / server_cpu:,.0f} (the rate when the server's core is not shared)")
