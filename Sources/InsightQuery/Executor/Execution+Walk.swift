import InsightGraph

extension Execution {
    /// One step of a walk: the node reached, the edge taken and its weight.
    struct Step {
        var node: NodeIndex
        var edge: EdgeIndex
        var weight: Double
    }

    /// Whether a node belongs to the query's source (its character, or any node).
    func inSource(_ node: NodeIndex) -> Bool {
        source.map { $0.contains(node) } ?? true
    }

    /// The steps a walk allows from `node`, in relationship id order (outgoing first for BOTH).
    ///
    /// Edges of weight 0 (NULL, NaN or negative strength under the default policy) are never walked;
    /// neither are edges leaving the source character.
    func steps(from node: NodeIndex, _ walk: BoundWalk, into buffer: inout [Step]) {
        buffer.removeAll(keepingCapacity: true)
        func consider(_ adjacency: Adjacency) {
            guard adjacency.weight > 0, inSource(adjacency.node) else { return }
            if let codes = walk.typeCodes, !codes.contains(graph.edgeTypeCodes[Int(adjacency.edge)]) { return }
            if let minimum = walk.minStrength, adjacency.weight < minimum { return }
            if let filter = walk.edgeFilter, reader.evaluate(filter, .relationship(adjacency.edge)) != true { return }
            buffer.append(Step(node: adjacency.node, edge: adjacency.edge, weight: adjacency.weight))
        }
        if walk.direction != .incoming { for a in graph.outgoing(node) { consider(a) } }
        if walk.direction != .outgoing { for a in graph.incoming(node) { consider(a) } }
    }

    /// Breadth-first search from `starts` up to `maxHops`, recording hops and first parents.
    /// Visiting more than `cap` nodes stops the walk when the query asked for the cap (MAX NODES),
    /// and fails with the max-nodes limit otherwise.
    func breadthFirst(from starts: [NodeIndex], maxHops: Int, walk: BoundWalk, cap: Int?,
                      at clauseRange: SourceRange) throws(QueryError) -> [NodeIndex] {
        var order: [NodeIndex] = []
        var frontier: [NodeIndex] = []
        for start in starts.sorted() where hops[start] == nil {
            hops[start] = 0
            order.append(start)
            frontier.append(start)
        }
        var buffer: [Step] = []
        var depth = 0
        while depth < maxHops && !frontier.isEmpty {
            depth += 1
            var next: [NodeIndex] = []
            for node in frontier {
                steps(from: node, walk, into: &buffer)
                for step in buffer where hops[step.node] == nil {
                    try tick()
                    if let cap, order.count >= cap { return order }
                    guard order.count < limits.maxNodesExpanded else {
                        throw QueryError(.limit, "the traversal visited more than \(limits.maxNodesExpanded) nodes (the max-nodes limit); "
                                         + "lower the hops, add VIA or MIN STRENGTH, or set MAX NODES", at: clauseRange)
                    }
                    hops[step.node] = depth
                    parents[step.node] = (node, step.edge)
                    order.append(step.node)
                    next.append(step.node)
                }
            }
            frontier = next
        }
        return order
    }

    /// The nodes from a seed (or start) to `node` along first-reached parents.
    func pathFromStart(to node: NodeIndex) -> (nodes: [NodeIndex], edges: [EdgeIndex]) {
        var nodes = [node], edges: [EdgeIndex] = []
        var current = node
        while let parent = parents[current], nodes.count <= limits.maxHops + 1 {
            edges.append(parent.edge)
            nodes.append(parent.node)
            current = parent.node
        }
        return (nodes.reversed(), edges.reversed())
    }
}
