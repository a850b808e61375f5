/// Which relationships a walk may use and how much each weighs.
///
/// Ranking and best-path search do not walk the raw snapshot: they walk a ``WalkGraph`` built once
/// under one policy, so the hot path reads flat arrays and never looks at types, flags or NULLs.
public struct WalkPolicy: Hashable, Sendable {
    /// Which way a relationship may be followed.
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        /// from → to only.
        case outgoing
        /// to → from only.
        case incoming
        /// Both ways (the walk graph is then symmetric).
        case both
    }

    /// How several relationships between the same two insights combine.
    public enum ParallelRule: String, Hashable, Sendable {
        /// Weights add up (a random walk is more likely to take a doubly-supported step).
        case sum
        /// The strongest one counts (a path is as strong as its best link).
        case strongest
    }

    /// Relationships whose stored strength is below this are not walked (checked before the type weight).
    public var minimumStrength: Double
    public var direction: Direction
    public var parallel: ParallelRule
    /// Multiplier per relationship type name (exact match); 0 drops the type. `contradicts` defaults
    /// to 0.5: a contradiction is relevant context but should not pull as hard as support.
    public var typeWeights: [String: Double]
    /// Multiplier for types not in ``typeWeights`` (and for NULL types).
    public var defaultTypeWeight: Double
    /// When true, NULL and NaN strengths are never walked, whatever the snapshot's
    /// ``StrengthPolicy`` maps them to.
    public var excludeUnusableStrengths: Bool

    public init(
        minimumStrength: Double = 0, direction: Direction = .both, parallel: ParallelRule = .sum,
        typeWeights: [String: Double] = ["contradicts": 0.5], defaultTypeWeight: Double = 1,
        excludeUnusableStrengths: Bool = true
    ) {
        self.minimumStrength = minimumStrength
        self.direction = direction
        self.parallel = parallel
        self.typeWeights = typeWeights
        self.defaultTypeWeight = defaultTypeWeight
        self.excludeUnusableStrengths = excludeUnusableStrengths
    }

    /// The default for prompt retrieval: both directions, parallel weights added, `contradicts` at half weight.
    public static let retrieval = WalkPolicy()
}

/// The graph a walk uses: per node, its neighbours inside the same character with one combined
/// weight each (CSR, neighbours ascending), built once per snapshot and policy.
///
/// Never contains cross-character edges (a character's retrieval stays inside its node range),
/// self-loops, or edges of weight <= 0. Also stores `weight / degree` per entry, the transition
/// probability a random walk (PageRank) multiplies by.
public final class WalkGraph: Sendable {
    public let policy: WalkPolicy
    public let nodeCount: Int
    /// `offsets[u]..<offsets[u+1]` index ``neighbors``, ``weights``, ``transition`` and ``edges``.
    public let offsets: [Int32]
    public let neighbors: [NodeIndex]
    /// Combined weight of the step u → neighbour (sum or strongest, per the policy).
    public let weights: [Double]
    /// `weight / degree(u)`: the probability a walk at u steps to this neighbour.
    public let transition: [Double]
    /// The strongest relationship behind each entry (for explanations).
    public let edges: [EdgeIndex]
    /// Sum of a node's weights; 0 for a node with no walkable edge (a dangling node).
    public let degrees: [Double]
    /// Local push's stream: per entry u → v, v and `weight / unitDegree(v)`, packed so that one push
    /// reads one sequential array (see ``PageRankWorkspace/push(damping:epsilon:within:)``).
    public let pushEntries: [PushEntry]
    /// ``degrees``, with 1 for a dangling node (push keeps residuals per unit of this degree).
    public let pushDegrees: [Double]

    /// One entry of ``pushEntries``.
    public struct PushEntry: Sendable, BitwiseCopyable {
        public var neighbor: NodeIndex
        /// `weight(u → neighbor) / unitDegree(neighbor)`; Float is plenty for an approximation
        /// whose error is ε, and halves the stream.
        public var factor: Float
    }

