import InsightGraph

// Minimal strongest path, written here while the retrieval module (issue 3) was not yet on main.
extension Execution {
    /// The path from `from` to `to` with the largest product of weights among paths of at most
    /// `maxHops` edges (Bellman–Ford by layers: exact for that bound, O(maxHops × edges)).
    /// Ties keep the path found first: fewer hops, then lower relationship ids.
    func strongestPath(_ p: BoundPath) throws(QueryError) {
        var best: [NodeIndex: Double] = [p.from: 1]
        var via: [NodeIndex: (node: NodeIndex, edge: EdgeIndex)] = [:]
        var frontier = [p.from]
        var buffer: [Step] = []
        for _ in 0..<p.maxHops where !frontier.isEmpty {
            // Relax from a copy so each layer adds exactly one edge.
            let before = best
            var changed = Set<NodeIndex>()
            for u in frontier {
                steps(from: u, p.walk, into: &buffer)
                for step in buffer where step.node != p.from {
                    try tick()
                    let candidate = before[u]! * step.weight
                    if candidate > best[step.node] ?? 0 {
                        best[step.node] = candidate
                        via[step.node] = (u, step.edge)
                        changed.insert(step.node)
                    }
                }
            }
            guard best.count <= limits.maxNodesExpanded else {
                throw QueryError(.limit, "the path search visited more than \(limits.maxNodesExpanded) nodes (the max-nodes limit)", at: range)
            }
            frontier = changed.sorted()
        }
        var columnsRows: [(node: NodeIndex, edge: EdgeIndex?, cumulative: Double)] = []
        if best[p.to] != nil {
            var chain: [(NodeIndex, EdgeIndex?)] = [(p.to, via[p.to]?.edge)]
            var current = p.to
            var guardSteps = 0
            while current != p.from, let step = via[current], guardSteps <= p.maxHops + 1 {
                current = step.node
                chain.append((current, via[current]?.edge))
                guardSteps += 1
            }
            chain.reverse()
            chain[0].1 = nil
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
