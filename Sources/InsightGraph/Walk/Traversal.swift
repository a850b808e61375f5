/// Which relationships a neighbourhood walk follows, by type name (see ``EdgeMask`` for the
/// per-call form every walk of the core reads).
public struct TraversalFilter: Hashable, Sendable {
    /// Relationship types to follow (exact names); `nil` follows every type.
    public var types: Set<String>?
    public var direction: WalkPolicy.Direction
    /// Relationships whose weight (strength after the snapshot's ``StrengthPolicy``) is below this
    /// are not followed; weight 0 (NULL/NaN/negative under the default policy) never is.
    public var minimumStrength: Double
    /// Stop after this many nodes (the start nodes included); `nil`: no limit.
    public var maxNodes: Int?

    public init(types: Set<String>? = nil, direction: WalkPolicy.Direction = .both, minimumStrength: Double = 0,
                maxNodes: Int? = nil) {
        self.types = types
        self.direction = direction
        self.minimumStrength = minimumStrength
        self.maxNodes = maxNodes
    }
}

/// One node of a neighbourhood: how many hops from the nearest start node.
public struct Reached: Hashable, Sendable {
    public var node: NodeIndex
    public var hops: Int
}

/// The result of ``GraphSnapshot/breadthFirst(from:maxHops:mask:maxNodes:budget:)``.
public struct BreadthFirstWalk {
    /// Why the walk ended.
    public enum End: Equatable {
        /// Every node within the hop limit was visited.
        case complete
        /// A node beyond `maxNodes` was found; ``order`` holds the first `maxNodes`.
        case nodeLimit
        /// The work budget ran out.
        case budget
    }

    /// Visited nodes in visiting order: start nodes (hops 0), then by hop count.
    public var order: [Reached] = []
    /// For each entry of ``order``, how it was first reached: the node before it and the
    /// relationship (`nil` for a start node).
    public var parents: [(node: NodeIndex, edge: EdgeIndex)?] = []
    public var end = End.complete
}

extension BreadthFirstWalk {
    /// The visited nodes in ascending order. When they all lie in `range` and it is not much larger
    /// than the walk (a character's range, for a walk of a good part of it), by marking them and
    /// sweeping the range, which costs less than sorting them.
    public func nodesAscending(within range: Range<NodeIndex>?) -> [NodeIndex] {
        if let range, range.count <= 64 * order.count, order.allSatisfy({ range.contains($0.node) }) {
            var marks = NodeRangeSet(range: range)
            for reached in order { _ = marks.insert(reached.node) }
            return marks.members
        }
        return order.map(\.node).sorted()
    }
}

extension GraphSnapshot {
    /// Breadth-first search from `starts` (duplicates ignored, in the given order), at most
    /// `maxHops` steps, over the relationships `mask` allows: the one traversal that IGQ's EXPAND and
    /// NEIGHBOURHOOD, GraphML's neighbourhood export and ``neighbourhood(of:hops:filter:)`` use.
    /// Neighbours are visited outgoing first, then incoming, in adjacency (relationship id) order,
    /// so the order and the first-found parents are deterministic.
    ///
    /// - Parameters:
    ///   - maxNodes: stop once this many nodes are visited; ``BreadthFirstWalk/end`` is then
    ///     `.nodeLimit` if a further node was found.
    ///   - budget: checked per node; the walk stops early when it runs out.
    ///   - scratch: reused visited marks (see ``WalkScratch``); without, an array per call.
    /// - Complexity: O(visited nodes + their walked relationships), plus one byte per snapshot node
    ///   for the visited marks.
    public func breadthFirst(from starts: [NodeIndex], maxHops: Int, mask: EdgeMask, maxNodes: Int? = nil,
                             budget: WorkBudget? = nil, scratch: WalkScratch? = nil) -> BreadthFirstWalk {
        if let rows = mask.precomputed, rows.covers(starts) {
            return rows.breadthFirst(from: starts, maxHops: maxHops, maxNodes: maxNodes ?? Int.max, budget: budget)
        }
        var walk = BreadthFirstWalk()
        // Visited marks: the scratch's (emptied in O(1)), or a flat array of one byte a node; either
        // is far cheaper than hashing every visited node.
        let marks = scratch.flatMap { $0.nodeCount == nodeCount ? $0.visited : nil }
        marks?.clear()
        var flat = marks == nil ? [Bool](repeating: false, count: nodeCount) : []
        func isVisited(_ node: NodeIndex) -> Bool { marks?.contains(Int(node)) ?? flat[Int(node)] }
        func visit(_ node: NodeIndex) { if let marks { marks.insert(Int(node)) } else { flat[Int(node)] = true } }
        let limit = maxNodes ?? Int.max
        for s in starts where !isVisited(s) {
            guard walk.order.count < limit else { walk.end = .nodeLimit; return walk }
            visit(s)
            walk.order.append(Reached(node: s, hops: 0))
            walk.parents.append(nil)
        }
        var head = 0
        while head < walk.order.count && walk.end == .complete {
            let current = walk.order[head]
            head += 1
            if current.hops >= maxHops { continue }
            if let budget, !budget.spend() { walk.end = .budget; break }
            mask.forEachStep(from: current.node, in: self) { entry in
                guard walk.end == .complete, !isVisited(entry.node) else { return }
                guard walk.order.count < limit else { walk.end = .nodeLimit; return }
                visit(entry.node)
                walk.order.append(Reached(node: entry.node, hops: current.hops + 1))
                walk.parents.append((current.node, entry.edge))
            }
        }
        return walk
    }

    /// The k-hop neighbourhood of `start` (breadth-first), in visiting order: start nodes first
    /// (hops 0), then by hop count, neighbours in relationship id order. Never leaves the
    /// character of each start node: cross-character relationships and self-loops are not followed.
    public func neighbourhood(of start: [NodeIndex], hops maxHops: Int, filter: TraversalFilter = .init()) -> [Reached] {
        breadthFirst(from: start, maxHops: maxHops, mask: EdgeMask(filter, in: self), maxNodes: filter.maxNodes).order
    }
}
