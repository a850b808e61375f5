/// Which relationships a neighbourhood walk follows.
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

extension GraphSnapshot {
    /// The k-hop neighbourhood of `start` (breadth-first), in visiting order: start nodes first
    /// (hops 0), then by hop count, neighbours in relationship id order. Never leaves the
    /// character of each start node: cross-character relationships and self-loops are not followed.
    public func neighbourhood(of start: [NodeIndex], hops maxHops: Int, filter: TraversalFilter = .init()) -> [Reached] {
        let allowedTypes: [Bool]? = filter.types.map { types in relationshipTypes.map { $0.map(types.contains) ?? false } }
        var seen = Set<NodeIndex>()
        var out: [Reached] = []
        let limit = filter.maxNodes ?? Int.max
        for s in start where out.count < limit && seen.insert(s).inserted { out.append(Reached(node: s, hops: 0)) }
        var head = 0
        func consider(_ entry: Adjacency, from depth: Int) {
            let e = Int(entry.edge)
            if !edgeFlags[e].isDisjoint(with: [.crossCharacter, .selfLoop]) { return }
            if let allowedTypes, !allowedTypes[Int(edgeTypeCodes[e])] { return }
            if entry.weight <= 0 || entry.weight < filter.minimumStrength { return }
            if out.count < limit && seen.insert(entry.node).inserted { out.append(Reached(node: entry.node, hops: depth + 1)) }
        }
        while head < out.count && out.count < limit {
            let current = out[head]
            head += 1
            if current.hops >= maxHops { continue }
            if filter.direction != .incoming { for entry in outgoing(current.node) { consider(entry, from: current.hops) } }
            if filter.direction != .outgoing { for entry in incoming(current.node) { consider(entry, from: current.hops) } }
        }
        return out
    }
}
