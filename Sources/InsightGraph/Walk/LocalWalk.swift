/// The walk graph of some of a snapshot's insights under an ``EdgeMask``, numbered locally, so
/// that PageRank (``PageRankWorkspace``) and path search (``PathSearch``) can rank the part of a
/// graph one query reached, under that query's own edge rules, at a cost proportional to that part.
///
/// Retrieval ranks over the snapshot-wide ``WalkGraph`` its ``RetrievalIndex`` keeps; IGQ's walks
/// differ per query (VIA, direction, MIN STRENGTH, EDGES WHERE), so it builds one of these from the
/// nodes its breadth-first search visited. Local node `i` is snapshot node ``nodes``[i]. A step's
/// weight is the relationship's weight under the snapshot's ``StrengthPolicy``; parallel
/// relationships combine by the given ``WalkPolicy/ParallelRule``.
public struct LocalWalk {
    /// The walk graph, in local numbering.
    public let graph: WalkGraph
    /// Local node → snapshot node, ascending (so a snapshot node's local number is its position,
    /// found by binary search: no hashing per relationship).
    public let nodes: [NodeIndex]

    /// - Parameters:
    ///   - nodes: the snapshot nodes to keep (duplicates ignored); steps to other nodes are dropped.
    ///   - budget: checked per node; when it runs out the graph is built from the nodes done so far.
    ///   - scratch: a node → local-number map for the build (see ``WalkScratch``); without, binary search.
    public init(snapshot: GraphSnapshot, nodes requested: [NodeIndex], mask: EdgeMask, parallel: WalkPolicy.ParallelRule,
                budget: WorkBudget? = nil, scratch: WalkScratch? = nil) {
        // Callers often pass nodes in order already (IGQ's EXPAND does): a check is cheaper than a sort.
        var nodes = zip(requested, requested.dropFirst()).allSatisfy({ $0 <= $1 }) ? requested : requested.sorted()
        var unique = 0
        for node in nodes where unique == 0 || nodes[unique - 1] != node {
            nodes[unique] = node
            unique += 1
        }
        nodes.removeLast(nodes.count - unique)
        self.nodes = nodes
        let policy = WalkPolicy(minimumStrength: mask.minimumStrength, direction: mask.direction, parallel: parallel,
                                typeWeights: [:], defaultTypeWeight: 1, excludeUnusableStrengths: false)
        if let rows = mask.precomputed, rows.covers(sorted: nodes) {
            graph = rows.localGraph(of: nodes, parallel: parallel, budget: budget, policy: policy)
            return
        }
        let map = scratch.flatMap { $0.nodeCount == snapshot.nodeCount ? $0 : nil }
        let numbers = map?.localNumbers
        if let numbers {
            numbers.clear()
            for (i, node) in nodes.enumerated() { numbers.set(Int(node), to: Int32(i)) }
        }
        func localNumber(_ node: NodeIndex) -> NodeIndex? {
            guard let numbers else { return Self.position(of: node, in: nodes) }
            return numbers.number(of: Int(node))
        }
        var rows = WalkRowsBuilder(nodeCount: nodes.count, parallel: parallel)
        var steps: [(node: NodeIndex, edge: EdgeIndex, weight: Double)] = []
        for (u, node) in nodes.enumerated() {
            steps.removeAll(keepingCapacity: true)
            if budget?.spend() ?? true {
                mask.forEachStep(from: node, in: snapshot) { entry in
                    if let v = localNumber(entry.node) { steps.append((v, entry.edge, min(max(entry.weight, 0), 1))) }
                }
            }
            // Neighbour ascending, then relationship id: the same order the snapshot-wide walk graph uses.
            steps.sort { $0.node != $1.node ? $0.node < $1.node : $0.edge < $1.edge }
            var k = 0
            while k < steps.count {
                let v = steps[k].node
                rows.beginStep()
                while k < steps.count && steps[k].node == v {
                    rows.add(weight: steps[k].weight, edge: steps[k].edge)
                    k += 1
                }
                rows.endStep(to: v, from: u)
            }
            rows.endRow(u)
        }
        graph = rows.graph(policy: policy)
    }

