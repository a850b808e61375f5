import InsightGraph

extension Execution {
    /// Whether a node belongs to the query's source (its character, or any node).
    func inSource(_ node: NodeIndex) -> Bool {
        source.map { $0.contains(node) } ?? true
    }

    /// The core's edge mask for a bound walk: VIA types, direction, MIN STRENGTH, EDGES WHERE, and
    /// the source character's nodes. Every traversal and ranking of a query walks through it; with
    /// the caller's kept rows (``maskedSteps``) it reads the character's allowed steps from them.
    func mask(_ walk: BoundWalk) -> EdgeMask {
        let reader = self.reader
        let accepts: ((EdgeIndex) -> Bool)? = walk.edgeFilter.map { filter in
            { edge in reader.evaluate(filter, .relationship(edge)) == true }
        }
        let mask = EdgeMask(direction: walk.direction, allowedTypeCodes: walk.typeCodes,
                            minimumStrength: walk.minStrength ?? 0, nodes: source, accepts: accepts)
        return maskedSteps?.attach(to: mask) ?? mask
    }

    /// Breadth-first search from `starts` up to `maxHops` (the core's); its hops and first parents
    /// become ``Execution/reach``. Visiting more than `cap` nodes stops the walk when the query asked for the cap
    /// (MAX NODES), and fails with the max-nodes limit otherwise. Returns the visited nodes, ascending.
    func breadthFirst(from starts: [NodeIndex], maxHops: Int, walk: BoundWalk, cap: Int?,
                      at clauseRange: SourceRange) throws(QueryError) -> [NodeIndex] {
        let result = graph.breadthFirst(from: starts.sorted(), maxHops: maxHops, mask: mask(walk),
                                        maxNodes: cap ?? limits.maxNodesExpanded, budget: budget, scratch: scratch)
        switch result.end {
        case .budget: throw deadlineError()
        case .nodeLimit where cap == nil:
            throw QueryError(.limit, "the traversal visited more than \(limits.maxNodesExpanded) nodes (the max-nodes limit); "
                             + "lower the hops, add VIA or MIN STRENGTH, or set MAX NODES", at: clauseRange)
        case .nodeLimit, .complete: break
        }
        reach = Reachability(result)
        return result.nodesAscending(within: source)
    }

    /// The part of the graph a ranking walks, as a ``LocalWalk``: what EXPAND visited (before
    /// WHERE) when the query expanded, otherwise everything the seeds reach under `walk`, which
    /// must stay within the max-nodes limit.
    func localWalk(_ walk: BoundWalk, parallel: WalkPolicy.ParallelRule, for signal: String) throws(QueryError) -> LocalWalk {
        var nodes = expandedNodes
        if nodes == nil {
            let reached = graph.breadthFirst(from: seedWeights.keys.sorted(), maxHops: Int.max, mask: mask(walk),
                                             maxNodes: limits.maxNodesExpanded, budget: budget, scratch: scratch)
            if reached.end == .budget { throw deadlineError() }
            guard reached.end == .complete else {
                throw QueryError(.limit, "\(signal) would walk more than \(limits.maxNodesExpanded) insights (the max-nodes limit); "
                                 + "add EXPAND n HOPS, VIA or MIN STRENGTH", at: range)
            }
            nodes = reached.order.map(\.node)
        }
        let local = LocalWalk(snapshot: graph, nodes: nodes ?? [], mask: mask(walk), parallel: parallel, budget: budget,
                              scratch: scratch)
        if budget.isExhausted { throw deadlineError() }
        return local
    }

    /// The nodes from a seed (or start) to `node` along first-reached parents.
    func pathFromStart(to node: NodeIndex) -> (nodes: [NodeIndex], edges: [EdgeIndex]) {
        var nodes = [node], edges: [EdgeIndex] = []
        var current = node
        while let parent = reach.parent(of: current), nodes.count <= limits.maxHops + 1 {
            edges.append(parent.edge)
            nodes.append(parent.node)
            current = parent.node
        }
        return (nodes.reversed(), edges.reversed())
    }
}
