import InsightGraph

// Minimal strongest path, written here while the retrieval module (issue 3) was not yet on main.
extension Execution {
    /// The path from `from` to `to` with the largest product of weights among paths of at most
    /// `maxHops` edges (Bellman–Ford by layers: exact for that bound, O(maxHops × edges)).
    /// Ties keep the path found first: fewer hops, then lower relationship ids.
    func strongestPath(_ p: BoundPath) throws(QueryError) {
        // layers[k][v]: best product over paths of at most k edges, and the edge that set it at
        // layer k (nil: inherited from layer k-1). Keeping every layer makes the path exact.
        var layers: [[NodeIndex: (value: Double, from: NodeIndex?, edge: EdgeIndex?)]] = [[p.from: (1, nil, nil)]]
        var frontier = [p.from]
        var buffer: [Step] = []
        for _ in 0..<p.maxHops where !frontier.isEmpty {
            let before = layers[layers.count - 1]
            var layer = before.mapValues { (value: $0.value, from: NodeIndex?.none, edge: EdgeIndex?.none) }
            var changed = Set<NodeIndex>()
            for u in frontier {
                steps(from: u, p.walk, into: &buffer)
                for step in buffer where step.node != p.from {
                    try tick()
                    let candidate = before[u]!.value * step.weight
                    if candidate > layer[step.node]?.value ?? 0 {
                        layer[step.node] = (candidate, u, step.edge)
                        changed.insert(step.node)
                    }
                }
            }
            guard layer.count <= limits.maxNodesExpanded else {
                throw QueryError(.limit, "the path search visited more than \(limits.maxNodesExpanded) nodes (the max-nodes limit)", at: range)
            }
            layers.append(layer)
            frontier = changed.sorted()
        }
        var columnsRows: [(node: NodeIndex, edge: EdgeIndex?, cumulative: Double)] = []
        if layers[layers.count - 1][p.to] != nil {
            var chain: [(NodeIndex, EdgeIndex?)] = []
            var node = p.to
            var k = layers.count - 1
            while true {
                guard let entry = layers[k][node] else { break }
                if k == 0 {  // only the start lives at layer 0
                    chain.append((node, nil))
                    break
                }
                if let from = entry.from {
                    chain.append((node, entry.edge))
                    node = from
                }
                k -= 1
            }
            chain.reverse()
            var product = 1.0
            for (node, edge) in chain {
                if let edge { product *= graph.weight(ofEdge: edge) }
                columnsRows.append((node, edge, product))
            }
        }
        pathRows = columnsRows
        nodes = columnsRows.map(\.node)
        subgraph = ResultSubgraph(nodes: Array(Set(nodes)).sorted(), edges: columnsRows.compactMap(\.edge).sorted())
    }
}