    /// The local number of a snapshot node (`nil`: not in this walk).
    public func local(_ node: NodeIndex) -> NodeIndex? { Self.position(of: node, in: nodes) }

    private static func position(of node: NodeIndex, in nodes: [NodeIndex]) -> NodeIndex? {
        var lo = 0, hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodes[mid] < node { lo = mid + 1 } else { hi = mid }
        }
        return lo < nodes.count && nodes[lo] == node ? NodeIndex(lo) : nil
    }
}

/// The relationships from one node to one neighbour combined into one step, under both
/// ``WalkPolicy/ParallelRule``s: their summed weight, and the strongest one's weight and
/// relationship (for explanations; under either rule). Every local walk graph combines with it,
/// whether it reads the snapshot (``LocalWalk``) or kept rows (``MaskedSteps``, ahead of time).
struct StepCombination {
    private(set) var sum = 0.0
    private(set) var strongest = -1.0
    private(set) var strongestEdge: EdgeIndex = 0

    /// Starts the step to a new neighbour.
    @inline(__always) mutating func start() {
        sum = 0
        strongest = -1
    }

    /// One relationship of the step (weights in 0...1; in relationship order).
    @inline(__always) mutating func add(weight: Double, edge: EdgeIndex) {
        sum += weight
        if weight > strongest { strongest = weight; strongestEdge = edge }
    }

    /// The step's weight under `rule`: walked when positive.
    @inline(__always) func weight(_ rule: WalkPolicy.ParallelRule) -> Double { rule == .sum ? sum : strongest }
}

/// The rows of a local walk graph as they are built, node by node in local order. Both of
/// ``LocalWalk``'s ways of reading a node's steps (tested, or kept in ``MaskedSteps``) build with it.
struct WalkRowsBuilder {
    let parallel: WalkPolicy.ParallelRule
    private var offsets: [Int32]
    private var neighbors: [NodeIndex] = [], weights: [Double] = [], edges: [EdgeIndex] = []
    private var degrees: [Double]
    private var step = StepCombination()

    init(nodeCount: Int, parallel: WalkPolicy.ParallelRule, capacity: Int = 0) {
        self.parallel = parallel
        offsets = [Int32](repeating: 0, count: nodeCount + 1)
        degrees = [Double](repeating: 0, count: nodeCount)
        neighbors.reserveCapacity(capacity)
        weights.reserveCapacity(capacity)
        edges.reserveCapacity(capacity)
    }

    /// Starts the step to a new neighbour.
    @inline(__always) mutating func beginStep() { step.start() }

    /// One relationship of the step (weights in 0...1; in relationship order).
    @inline(__always) mutating func add(weight: Double, edge: EdgeIndex) { step.add(weight: weight, edge: edge) }

    /// Ends the step from local node `u` to local node `v`.
    @inline(__always) mutating func endStep(to v: NodeIndex, from u: Int) {
        append(to: v, weight: step.weight(parallel), edge: step.strongestEdge, from: u)
    }

    /// A step from local node `u` to local node `v`, its relationships already combined: kept
    /// when `weight` is positive.
    @inline(__always) mutating func append(to v: NodeIndex, weight w: Double, edge: EdgeIndex, from u: Int) {
        guard w > 0 else { return }
        neighbors.append(v)
        weights.append(w)
        edges.append(edge)
        degrees[u] += w
    }

    /// Ends local node `u`'s row.
    @inline(__always) mutating func endRow(_ u: Int) { offsets[u + 1] = Int32(neighbors.count) }

    func graph(policy: WalkPolicy) -> WalkGraph {
        WalkGraph(policy: policy, offsets: offsets, neighbors: neighbors, weights: weights, edges: edges, degrees: degrees)
    }
}