    public convenience init(snapshot graph: GraphSnapshot, policy: WalkPolicy) {
        self.init(snapshot: graph, policy: policy, reuse: nil)
    }

    /// The walk graph of `graph`, equal to ``init(snapshot:policy:)``, copying the entries of each node
    /// whose relationships (ids, ends, strengths, types, flags) are the same in `old`, the walk graph
    /// of `oldSnapshot` under the same policy; only nodes touching a changed relationship are redone.
    public convenience init(snapshot graph: GraphSnapshot, policy: WalkPolicy, reusing old: WalkGraph,
                            of oldSnapshot: GraphSnapshot) {
        guard old.policy == policy, old.nodeCount == oldSnapshot.nodeCount,
              oldSnapshot.strengthPolicy == graph.strengthPolicy else {
            self.init(snapshot: graph, policy: policy, reuse: nil)
            return
        }
        self.init(snapshot: graph, policy: policy, reuse: WalkReuse(graph: graph, old: old, oldSnapshot: oldSnapshot))
    }

    private convenience init(snapshot graph: GraphSnapshot, policy: WalkPolicy, reuse: WalkReuse?) {
        // Type multipliers by interned code.
        let typeFactor: [Double] = graph.relationshipTypes.map { type in
            type.flatMap { policy.typeWeights[$0] } ?? policy.defaultTypeWeight
        }
        let excluded: EdgeFlags = [.crossCharacter, .selfLoop]
        func stepWeight(_ entry: Adjacency) -> Double? {
            let e = Int(entry.edge)
            if !graph.edgeFlags[e].isDisjoint(with: excluded) { return nil }
            let isUnusable = graph.edgeStrengthIsNull[e] || graph.edgeStrengths[e].isNaN
            if isUnusable && policy.excludeUnusableStrengths { return nil }
            // The weight is min(strength, 1) of the stored value; the snapshot's weight is that value
            // clamped to 0...1 (or the policy's NULL weight), which is the same for every kept edge.
            let raw = isUnusable ? entry.weight : graph.edgeStrengths[e]
            guard raw >= policy.minimumStrength else { return nil }
            let w = min(max(raw, 0), 1) * typeFactor[Int(graph.edgeTypeCodes[e])]
            return w > 0 ? w : nil
        }

        var offsets = [Int32](repeating: 0, count: graph.nodeCount + 1)
        var neighbors: [NodeIndex] = [], weights: [Double] = [], edges: [EdgeIndex] = []
        var degrees = [Double](repeating: 0, count: graph.nodeCount)
        neighbors.reserveCapacity(graph.edgeCount * (policy.direction == .both ? 2 : 1))
        weights.reserveCapacity(neighbors.capacity)
        edges.reserveCapacity(neighbors.capacity)
        var buffer: [(node: NodeIndex, edge: EdgeIndex, weight: Double)] = []
        // Hoisted: reading a class's array property inside the loop would retain it per access.
        let reusable = reuse?.reusableOldNode ?? [], oldToNew = reuse?.oldToNew ?? [], oldEdgeToNew = reuse?.oldEdgeToNew ?? []
        let oldOffsets = reuse?.old.offsets ?? [], oldNeighbors = reuse?.old.neighbors ?? []
        let oldWeights = reuse?.old.weights ?? [], oldEdges = reuse?.old.edges ?? [], oldDegrees = reuse?.old.degrees ?? []
        for u in 0..<graph.nodeCount {
            let node = NodeIndex(u)
            if !reusable.isEmpty && reusable[u] >= 0 {
                let v = Int(reusable[u])
                for k in Int(oldOffsets[v])..<Int(oldOffsets[v + 1]) {
                    neighbors.append(oldToNew[Int(oldNeighbors[k])])
                    weights.append(oldWeights[k])
                    edges.append(oldEdgeToNew[Int(oldEdges[k])])
                }
                degrees[u] = oldDegrees[v]
                offsets[u + 1] = Int32(neighbors.count)
                continue
            }
            buffer.removeAll(keepingCapacity: true)
            if policy.direction != .incoming {
                for entry in graph.outgoing(node) {
                    if let w = stepWeight(entry) { buffer.append((entry.node, entry.edge, w)) }
                }
            }
            if policy.direction != .outgoing {
                for entry in graph.incoming(node) {
                    if let w = stepWeight(entry) { buffer.append((entry.node, entry.edge, w)) }
                }
            }
            // Neighbour ascending, then relationship id order: sums are added in id order, as the
            // benchmark's peers add them, so the last bits agree too.
            buffer.sort { $0.node != $1.node ? $0.node < $1.node : $0.edge < $1.edge }
            var k = 0
            var degree = 0.0
            while k < buffer.count {
                let v = buffer[k].node
                var total = buffer[k].weight, strongest = buffer[k].weight, strongestEdge = buffer[k].edge
                k += 1
                while k < buffer.count && buffer[k].node == v {
                    total += buffer[k].weight
                    if buffer[k].weight > strongest { strongest = buffer[k].weight; strongestEdge = buffer[k].edge }
                    k += 1
                }
                let w = policy.parallel == .sum ? total : strongest
                neighbors.append(v)
                weights.append(w)
                edges.append(strongestEdge)
                degree += w
            }
            degrees[u] = degree
            offsets[u + 1] = Int32(neighbors.count)
        }
        self.init(policy: policy, offsets: offsets, neighbors: neighbors, weights: weights, edges: edges, degrees: degrees)
    }

