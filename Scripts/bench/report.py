#!/usr/bin/env python3
"""Helpers of Scripts/bench.sh report (one benchmark report against the peers).

  report.py service --binary BIN --queries FILE --seconds N --connections C --lua FILE --out F.json
      Starts `BIN serve` on a free loopback port (database from PG*), waits for the first snapshot,
      times 200 sequential /v1/retrieve and 50 /v1/query (IGQ) requests, runs wrk, sends SIGTERM;
      then runs wrk again against a second service with the answer cache off (--answer-cache-mib 0);
      writes the figures (latencies in µs, resident memory in MiB, exit status) as JSON.
  report.py table --dir OUT --bench SHARED_BENCH --size NAME
      Reads OUT/*.json and OUT/peers.tsv and prints one Markdown table: InsightGraph, each peer, and
      the ratio best peer / InsightGraph ("12.3× faster" means we took 1/12.3 of the best peer's time).
"""
import argparse, json, math, os, platform, re, signal, socket, subprocess, sys, time, urllib.request


def percentile(values, fraction):
    """Nearest rank, as peers.py computes it."""
    s = sorted(values)
    return s[max(0, math.ceil(len(s) * fraction) - 1)] if s else None


def rss_mib(pid):
    """(current, peak) resident memory of a live process, MiB."""
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def post(url, body, timeout=60):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=timeout) as response:
        payload = response.read()
        status = response.status
    return (time.perf_counter() - start) * 1e6, status, payload


def igq_for(query):
    """The prompt-time IGQ question for a bench query: seeds from the message, a 2-hop walk over the
    workload's edges, PageRank × confidence, the top 10."""
    return ("FROM CHARACTER $character SEED MESSAGE $message EXPAND 2 HOPS MIN STRENGTH 0.3 BOTH "
            "RANK BY ppr(damping: 0.85) * confidence LIMIT 10 RETURN id, score")


