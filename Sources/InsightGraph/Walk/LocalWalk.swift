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
            let built = rows.localGraph(of: nodes, parallel: parallel, budget: budget)
            graph = WalkGraph(policy: policy, offsets: built.offsets, neighbors: built.neighbors, weights: built.weights,
                              edges: built.edges, degrees: built.degrees)
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
        var offsets = [Int32](repeating: 0, count: nodes.count + 1)
        var neighbors: [NodeIndex] = [], weights: [Double] = [], edges: [EdgeIndex] = []
        var degrees = [Double](repeating: 0, count: nodes.count)
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
                var total = 0.0, strongest = -1.0, strongestEdge = steps[k].edge
                while k < steps.count && steps[k].node == v {
                    total += steps[k].weight
                    if steps[k].weight > strongest { strongest = steps[k].weight; strongestEdge = steps[k].edge }
                    k += 1
                }
                let w = parallel == .sum ? total : strongest
                guard w > 0 else { continue }
                neighbors.append(v)
                weights.append(w)
                edges.append(strongestEdge)
                degrees[u] += w
            }
            offsets[u + 1] = Int32(neighbors.count)
        }
        graph = WalkGraph(policy: policy, offsets: offsets, neighbors: neighbors, weights: weights, edges: edges, degrees: degrees)
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
