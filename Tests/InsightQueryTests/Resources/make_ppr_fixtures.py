#!/usr/bin/env python3
"""Expected answers for PageRankDifferentialTests: NetworkX's personalized PageRank on random
graphs, after the walk filters IGQ applies (VIA types, MIN STRENGTH, OUT/IN/BOTH).

Each case is one character's insights and relationships, the filters, the seeds with their
weights, and NetworkX's scores (damping 0.85, dangling mass back to the seeds, i.e. NetworkX's
default `dangling=None`). IGQ's rule, applied here before NetworkX runs: a relationship is walked
when its type is allowed and its strength (in 0..1 here) is >= MIN STRENGTH; self-loops never are;
parallel relationships' weights add up. Regenerate with `python3 make_ppr_fixtures.py > ppr-networkx.json`
(networkx 3.x); the output is deterministic for a given NetworkX version.
"""
import json
import random

import networkx as nx

TYPES = ["supports", "builds_on", "leads_to", "contradicts"]


def case(rng, index):
    n = rng.randint(6, 24)
    ids = list(range(1000 * (index + 1), 1000 * (index + 1) + n))
    rels = []
    rid = 1
    for _ in range(rng.randint(n, 3 * n)):
        a, b = rng.choice(ids), rng.choice(ids)
        if rng.random() < 0.05:
            b = a  # a self-loop: never walked
        rels.append({"id": 1000 * (index + 1) + rid, "from": a, "to": b, "type": rng.choice(TYPES),
                     "strength": round(rng.uniform(0.05, 1.0), 3)})
        rid += 1
    via = sorted(rng.sample(TYPES, rng.randint(1, 3))) if rng.random() < 0.5 else None
    min_strength = rng.choice([None, 0.3, 0.5])
    direction = rng.choice(["OUT", "IN", "BOTH"])
    seeds = {s: rng.choice([1, 1, 0.5, 2]) for s in rng.sample(ids, rng.randint(1, 3))}

    g = nx.DiGraph()
    g.add_nodes_from(ids)

    def add(u, v, w):
        if g.has_edge(u, v):
            g[u][v]["weight"] += w
        else:
            g.add_edge(u, v, weight=w)

    for r in rels:
        if r["from"] == r["to"]:
            continue
        if via is not None and r["type"] not in via:
            continue
        if min_strength is not None and r["strength"] < min_strength:
            continue
        if direction in ("OUT", "BOTH"):
            add(r["from"], r["to"], r["strength"])
        if direction in ("IN", "BOTH"):
            add(r["to"], r["from"], r["strength"])
    total = sum(seeds.values())
    teleport = {s: w / total for s, w in seeds.items()}
    # Starting from the teleport vector (not NetworkX's uniform default) keeps insights the seeds
    # cannot reach at exactly 0 instead of a decaying residue of their starting mass.
    scores = nx.pagerank(g, alpha=0.85, personalization=teleport, nstart=teleport,
                         weight="weight", tol=1e-15, max_iter=100000)
    return {
        "insights": ids, "relationships": rels, "via": via, "min_strength": min_strength,
        "direction": direction, "seeds": [[s, w] for s, w in sorted(seeds.items())],
        "expected": {str(k): v for k, v in sorted(scores.items()) if v > 0},
    }


def main():
    rng = random.Random(20261206)
    print(json.dumps({"networkx": nx.__version__, "cases": [case(rng, i) for i in range(24)]}, indent=1))


if __name__ == "__main__":
    main()