def start_server(binary, extra=()):
    """`binary serve` on a free loopback port; returns (process, base URL, seconds until /healthz)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", *extra])
    deadline = time.time() + 1800
    while True:
        if server.poll() is not None:
            raise SystemExit(f"serve exited with {server.returncode} before its first snapshot")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            return server, base, time.perf_counter() - started
        except OSError:
            if time.time() > deadline:
                server.kill()
                raise SystemExit("serve did not answer /healthz within 30 minutes")
            time.sleep(0.2)


def stop_server(server):
    """SIGTERM; the exit status (or a note when it had to be killed)."""
    if server.poll() is not None:
        return server.returncode
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        return "killed after 60 s"


def run_wrk(a, base):
    """wrk against /v1/retrieve; requests/s, p50/p99 in µs, errors."""
    wrk = subprocess.run(["wrk", "-t1", f"-c{a.connections}", f"-d{a.seconds}s", "--latency", "-s", a.lua,
                          base + "/v1/retrieve", "--", a.queries], capture_output=True, text=True)
    print(wrk.stdout, file=sys.stderr)
    text = wrk.stdout
    out = {}
    m = re.search(r"requests: (\d+) in ([\d.]+) s = (\d+) req/s", text)
    out["requests"], out["rps"] = int(m.group(1)), float(m.group(3))
    m = re.search(r"latency p50 ([\d.]+) ms, p99 ([\d.]+) ms", text)
    out["p50_us"], out["p99_us"] = float(m.group(1)) * 1000, float(m.group(2)) * 1000
    m = re.search(r"errors: connect (\d+), read (\d+), write (\d+), timeout (\d+), status (\d+)", text)
    out["errors"] = sum(int(g) for g in m.groups())
    return out


def service(a):
    queries = [json.loads(line) for line in open(a.queries) if line.strip()]
    server, base, ready = start_server(a.binary)
    out = {"ready_s": ready}
    out["wrk_command"] = f"wrk -t1 -c{a.connections} -d{a.seconds}s --latency -s Scripts/bench/service.lua URL/v1/retrieve -- queries.jsonl"
    try:
        out["rss_ready_mib"], _ = rss_mib(server.pid)
        retrieve = [post(base + "/v1/retrieve", q)[0] for q in (queries * 2)[:200]]
        out["retrieve_sequential_p50_us"] = percentile(retrieve, 0.5)
        out["retrieve_sequential_p99_us"] = percentile(retrieve, 0.99)
        igq, rows = [], 0
        for q in queries[:50]:
            micros, status, payload = post(base + "/v1/query", {"query": igq_for(q), "params": q})
            if status != 200:
                raise SystemExit(f"/v1/query answered {status}: {payload[:300]!r}")
            igq.append(micros)
            rows += len(json.loads(payload).get("rows", []))
        out["igq_p50_us"], out["igq_p99_us"], out["igq_rows"] = percentile(igq, 0.5), percentile(igq, 0.99), rows
        # The service as shipped: queries.jsonl repeats its 1,000 messages, so after the first
        # 1,000 requests the snapshot's answer cache answers.
        out["wrk_cached"] = run_wrk(a, base)
        out["rss_after_mib"], out["rss_peak_mib"] = rss_mib(server.pid)
    finally:
        out["exit_status"] = stop_server(server)
    # Every request ranked, explained and encoded: the answer cache off.
    server, base, _ = start_server(a.binary, ["--answer-cache-mib", "0"])
    try:
        out["wrk_uncached"] = run_wrk(a, base)
    finally:
        out["exit_status_uncached"] = stop_server(server)
    json.dump(out, open(a.out, "w"), indent=1)


# ------------------------------------------------------------------ the table

def read_json(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None


def read_peers(path):
    if not os.path.exists(path):
        return []
    lines = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    if not lines:
        return []
    header, rows = lines[0], lines[1:]
    def num(v):
        try:
            return float(v)
        except ValueError:
            return None
    return [{k: (v if k == "peer" else num(v)) for k, v in zip(header, row)} for row in rows]


def agreement(bench, reference, mine):
    if not (os.path.exists(reference) and os.path.exists(mine)):
        return ""
    r = subprocess.run([sys.executable, os.path.join(bench, "compare_answers.py"), reference, mine], capture_output=True, text=True)
    first = r.stdout.splitlines()[0] if r.stdout else "compare failed"
    m = re.match(r"(\d+)/(\d+) queries agree exactly; mean top-10 overlap ([\d.]+)/10", first)
    return f"{m.group(1)}/{m.group(2)} identical, overlap {m.group(3)}" if m else first


def fmt_time_us(us):
    if us is None:
        return "-"
    if us >= 1e6:
        return f"{us / 1e6:,.2f} s"
    if us >= 1e4:
        return f"{us / 1e3:,.1f} ms"
    return f"{us:,.0f} µs"


def table(a):
    d = a.dir
    ours = {k: read_json(os.path.join(d, f"{k}.json")) for k in
            ("load-psql", "load-insightgraph", "text", "stats", "bench-push", "bench-exact", "bench-hop",
             "export-insightgraph", "export-size", "service")}
    peers = read_peers(os.path.join(d, "peers.tsv"))
    answers = os.path.join(d, "answers")
    reference = next((p for p in ("networkx", "igraph", "rustworkx") if os.path.exists(os.path.join(answers, f"{p}-ppr.jsonl"))), None)
    hop_reference = next((p for p in ("networkx", "igraph", "rustworkx", "kuzu", "postgres") if os.path.exists(os.path.join(answers, f"{p}-hop.jsonl"))), None)

    rows = []  # (measure, ours (number, unit), {peer: number}, lower_is_better, note)
    load = ours["load-insightgraph"] or {}
    psql = ours["load-psql"] or {}
    text_mib = (ours["text"] or {}).get("text_bytes", 0) / 2**20
    rows.append(("LOAD wall time (s)", load.get("wall_s"), {p["peer"]: p.get("load_s") for p in peers},
                 f"psql \\copy of the same columns: {psql.get('wall_s', '-')} s"))
    peak = load.get("peak_rss_kb", 0) / 1024
    rows.append(("LOAD peak memory (MiB)", peak, {p["peer"]: p.get("peak_rss_mb") for p in peers},
                 f"{peak / text_mib:.2f}× the tables as text ({text_mib:,.0f} MiB)" if text_mib else ""))
    for key, name, task, ref, mine in (("bench-push", "R-PPR local push", "ppr", reference, "push"),
                                       ("bench-exact", "R-PPR exact", "ppr", reference, "exact"),
                                       ("bench-hop", "R-HOP", "hop", hop_reference, "hop")):
        b = ours[key] or {}
        agree = agreement(a.bench, os.path.join(answers, f"{ref}-{task}.jsonl"), os.path.join(answers, f"insightgraph-{mine}.jsonl")) if ref else ""
        for pct in ("p50", "p99"):
            rows.append((f"{name} {pct} (µs)", b.get(f"{pct}_us"), {p["peer"]: p.get(f"{task}_{pct}_us") for p in peers},
                         f"vs {ref}: {agree}" if agree and pct == "p50" else ""))
    export = ours["export-insightgraph"] or {}
    size = (ours["export-size"] or {}).get("bytes")
    rows.append(("EXPORT GraphML (s)", export.get("wall_s"), {p["peer"]: p.get("export_s") for p in peers},
                 f"ours: whole process (connect, load, build, write {size / 1e9:.2f} GB); peers: writer alone" if size else ""))

    header = ["measure", "InsightGraph"] + [p["peer"] for p in peers] + ["best peer / InsightGraph", "note"]
    print(f"Dataset: {a.size}; totals {json.dumps((ours['stats'] or {}).get('totals', {}))}; "
          f"{os.cpu_count()} cores, {platform.platform()}; load average at the end {open('/proc/loadavg').read().split()[:3]}")
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    def cell(v):
        if v is None:
            return "-"
        return f"{v:,.0f}" if v >= 100 else f"{v:,.3g}"
    for measure, mine, theirs, note in rows:
        values = [v for v in theirs.values() if v is not None]
        best = min(values) if values else None
        ratio = f"**{best / mine:,.1f}×**" if best and mine else "-"
        print("| " + " | ".join([measure, cell(mine)] + [cell(theirs[p["peer"]]) for p in peers] + [ratio, note]) + " |")
    s = ours["service"]
    if s:
        print()
        print("Service (no peer; targets: ≥ 20,000 requests/s, p99 ≤ 5 ms, zero errors):")
        print()
        print("| measure | InsightGraph |")
        print("|---|---:|")
        print(f"| first snapshot ready after start | {s['ready_s']:.1f} s, {s['rss_ready_mib']:,.0f} MiB resident |")
        print(f"| /v1/retrieve, one request at a time (200) p50 / p99 | {fmt_time_us(s['retrieve_sequential_p50_us'])} / {fmt_time_us(s['retrieve_sequential_p99_us'])} |")
        print(f"| /v1/query IGQ (prompt-time query, 50) p50 / p99 | {fmt_time_us(s['igq_p50_us'])} / {fmt_time_us(s['igq_p99_us'])} |")
        for key, label in (("wrk_cached", "as shipped (answer cache on; the workload repeats 1,000 messages)"),
                           ("wrk_uncached", "`--answer-cache-mib 0` (every request ranked)")):
            w = s.get(key)
            if w:
                print(f"| wrk `{s['wrk_command']}`, {label} | {w['rps']:,.0f} requests/s, p50 {fmt_time_us(w['p50_us'])}, p99 {fmt_time_us(w['p99_us'])}, errors {w['errors']} |")
        print(f"| resident memory after the load test (peak) | {s['rss_after_mib']:,.0f} MiB ({s['rss_peak_mib']:,.0f} MiB) |")
        print(f"| exit status after SIGTERM | {s['exit_status']} (cache off: {s.get('exit_status_uncached')}) |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("service")
    for flag in ("--binary", "--queries", "--lua", "--out"):
        s.add_argument(flag, required=True)
    s.add_argument("--seconds", type=int, default=30)
    s.add_argument("--connections", type=int, default=32)
    t = sub.add_parser("table")
    t.add_argument("--dir", required=True)
    t.add_argument("--bench", required=True)
    t.add_argument("--size", default="")
    a = ap.parse_args()
    service(a) if a.command == "service" else table(a)


if __name__ == "__main__":
    main()
