#!/usr/bin/env python3
"""Write -> retrievable latency of a running `insightgraph serve` (standard library only).

Posts N insights to /v1/characters/<character>/insights one at a time and, after each, polls
/v1/retrieve until the new insight is among the results; prints min / median / max in ms.
Usage: Scripts/write_freshness.py [--base http://127.0.0.1:8187] [--character elena] [-n 20] [--token T]
"""
import argparse, json, time, urllib.request, uuid

parser = argparse.ArgumentParser()
parser.add_argument("--base", default="http://127.0.0.1:8187")
parser.add_argument("--character", default="elena")
parser.add_argument("-n", type=int, default=20)
parser.add_argument("--token")
args = parser.parse_args()

def call(path, body):
    headers = {"Content-Type": "application/json"}
    if args.token:
        headers["Authorization"] = "Bearer " + args.token
    request = urllib.request.Request(args.base + path, method="POST", data=json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)

run = uuid.uuid4().hex[:8]
times = []
for i in range(args.n):
    trigger = f"fresh{run}x{i}"
    start = time.monotonic()
    written = call(f"/v1/characters/{args.character}/insights",
                   {"kind": "insight", "insight_content": f"Freshness probe {run} {i}", "triggers": [trigger]})
    new_id = written["written_ids"]["insights"][0]
    while not any(r.get("id") == new_id for r in call("/v1/retrieve", {"character": args.character,
                                                                      "message": trigger, "limit": 3})["results"]):
        if time.monotonic() - start > 5:
            raise SystemExit(f"insight {new_id} not retrievable within 5 s")
        time.sleep(0.002)
    times.append((time.monotonic() - start) * 1000)
times.sort()
print(f"write -> retrievable over {args.n} writes: min {times[0]:.1f} ms, median {times[len(times) // 2]:.1f} ms, "
      f"max {times[-1]:.1f} ms")
