import HeapModule

/// Strongest paths over a ``WalkGraph``: the path whose product of weights is largest.
///
/// Weights are in (0, 1], so a product never grows along a path and Dijkstra's algorithm (Dijkstra,
/// "A note on two problems in connexion with graphs", 1959) applies to it directly — it is Dijkstra
/// on `−log w` without the logarithms. A swift-collections `Heap` orders the frontier; equal
/// products settle the lower node (= lower insight id within a character) first, so results are
/// deterministic. With a hop limit, the search is instead `maxHops` rounds of max-product relaxation
/// (Bellman–Ford style), which is exact under the limit.
///
/// One workspace per thread; buffers are reused.
public final class PathSearch {
    public let graph: WalkGraph
    let best: ScratchBuffer<Double>
    let predecessor: ScratchBuffer<NodeIndex>
    let origin: ScratchBuffer<NodeIndex>
    let hops: ScratchBuffer<Int32>
    let reachedMarks: NodeMarks
    let settledMarks: NodeMarks
    let reachedNodes: NodeList
    let frontier: NodeList
    let nextFrontier: NodeList
    let roundValue: ScratchBuffer<Double>
    let roundMarks: NodeMarks
    /// Dijkstra's frontier, kept for its capacity (swapped out while a search runs).
    var heap = Heap<Entry>()

    struct Entry: Comparable {
        var product: Double
        var node: NodeIndex
        /// Max-heap: larger product first, then the smaller node.
        static func < (a: Entry, b: Entry) -> Bool {
            a.product != b.product ? a.product < b.product : a.node > b.node
        }
    }

    public init(graph: WalkGraph) {
        self.graph = graph
        let n = graph.nodeCount
        best = ScratchBuffer(count: n, repeating: 0)
        predecessor = ScratchBuffer(count: n, repeating: -1)
        origin = ScratchBuffer(count: n, repeating: -1)
        hops = ScratchBuffer(count: n, repeating: 0)
        reachedMarks = NodeMarks(count: n)
        settledMarks = NodeMarks(count: n)
        reachedNodes = NodeList(capacity: n)
        frontier = NodeList(capacity: n)
        nextFrontier = NodeList(capacity: n)
        roundValue = ScratchBuffer(count: n, repeating: 0)
        roundMarks = NodeMarks(count: n)
        heap.reserveCapacity(1024)
    }

    /// The strongest path from `source` to `target` (both included), with its product; `nil` when
    /// `target` cannot be reached. A path from a node to itself is `[source]` with strength 1.
    public func strongestPath(from source: NodeIndex, to target: NodeIndex) -> (strength: Double, path: [NodeIndex])? {
        search(from: [(source, 1)], maxHops: nil, targets: [target])
        guard reachedMarks.contains(Int(target)) else { return nil }
        return (best[Int(target)], path(to: target))
    }

    /// Best-path scores from a weighted seed set: for every reachable node, the largest
    /// `seedWeight × product of weights` over paths from any seed (within `maxHops` when given).
    /// Read the results with ``score(_:)``, ``originSeed(of:)``, ``path(to:)`` and ``reached``.
    /// With `targets`, the (unbounded) search may stop once all of them are settled.
    /// With a `budget`, each settled node (or relaxed frontier node) spends one unit and the search
    /// stops early once it runs out (``WorkBudget/isExhausted``).
    public func search(from seeds: [(node: NodeIndex, weight: Double)], maxHops: Int?, targets: [NodeIndex] = [],
                       budget: WorkBudget? = nil) {
        reachedMarks.clear()
        settledMarks.clear()
        reachedNodes.removeAll()
        for (node, weight) in seeds where weight > 0 && weight.isFinite {
            let u = Int(node)
            if !reachedMarks.contains(u) || weight > best[u] {
                if reachedMarks.insertIfAbsent(u) { reachedNodes.append(node) }
                best[u] = weight
                predecessor[u] = -1
                origin[u] = node
                hops[u] = 0
            }
        }
        if let maxHops { relaxRounds(maxHops, budget: budget) } else { dijkstra(targets: targets, budget: budget) }
    }

    private func dijkstra(targets: [NodeIndex], budget: WorkBudget?) {
        var heap = takeHeap()
        defer { returnHeap(&heap) }
        for u in reachedNodes.nodes { heap.insert(Entry(product: best[Int(u)], node: u)) }
        var remaining = targets.count
        graph.withBuffers { g in
            while let entry = heap.popMax() {
                let u = Int(entry.node)
                if settledMarks.contains(u) || entry.product < best[u] { continue }
                if let budget, !budget.spend() { break }
                settledMarks.insert(u)
                if !targets.isEmpty && targets.contains(entry.node) {
                    remaining -= 1
                    if remaining == 0 { break }
                }
                relax(entry, g, into: &heap, keepOrigin: true)
            }
        }
    }

    /// The reused heap, empty, moved out of the property (so the search's inserts and pops pay no
    /// exclusivity check); give it back with ``returnHeap(_:)``.
    private func takeHeap() -> Heap<Entry> {
        var taken = Heap<Entry>()
        swap(&taken, &heap)
        taken.removeAll(where: { _ in true })
        return taken
    }

    private func returnHeap(_ taken: inout Heap<Entry>) {
        taken.removeAll(where: { _ in true })
        swap(&taken, &heap)
    }

