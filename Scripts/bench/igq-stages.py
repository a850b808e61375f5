#!/usr/bin/env python3
"""Time per IGQ stage, from EXPLAIN, against one or more running `insightgraph serve` instances.

    python3 Scripts/bench/igq-stages.py BODIES PORT [PORT ...]

BODIES: a JSON-lines file of /v1/query bodies whose queries start with EXPLAIN (the prompt-style
query of docs/performance.md). Each body is sent once to every port as a warm-up (the service makes
a character's kept walk rows on first use, on another thread), then every body twice more, the
ports in turn and in alternating order, so that machine noise hits every server alike: compare
builds by running one server per build. Prints per port the median microseconds and median rows of
each stage, and the client-side median round trip (Python's, so only comparable between ports of
one run).
"""
import http.client
import json
import statistics
import sys
import time


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    bodies = [line for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    ports = [int(p) for p in sys.argv[2:]]
    connections = {p: http.client.HTTPConnection("127.0.0.1", p) for p in ports}

    def post(port: int, body: str) -> dict:
        connection = connections[port]
        connection.request("POST", "/v1/query", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        payload = json.loads(response.read())
        if response.status != 200:
            sys.exit(f"port {port}: HTTP {response.status}: {payload}")
        return payload

    for body in bodies:
        for port in ports:
            post(port, body)
    time.sleep(3)  # kept rows made in the background
    stages = {p: {} for p in ports}
    rows = {p: {} for p in ports}
    rounds = {p: [] for p in ports}
    for turn in range(2):
        for body in bodies:
            for port in (ports if turn == 0 else list(reversed(ports))):
                started = time.perf_counter()
                result = post(port, body)
                rounds[port].append((time.perf_counter() - started) * 1e6)
                for row in result["rows"]:
                    stages[port].setdefault(row["name"], []).append(row["micros"])
                    rows[port].setdefault(row["name"], []).append(row["rows"])
    for port in ports:
        medians = ", ".join(f"{name} {statistics.median(values):.0f} µs ({statistics.median(rows[port][name]):.0f} rows)"
                            for name, values in stages[port].items())
        print(f"port {port}: {medians}; round trip {statistics.median(rounds[port]):.0f} µs")


if __name__ == "__main__":
    main()
