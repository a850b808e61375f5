#!/usr/bin/env python3
"""check_graphml_igraph.py FILE.graphml SUMMARY.json — python-igraph reads an export as we wrote it.

igraph ignores keys declared for="all" and keeps only typed node/edge attributes, so this checks
that every node and edge of the summary (written by `insightgraph export --summary`) arrives with
its id, ends and typed values. Exits 0 when they agree, 1 with the first differences otherwise."""
import json, math, sys

import igraph


def same(expected, actual):
    if isinstance(expected, float) and math.isnan(expected):
        return isinstance(actual, float) and math.isnan(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return float(expected) == float(actual)
    return expected == actual


def main():
    path, summary_path = sys.argv[1], sys.argv[2]
    summary = json.load(open(summary_path))
    graph = igraph.Graph.Read_GraphML(path)
    problems = []
    if graph.vcount() != len(summary["nodes"]) or graph.ecount() != len(summary["edges"]):
        problems.append(f"counts: igraph {graph.vcount()} nodes / {graph.ecount()} edges, "
                        f"summary {len(summary['nodes'])} / {len(summary['edges'])}")
    node_ids = graph.vs["id"]
    for vertex, node_id in zip(graph.vs, node_ids):
        for key, value in summary["nodes"].get(node_id, {}).items():
            if not same(value, vertex[key]):
                problems.append(f"node {node_id} {key}: {vertex[key]!r} != {value!r}")
    # igraph does not keep edge ids (its edge "id" attribute holds an end's id), so edges are
    # matched by what they carry: kind and db_id.
    # matched by what they carry: kind and db_id (edges without a row of their own, has_insight
    # and learned, by kind and ends).
    def row_key(kind, db_id, source, target):
        missing = db_id is None or (isinstance(db_id, float) and math.isnan(db_id))
        return (kind, source, target) if missing else (kind, int(db_id))

    by_row = {row_key(e["data"].get("kind"), e["data"].get("db_id"), e["source"], e["target"]): (key, e)
              for key, e in summary["edges"].items()}
    for edge in graph.es:
        db_id = edge["db_id"]
        key, expected = by_row.get(row_key(edge["kind"], db_id, node_ids[edge.source], node_ids[edge.target]),
                                   (None, None))
        if expected is None:
            problems.append(f"edge {edge['kind']} {db_id} not in the summary")
            continue
        if (node_ids[edge.source], node_ids[edge.target]) != (expected["source"], expected["target"]):
            problems.append(f"edge {key}: ends differ")
        for name, value in expected["data"].items():
            if not same(value, edge[name]):
                problems.append(f"edge {key} {name}: {edge[name]!r} != {value!r}")
    if problems:
        print(f"FAILED: igraph reads {path} differently:", *problems[:10], sep="\n  ")
        sys.exit(1)
    print(f"ok: igraph reads {path}: {graph.vcount()} nodes, {graph.ecount()} edges, every value as written")


if __name__ == "__main__":
    main()