    /// A walk graph from its CSR arrays (``offsets`` has one entry more than there are nodes);
    /// derives ``transition``, ``pushEntries`` and ``pushDegrees``.
    init(policy: WalkPolicy, offsets: [Int32], neighbors: [NodeIndex], weights: [Double], edges: [EdgeIndex], degrees: [Double]) {
        self.policy = policy
        nodeCount = degrees.count
        var transition = [Double](repeating: 0, count: weights.count)
        for u in 0..<degrees.count where degrees[u] > 0 {
            let inverse = 1 / degrees[u]
            for k in Int(offsets[u])..<Int(offsets[u + 1]) { transition[k] = inverse * weights[k] }
        }
        let unitDegrees = degrees.map { $0 > 0 ? $0 : 1 }
        var pushEntries: [PushEntry] = []
        pushEntries.reserveCapacity(weights.count)
        for k in 0..<weights.count {
            let v = neighbors[k]
            pushEntries.append(PushEntry(neighbor: v, factor: Float(weights[k] / unitDegrees[Int(v)])))
        }
        self.pushEntries = pushEntries
        self.pushDegrees = unitDegrees
        self.offsets = offsets
        self.neighbors = neighbors
        self.weights = weights
        self.transition = transition
        self.edges = edges
        self.degrees = degrees
    }

    /// Entries of node `u` as a range into the flat arrays.
    @inline(__always)
    public func range(of u: NodeIndex) -> Range<Int> { Int(offsets[Int(u)])..<Int(offsets[Int(u) + 1]) }
}


/// What carries over from an older walk graph: node and edge maps by id, and which new edges are
/// unchanged for walking (same ends, strength, type and flags). A class: read per node, never copied.
private final class WalkReuse {
    let old: WalkGraph
    let oldGraph: GraphSnapshot
    let graph: GraphSnapshot
    /// Old node → new node (-1: gone); new node → old node (-1: new).
    let oldToNew: [NodeIndex]
    let newToOld: [NodeIndex]
    /// Old edge → new edge (-1: gone); per new edge, whether its old row walks the same.
    let oldEdgeToNew: [EdgeIndex]
    let edgeUnchanged: [Bool]

