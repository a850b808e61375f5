#!/usr/bin/env python3
"""Runs peers.py's own NetworkX R-PPR / R-HOP (same Prepared, same functions) on the generator's CSV
files instead of PostgreSQL, to check the engine's answers without a database.

  peers_from_csv.py DIR --task ppr|hop --answers OUT.jsonl [--peers /work/shared/bench/peers.py]
"""
import argparse, csv, datetime, importlib.util, json, sys, time


def pg_array(text):
    if text == "":
        return None
    out, i, s = [], 1, text
    while i < len(s) - 1:
        if s[i] == '"':
            i += 1
            buf = []
            while s[i] != '"':
                if s[i] == "\\":
                    i += 1
                buf.append(s[i])
                i += 1
            out.append("".join(buf))
            i += 1
        elif s[i] == ",":
            i += 1
        else:
            j = i
            while j < len(s) - 1 and s[j] != ",":
                j += 1
            out.append(None if s[i:j] == "NULL" else s[i:j])
            i = j
    return out


def num(cast):
    return lambda v: None if v == "" else cast(v)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--task", choices=["ppr", "hop"], required=True)
    ap.add_argument("--answers", required=True)
    ap.add_argument("--peers", default="/work/shared/bench/peers.py")
    ap.add_argument("--peer", default="networkx", help="networkx (light per-character load), igraph or rustworkx (peers.py's own load)")
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("peers", a.peers)
    peers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peers)

    def table(name, columns, casts):
        with open(f"{a.dir}/{name}.csv", newline="") as f:
            rows = [tuple(c(v) for c, v in zip(casts, r)) for r in csv.reader(f)]
        rows.sort(key=lambda r: r[0])
        return peers.Table(columns, rows)

    ident = lambda v: None if v == "" else v
    tables = {
        "characters": table("characters", ["id", "name", "normalized_name", "occupation"], [int, ident, ident, ident]),
        "character_insights": table(
            "character_insights",
            ["id", "character_id", "insight_type", "insight_content", "confidence_score", "discovery_date",
             "conversation_context", "importance_level", "emotional_valence", "triggers", "supporting_evidence"],
            [int, num(int), ident, ident, num(float), ident, ident, num(int), num(float), pg_array, pg_array]),
        "character_insight_relationships": table(
            "character_insight_relationships",
            ["id", "from_insight_id", "to_insight_id", "relationship_type", "strength", "created_date"],
            [int, num(int), num(int), ident, num(float), ident]),
    }
    if a.peer == "networkx":
        import networkx as nx
        prep = peers.Prepared(tables)
        per_char = {}
        for cid, ids in prep.members.items():
            g = nx.Graph()
            g.add_nodes_from(ids)
            g.add_edges_from((x, y, {"w_sum": ws, "w_max": wm}) for (x, y), (ws, wm) in prep.edges.get(cid, {}).items())
            per_char[cid] = g
        state = {"prep": prep, "per_char": per_char}
    else:
        state = peers.PEERS[a.peer]["load"](tables)
    fn = peers.PEERS[a.peer][a.task]
    with open(f"{a.dir}/queries.jsonl") as f:
        queries = [json.loads(line) for line in f if line.strip()]
    lat = []
    with open(a.answers, "w") as out:
        for i, q in enumerate(queries):
            t = time.perf_counter()
            ids = fn(state, q)
            lat.append(time.perf_counter() - t)
            out.write(json.dumps({"q": i, "ids": ids}) + "\n")
    lat.sort()
    print(f"{a.peer} {a.task}: p50_us {peers.nearest_rank(lat, 0.5) * 1e6:.0f} p99_us {peers.nearest_rank(lat, 0.99) * 1e6:.0f}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
