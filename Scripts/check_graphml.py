#!/usr/bin/env python3
"""Check that NetworkX or python-igraph reads an InsightGraph GraphML export as its JSON summary says.

usage: check_graphml.py networkx|igraph FILE.graphml [SUMMARY.json]

SUMMARY defaults to FILE.graphml.summary.json; `insightgraph export --summary PATH` and the GraphML
tests write it. Checks: node and edge counts, node ids, every edge with its ends, and every
attribute's value. Exit 0 when all match, 1 with the differences otherwise.

networkx: the strict reading. Edges are matched by id; every value keeps its Python type (long/int
  -> int, double -> float, string -> str; NaN compared as NaN, -0.0 keeps its sign) and no attribute
  may be missing or extra, except that for the yed flavour NetworkX adds x, y and shape_type from
  the yFiles markup and sets label from NodeLabel/EdgeLabel.
igraph: igraph ignores keys declared for="all", keeps one attribute set for all nodes (and one for
  all edges), reads every number as a float, and does not keep edge ids (its edge "id" attribute
  holds an end's id). So the summary's attributes are compared by value, and edges are matched by
  what they carry: kind and db_id (edges without a row of their own, has_insight and learned, by
  kind and ends).
"""
import json
import math
import sys

YED_EXTRAS = {"x", "y", "shape_type"}


def is_nan(value):
    return isinstance(value, float) and math.isnan(value)


def same_typed(expected, actual):
    if isinstance(expected, float):
        if not isinstance(actual, float):
            return False
        if math.isnan(expected):
            return math.isnan(actual)
        return expected == actual and math.copysign(1, expected) == math.copysign(1, actual)
    if isinstance(expected, int):
        return type(actual) is int and expected == actual
    return type(actual) is type(expected) and expected == actual


def same_value(expected, actual):
    if is_nan(expected):
        return is_nan(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return float(expected) == float(actual)
    return expected == actual


def row_key(kind, db_id, source, target):
    """How igraph's edges are told apart: their row, or kind and ends for edges without a row."""
    return (kind, source, target) if db_id is None or is_nan(db_id) else (kind, int(db_id))


def read_networkx(path):
    """(library name, directed, {node id: attributes}, {edge id: (source, target, attributes)})."""
    import networkx as nx
    graph = nx.read_graphml(path)
    nodes = {node_id: dict(data) for node_id, data in graph.nodes(data=True)}
    edges = {}
    if graph.is_multigraph():
        for source, target, key, data in graph.edges(keys=True, data=True):
            data = dict(data)
            edges[data.pop("id", key)] = (source, target, data)
    else:
        for source, target, data in graph.edges(data=True):
            data = dict(data)
            edges[data.pop("id", None)] = (source, target, data)
    return f"NetworkX {nx.__version__}", graph.is_directed(), nodes, edges, graph.number_of_edges()


def read_igraph(path):
    """The same shape as read_networkx; edges keyed by row_key."""
    import igraph
    graph = igraph.Graph.Read_GraphML(path)
    node_ids = graph.vs["id"]
    nodes = {node_id: vertex.attributes() for node_id, vertex in zip(node_ids, graph.vs)}
    edges = {}
    for edge in graph.es:
        source, target = node_ids[edge.source], node_ids[edge.target]
        edges[row_key(edge["kind"], edge["db_id"], source, target)] = (source, target, edge.attributes())
    return f"igraph {igraph.__version__}", graph.is_directed(), nodes, edges, graph.ecount()


READERS = {"networkx": read_networkx, "igraph": read_igraph}


def main(argv):
    if len(argv) not in (3, 4) or argv[1] not in READERS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    library, path = argv[1], argv[2]
    strict = library == "networkx"
    summary_path = argv[3] if len(argv) == 4 else path + ".summary.json"
    with open(summary_path, encoding="utf-8") as f:
        summary = json.load(f)  # accepts the NaN / Infinity tokens
    flavour = summary["flavour"]
    name, directed, nodes, edges, edge_count = READERS[library](path)
    reader = name.split()[0]
    same = same_typed if strict else same_value
    problems = []
    values = 0

    def compare(what, expected, actual):
        if strict:
            extras = set(actual) - set(expected) - (YED_EXTRAS if flavour == "yed" else set())
            if extras:
                problems.append(f"{what}: unexpected attributes {sorted(extras)}")
        missing = set(expected) - set(actual)
        if missing:
            problems.append(f"{what}: missing attributes {sorted(missing)}")
        for key in sorted(set(expected) & set(actual)):
            if not same(expected[key], actual[key]):
                problems.append(f"{what}.{key}: expected {expected[key]!r}, {reader} read {actual[key]!r}")
        return len(expected)

    if len(nodes) != len(summary["nodes"]):
        problems.append(f"nodes: expected {len(summary['nodes'])}, {reader} read {len(nodes)}")
    if edge_count != len(summary["edges"]):
        problems.append(f"edges: expected {len(summary['edges'])}, {reader} read {edge_count}")
    if not directed:
        problems.append(f"graph: {reader} read it as undirected")

    for node_id, expected in summary["nodes"].items():
        if node_id not in nodes:
            problems.append(f"node {node_id}: missing")
            continue
        values += compare(f"node {node_id}", expected, nodes[node_id])

    for edge_id, expected in summary["edges"].items():
        key = edge_id if strict else row_key(expected["data"].get("kind"), expected["data"].get("db_id"),
                                             expected["source"], expected["target"])
        if key not in edges:
            problems.append(f"edge {edge_id}: missing")
            continue
        source, target, data = edges[key]
        if (source, target) != (expected["source"], expected["target"]):
            problems.append(f"edge {edge_id}: ends {source}->{target}, expected {expected['source']}->{expected['target']}")
        values += compare(f"edge {edge_id}", expected["data"], data)

    if problems:
        for problem in problems[:40]:
            print(problem)
        if len(problems) > 40:
            print(f"... and {len(problems) - 40} more")
        print(f"FAILED: {len(problems)} differences in {path}")
        return 1
    print(f"ok: {name} read {len(nodes)} nodes, {edge_count} edges, {values} values as summarised ({path})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
