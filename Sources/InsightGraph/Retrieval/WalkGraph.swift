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
    /// `offsets[u]..<offsets[u+1]` index ``neighbors``, ``weights`` and ``edges``.
    public let offsets: [Int32]
    public let neighbors: [NodeIndex]
    /// Combined weight of the step u → neighbour (sum or strongest, per the policy).
    public let weights: [Double]
    /// `1 / degree(u)` per node (0 for a dangling node): a step's transition probability is
    /// `inverseDegrees[u] * weight`, worked out where it is used rather than kept per entry.
    public let inverseDegrees: [Double]
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
        let step = StepRule(graph: graph, policy: policy)
        var csr = CSRBuilder(nodeCount: graph.nodeCount, capacity: graph.edgeCount * (policy.direction == .both ? 2 : 1))
        var steps: [(node: NodeIndex, edge: EdgeIndex, weight: Double)] = []
        let copier = reuse.map(EntryCopier.init)
        for u in 0..<graph.nodeCount {
            if let copier, copier.copyEntries(ofNewNode: u, into: &csr) { continue }
            let node = NodeIndex(u)
            steps.removeAll(keepingCapacity: true)
            if policy.direction != .incoming {
                for entry in graph.outgoing(node) {
                    if let w = step.weight(entry) { steps.append((entry.node, entry.edge, w)) }
                }
            }
            if policy.direction != .outgoing {
                for entry in graph.incoming(node) {
                    if let w = step.weight(entry) { steps.append((entry.node, entry.edge, w)) }
                }
            }
            csr.addNode(combining: &steps, parallel: policy.parallel)
        }
        self.init(policy: policy, offsets: csr.offsets, neighbors: csr.neighbors, weights: csr.weights, edges: csr.edges,
                  degrees: csr.degrees)
    }

    /// A walk graph from its CSR arrays (``offsets`` has one entry more than there are nodes);
    /// derives ``inverseDegrees``, ``pushEntries`` and ``pushDegrees``.
    init(policy: WalkPolicy, offsets: [Int32], neighbors: [NodeIndex], weights: [Double], edges: [EdgeIndex], degrees: [Double]) {
        self.policy = policy
        nodeCount = degrees.count
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
        self.inverseDegrees = degrees.map { $0 > 0 ? 1 / $0 : 0 }
        self.edges = edges
        self.degrees = degrees
    }

    /// `weight / degree(u)` per entry: the probability a walk at u steps to that neighbour (the
    /// values power iteration multiplies by, bit for bit; made on demand, for inspection).
    public var transition: [Double] {
        var transition = [Double](repeating: 0, count: weights.count)
        for u in 0..<nodeCount {
            for k in Int(offsets[u])..<Int(offsets[u + 1]) { transition[k] = inverseDegrees[u] * weights[k] }
        }
        return transition
    }

    /// Entries of node `u` as a range into the flat arrays.
    @inline(__always)
    public func range(of u: NodeIndex) -> Range<Int> { Int(offsets[Int(u)])..<Int(offsets[Int(u) + 1]) }
}


/// Whether a relationship entry is a walk step under a policy, and its weight.
private struct StepRule {
    let graph: GraphSnapshot
    let policy: WalkPolicy
    /// Type multipliers by interned code.
    let typeFactor: [Double]
    static let excluded: EdgeFlags = [.crossCharacter, .selfLoop]

    init(graph: GraphSnapshot, policy: WalkPolicy) {
        self.graph = graph
        self.policy = policy
        typeFactor = graph.relationshipTypes.map { type in
            type.flatMap { policy.typeWeights[$0] } ?? policy.defaultTypeWeight
        }
    }

    /// The step's weight, or nil when the policy does not walk it.
    func weight(_ entry: Adjacency) -> Double? {
        let e = Int(entry.edge)
        if !graph.edgeFlags[e].isDisjoint(with: Self.excluded) { return nil }
        let isUnusable = graph.edgeStrengthIsNull[e] || graph.edgeStrengths[e].isNaN
        if isUnusable && policy.excludeUnusableStrengths { return nil }
        // The weight is min(strength, 1) of the stored value; the snapshot's weight is that value
        // clamped to 0...1 (or the policy's NULL weight), which is the same for every kept edge.
        let raw = isUnusable ? entry.weight : graph.edgeStrengths[e]
        guard raw >= policy.minimumStrength else { return nil }
        let w = min(max(raw, 0), 1) * typeFactor[Int(graph.edgeTypeCodes[e])]
        return w > 0 ? w : nil
    }
}

