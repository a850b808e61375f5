import InsightGraph

extension Execution {
    /// `PATH FROM a TO b`: the path with the largest product of relationship weights among paths
    /// of at most `maxHops` steps, by the core's path search (``PathSearch``, exact under the hop
    /// limit) over what the walk reaches from `a` within those hops. Ties: the lower node first.
    func strongestPath(_ p: BoundPath) throws(QueryError) {
        let ball = graph.breadthFirst(from: [p.from], maxHops: p.maxHops, mask: mask(p.walk),
                                      maxNodes: limits.maxNodesExpanded, budget: budget, scratch: scratch)
        if ball.end == .budget { throw deadlineError() }
        guard ball.end == .complete else {
            throw QueryError(.limit, "the path search visited more than \(limits.maxNodesExpanded) nodes (the max-nodes limit)", at: range)
        }
        let local = LocalWalk(snapshot: graph, nodes: ball.order.map(\.node), mask: mask(p.walk), parallel: .strongest,
                              budget: budget, scratch: scratch)
        let search = PathSearch(graph: local.graph)
        var rows: [(node: NodeIndex, edge: EdgeIndex?, cumulative: Double)] = []
        if let from = local.local(p.from), let to = local.local(p.to) {
            search.search(from: [(from, 1)], maxHops: p.maxHops, budget: budget)
            if budget.isExhausted { throw deadlineError() }
            let path = search.path(to: to)
            var product = 1.0
            for (i, l) in path.enumerated() {
                var edge: EdgeIndex?
                if i > 0, let k = local.graph.range(of: path[i - 1]).first(where: { local.graph.neighbors[$0] == l }) {
                    edge = local.graph.edges[k]
                    product *= graph.weight(ofEdge: local.graph.edges[k])
                }
                rows.append((local.nodes[Int(l)], edge, product))
            }
        }
        pathRows = rows
        nodes = rows.map(\.node)
        subgraph = ResultSubgraph(nodes: Array(Set(nodes)).sorted(), edges: rows.compactMap(\.edge).sorted())
    }

    /// `DIVERSIFY λ`: maximal marginal relevance over the best `max(10 × keep, 100)` ranked rows,
    /// relevance being the score over the best score, similarity the retrieval engine's (overlap of
    /// the insights' content and trigger terms).
    func diversify(lambda: Double, keep: Int) throws(QueryError) {
        try tick()
        let pool = Array(nodes.prefix(PlanOperator.diversityPoolSize(keep: keep)))
        let scores = pool.indices.map { $0 < ranking.count ? ranking[$0].score : 0 }
        let top = scores.max() ?? 0
        let relevance = scores.map { top > 0 ? $0 / top : 0 }
        let picks = retrieverPool().index.diversify(nodes: pool, relevance: relevance, lambda: lambda, keep: keep)
        nodes = picks.map { pool[$0] }
        ranking = picks.compactMap { $0 < ranking.count ? ranking[$0] : nil }
    }
}