    /// The strongest path from any node of `sources` to `target` (both included), with its
    /// product; `nil` when no source reaches `target`. Searches backwards from `target` over
    /// `reverse` (this workspace's graph with every step reversed, same weights) and stops at the
    /// first source it settles: that one has the largest product. Why backwards: explanations need
    /// one path per result, and a result usually sits a step or two from its nearest seed, so this
    /// settles a handful of nodes where a forward search from every seed at once settles everything
    /// nearer to some seed than the furthest result (most of a character, in a profile of the service).
    /// Ties: equal products settle the lower node first. Overwrites the last ``search(from:maxHops:targets:)``.
    func strongestPath(fromAnyOf sources: NodeMarks, to target: NodeIndex, over reverse: WalkGraph)
        -> (strength: Double, path: [NodeIndex])? {
        precondition(reverse.nodeCount == graph.nodeCount, "the reversed graph must have the same nodes")
        reachedMarks.clear()
        settledMarks.clear()
        reachedNodes.removeAll()
        var heap = takeHeap()
        defer { returnHeap(&heap) }
        let t = Int(target)
        reachedMarks.insert(t)
        reachedNodes.append(target)
        best[t] = 1
        predecessor[t] = -1
        hops[t] = 0
        heap.insert(Entry(product: 1, node: target))
        var found: NodeIndex?
        reverse.withBuffers { g in
            while let entry = heap.popMax() {
                let u = Int(entry.node)
                if settledMarks.contains(u) || entry.product < best[u] { continue }
                settledMarks.insert(u)
                if sources.contains(u) { found = entry.node; break }
                relax(entry, g, into: &heap, keepOrigin: false)
            }
        }
        guard let source = found else { return nil }
        // The product is recomputed from the seed forward, the order a forward search multiplies
        // in, so the strength is exactly the product of the path's steps as read from the seed.
        var path: [NodeIndex] = [source]
        var strength = 1.0
        var u = source
        while predecessor[Int(u)] >= 0 && path.count <= graph.nodeCount {
            let next = predecessor[Int(u)]
            if let k = reverse.range(of: next).first(where: { reverse.neighbors[$0] == u }) { strength *= reverse.weights[k] }
            u = next
            path.append(u)
        }
        return (strength, path)
    }

    /// Dijkstra's step from a settled node: each unsettled neighbour whose product improves (or
    /// equals it in fewer hops) takes `entry.node` as its predecessor and enters the heap.
    @inline(__always)
    private func relax(_ entry: Entry, _ g: WalkGraph.Buffers, into heap: inout Heap<Entry>, keepOrigin: Bool) {
        let u = Int(entry.node)
        for k in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
            let v = Int(g.neighbors[k])
            if settledMarks.contains(v) { continue }
            let product = entry.product * g.weights[k]
            let known = reachedMarks.contains(v)
            if !known || product > best[v] || (product == best[v] && hops[u] + 1 < hops[v]) {
                if !known { reachedMarks.insert(v); reachedNodes.append(g.neighbors[k]) }
                best[v] = product
                predecessor[v] = entry.node
                if keepOrigin { origin[v] = origin[u] }
                hops[v] = hops[u] + 1
                heap.insert(Entry(product: product, node: g.neighbors[k]))
            }
        }
    }

    private func relaxRounds(_ maxHops: Int, budget: WorkBudget?) {
        frontier.removeAll()
        for u in reachedNodes.nodes { frontier.append(u) }
        graph.withBuffers { g in
            for _ in 0..<max(0, maxHops) where !frontier.isEmpty {
                nextFrontier.removeAll()
                roundMarks.clear()
                // Relax from the values at the start of the round only (Bellman–Ford by hop count).
                if let budget, !budget.spend(frontier.count) { break }
                for f in frontier.nodes {
                    let u = Int(f)
                    let bu = best[u]
                    for k in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
                        let v = Int(g.neighbors[k])
                        let product = bu * g.weights[k]
                        let current = reachedMarks.contains(v) ? best[v] : 0
                        let pending = roundMarks.contains(v) ? roundValue[v] : 0
                        if product > current && product > pending
                            || (roundMarks.contains(v) && product == pending && f < predecessor[v]) {
                            if roundMarks.insertIfAbsent(v) { nextFrontier.append(g.neighbors[k]) }
                            roundValue[v] = product
                            predecessor[v] = f
                            origin[v] = origin[u]
                            hops[v] = hops[u] + 1
                        }
                    }
                }
                for v in nextFrontier.nodes {
                    if reachedMarks.insertIfAbsent(Int(v)) { reachedNodes.append(v) }
                    best[Int(v)] = roundValue[Int(v)]
                }
                frontier.removeAll()
                for v in nextFrontier.nodes { frontier.append(v) }
            }
        }
    }

    /// Nodes reached by the last search; read it before the next search.
    public var reached: WorkspaceNodes { reachedNodes.nodes }

    /// Best score of a node after the last search (0 when not reached).
    public func score(_ node: NodeIndex) -> Double { reachedMarks.contains(Int(node)) ? best[Int(node)] : 0 }

    /// The seed the best path to `node` starts from.
    public func originSeed(of node: NodeIndex) -> NodeIndex? {
        reachedMarks.contains(Int(node)) ? origin[Int(node)] : nil
    }

    /// The best path found to `node`, from its seed to `node` (empty when not reached).
    public func path(to node: NodeIndex) -> [NodeIndex] {
        guard reachedMarks.contains(Int(node)) else { return [] }
        var path: [NodeIndex] = [node]
        var u = node
        while predecessor[Int(u)] >= 0 && path.count <= graph.nodeCount {
            u = predecessor[Int(u)]
            path.append(u)
        }
        return path.reversed()
    }
}