/// A walk graph's CSR arrays, filled one node at a time in node order.
private struct CSRBuilder {
    var offsets: [Int32]
    var neighbors: [NodeIndex] = [], weights: [Double] = [], edges: [EdgeIndex] = []
    var degrees: [Double]
    private var next = 0

    init(nodeCount: Int, capacity: Int) {
        offsets = [Int32](repeating: 0, count: nodeCount + 1)
        degrees = [Double](repeating: 0, count: nodeCount)
        neighbors.reserveCapacity(capacity)
        weights.reserveCapacity(capacity)
        edges.reserveCapacity(capacity)
    }

    /// The next node's entries: `steps` (reordered) grouped by neighbour, parallel steps combined
    /// by `parallel`; the entry keeps the strongest relationship.
    mutating func addNode(combining steps: inout [(node: NodeIndex, edge: EdgeIndex, weight: Double)],
                          parallel: WalkPolicy.ParallelRule) {
        // Neighbour ascending, then relationship id order: sums are added in id order, as the
        // benchmark's peers add them, so the last bits agree too.
        steps.sort { $0.node != $1.node ? $0.node < $1.node : $0.edge < $1.edge }
        var k = 0
        var degree = 0.0
        while k < steps.count {
            let v = steps[k].node
            var total = steps[k].weight, strongest = steps[k].weight, strongestEdge = steps[k].edge
            k += 1
            while k < steps.count && steps[k].node == v {
                total += steps[k].weight
                if steps[k].weight > strongest { strongest = steps[k].weight; strongestEdge = steps[k].edge }
                k += 1
            }
            let w = parallel == .sum ? total : strongest
            append(v, weight: w, edge: strongestEdge)
            degree += w
        }
        finishNode(degree: degree)
    }

    mutating func append(_ neighbor: NodeIndex, weight: Double, edge: EdgeIndex) {
        neighbors.append(neighbor)
        weights.append(weight)
        edges.append(edge)
    }

    /// Closes the current node's entries.
    mutating func finishNode(degree: Double) {
        degrees[next] = degree
        offsets[next + 1] = Int32(neighbors.count)
        next += 1
    }
}

/// Copies unchanged nodes' entries from an older walk graph. A struct of the arrays it reads, held
/// as locals: read through a class in the per-node loop, each array would be retained per access.
private struct EntryCopier {
    let reusable: [NodeIndex], oldToNew: [NodeIndex], oldEdgeToNew: [EdgeIndex]
    let oldOffsets: [Int32], oldNeighbors: [NodeIndex], oldWeights: [Double], oldEdges: [EdgeIndex], oldDegrees: [Double]

    init(_ reuse: WalkReuse) {
        reusable = reuse.reusableOldNode
        oldToNew = reuse.oldToNew
        oldEdgeToNew = reuse.oldEdgeToNew
        oldOffsets = reuse.old.offsets
        oldNeighbors = reuse.old.neighbors
        oldWeights = reuse.old.weights
        oldEdges = reuse.old.edges
        oldDegrees = reuse.old.degrees
    }

    /// Copies the old walk entries of new node `u` into `csr` (neighbours and edges mapped to new
    /// numbers) when its relationships are unchanged; false when they must be redone.
    func copyEntries(ofNewNode u: Int, into csr: inout CSRBuilder) -> Bool {
        let v = Int(reusable[u])
        guard v >= 0 else { return false }
        for k in Int(oldOffsets[v])..<Int(oldOffsets[v + 1]) {
            csr.append(oldToNew[Int(oldNeighbors[k])], weight: oldWeights[k], edge: oldEdgeToNew[Int(oldEdges[k])])
        }
        csr.finishNode(degree: oldDegrees[v])
        return true
    }
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