    init(graph: GraphSnapshot, old: WalkGraph, oldSnapshot: GraphSnapshot) {
        self.old = old
        self.oldGraph = oldSnapshot
        self.graph = graph
        var oldToNew = [NodeIndex](repeating: -1, count: oldSnapshot.nodeCount)
        var newToOld = [NodeIndex](repeating: -1, count: graph.nodeCount)
        for u in 0..<graph.nodeCount {
            if let v = oldSnapshot.node(forInsightId: graph.insights[u].id) {
                newToOld[u] = v
                oldToNew[Int(v)] = NodeIndex(u)
            }
        }
        let typeMap: [UInt16?] = oldSnapshot.relationshipTypes.map { type in
            graph.relationshipTypes.firstIndex(of: type).map(UInt16.init)
        }
        var oldEdgeToNew = [EdgeIndex](repeating: -1, count: oldSnapshot.edgeCount)
        var edgeUnchanged = [Bool](repeating: false, count: graph.edgeCount)
        var e = 0, f = 0
        while e < oldSnapshot.edgeCount && f < graph.edgeCount {
            let a = oldSnapshot.edgeIds[e], b = graph.edgeIds[f]
            if a < b { e += 1; continue }
            if b < a { f += 1; continue }
            oldEdgeToNew[e] = EdgeIndex(f)
            edgeUnchanged[f] = oldToNew[Int(oldSnapshot.edgeFrom[e])] == graph.edgeFrom[f]
                && oldToNew[Int(oldSnapshot.edgeTo[e])] == graph.edgeTo[f]
                && oldSnapshot.edgeStrengthIsNull[e] == graph.edgeStrengthIsNull[f]
                && oldSnapshot.edgeStrengths[e].bitPattern == graph.edgeStrengths[f].bitPattern
                && typeMap[Int(oldSnapshot.edgeTypeCodes[e])] == graph.edgeTypeCodes[f]
                && oldSnapshot.edgeFlags[e].intersection([.crossCharacter, .selfLoop])
                    == graph.edgeFlags[f].intersection([.crossCharacter, .selfLoop])
            e += 1; f += 1
        }
        self.oldToNew = oldToNew
        self.newToOld = newToOld
        self.oldEdgeToNew = oldEdgeToNew
        self.edgeUnchanged = edgeUnchanged
    }

    /// Per new node, the old node whose walk entries it can take over (mapped), or -1: same
    /// relationships in and out, each unchanged for walking.
    lazy var reusableOldNode: [NodeIndex] = {
        var result = [NodeIndex](repeating: -1, count: graph.nodeCount)
        let oldEdgeToNew = self.oldEdgeToNew, edgeUnchanged = self.edgeUnchanged
        func same(_ new: ArraySlice<Adjacency>, _ old: ArraySlice<Adjacency>) -> Bool {
            guard new.count == old.count else { return false }
            for (x, y) in zip(new, old) where oldEdgeToNew[Int(y.edge)] != x.edge || !edgeUnchanged[Int(x.edge)] {
                return false
            }
            return true
        }
        let newOut = graph.outAdjacency, newIn = graph.inAdjacency, newOutOffsets = graph.outOffsets, newInOffsets = graph.inOffsets
        let oldOut = oldGraph.outAdjacency, oldIn = oldGraph.inAdjacency
        let oldOutOffsets = oldGraph.outOffsets, oldInOffsets = oldGraph.inOffsets
        for u in 0..<graph.nodeCount {
            let v = Int(newToOld[u])
            guard v >= 0 else { continue }
            if same(newOut[Int(newOutOffsets[u])..<Int(newOutOffsets[u + 1])], oldOut[Int(oldOutOffsets[v])..<Int(oldOutOffsets[v + 1])])
                && same(newIn[Int(newInOffsets[u])..<Int(newInOffsets[u + 1])], oldIn[Int(oldInOffsets[v])..<Int(oldInOffsets[v + 1])]) {
                result[u] = NodeIndex(v)
            }
        }
        return result
    }()
}
