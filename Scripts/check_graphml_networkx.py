#!/usr/bin/env python3
"""Check that NetworkX reads an InsightGraph GraphML export exactly as its JSON summary says.

usage: check_graphml_networkx.py FILE.graphml [SUMMARY.json]

SUMMARY defaults to FILE.graphml.summary.json; `insightgraph export --summary PATH` and the GraphML
tests write it. Checks: node and edge counts, node ids, edge ids with their ends, and every
attribute's value and Python type (long/int -> int, double -> float, string -> str; NaN compared
as NaN, -0.0 keeps its sign). For the yed flavour NetworkX adds x, y and shape_type from the yFiles
markup and sets label from NodeLabel/EdgeLabel; those are allowed. Exit 0 when all match.
"""
import json
import math
import sys

import networkx as nx

YED_EXTRAS = {"x", "y", "shape_type"}


def same(expected, actual):
    if isinstance(expected, float):
        if not isinstance(actual, float):
            return False
        if math.isnan(expected):
            return math.isnan(actual)
        return expected == actual and math.copysign(1, expected) == math.copysign(1, actual)
    if isinstance(expected, int):
        return type(actual) is int and expected == actual
    return type(actual) is type(expected) and expected == actual


def compare(what, expected, actual, flavour, problems):
    extras = set(actual) - set(expected)
    if flavour == "yed":
        extras -= YED_EXTRAS
    missing = set(expected) - set(actual)
    if extras:
        problems.append(f"{what}: unexpected attributes {sorted(extras)}")
    if missing:
        problems.append(f"{what}: missing attributes {sorted(missing)}")
    for name in sorted(set(expected) & set(actual)):
        if not same(expected[name], actual[name]):
            problems.append(f"{what}.{name}: expected {expected[name]!r}, NetworkX read {actual[name]!r}")
    return len(expected)


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = argv[1]
    summary_path = argv[2] if len(argv) == 3 else path + ".summary.json"
    with open(summary_path, encoding="utf-8") as f:
        summary = json.load(f)  # accepts the NaN / Infinity tokens
    flavour = summary["flavour"]
    graph = nx.read_graphml(path)
    problems = []
    values = 0

    if graph.number_of_nodes() != len(summary["nodes"]):
        problems.append(f"nodes: expected {len(summary['nodes'])}, NetworkX read {graph.number_of_nodes()}")
    if graph.number_of_edges() != len(summary["edges"]):
        problems.append(f"edges: expected {len(summary['edges'])}, NetworkX read {graph.number_of_edges()}")
    if not graph.is_directed():
        problems.append("graph: NetworkX read it as undirected")

    for node_id, expected in summary["nodes"].items():
        if node_id not in graph.nodes:
            problems.append(f"node {node_id}: missing")
            continue
        values += compare(f"node {node_id}", expected, dict(graph.nodes[node_id]), flavour, problems)

    edges = {}
    if graph.is_multigraph():
        for source, target, key, data in graph.edges(keys=True, data=True):
            data = dict(data)
            edges[data.pop("id", key)] = (source, target, data)
    else:
        for source, target, data in graph.edges(data=True):
            data = dict(data)
            edges[data.pop("id", None)] = (source, target, data)
    for edge_id, expected in summary["edges"].items():
        if edge_id not in edges:
            problems.append(f"edge {edge_id}: missing")
            continue
        source, target, data = edges[edge_id]
        if (source, target) != (expected["source"], expected["target"]):
            problems.append(f"edge {edge_id}: ends {source}->{target}, expected {expected['source']}->{expected['target']}")
        values += compare(f"edge {edge_id}", expected["data"], data, flavour, problems)

    if problems:
        for problem in problems[:40]:
            print(problem)
        if len(problems) > 40:
            print(f"... and {len(problems) - 40} more")
        print(f"FAILED: {len(problems)} differences in {path}")
        return 1
    print(f"ok: NetworkX {nx.__version__} read {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, "
          f"{values} values as summarised ({path})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
