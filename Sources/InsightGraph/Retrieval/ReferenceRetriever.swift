/// Answers the reference workload's R-PPR and R-HOP queries (bench README, version 1) over a
/// ``ReferenceIndex``, exactly as `shared/bench/peers.py` computes them.
///
/// One retriever per thread: it owns scratch buffers sized to the snapshot and reuses them, so a
/// query allocates nothing after warm-up (ASCII messages; a message with non-ASCII text is
/// tokenized through `String`s, which allocates).
///
/// - R-PPR exact: power iteration as NetworkX's `pagerank` runs it (start on the teleport vector,
///   `x ← d·(xP + dangling·p) + (1−d)·p`, stop at an L1 change below 1e-12, the peers' tolerance),
///   restricted to the seeds' connected component (elsewhere the iterate stays exactly 0).
/// - R-PPR push: Andersen, Chung & Lang, "Local graph partitioning using PageRank vectors"
///   (FOCS 2006), forward push without laziness: a node whose residual r(u) >= ε·deg(u) moves
///   (1−d)·r(u) into its estimate and spreads d·r(u) over its edges; a dangling node's share goes
///   back to the seeds. The estimate used is `p + (1−d)·r`.
/// - R-HOP: two rounds of max-product relaxation from S over the strongest parallel weights.
/// Ranking: ``ReferenceRanking`` (top 10 at 12 significant digits, ties by id).
public final class ReferenceRetriever {
    public enum Task: Sendable, Hashable {
        case pprExact
        /// Local push with error parameter ε, relative to one seed's teleport share 1/|S|: pushing
        /// stops when every node's residual is below ε × degree / |S|.
        case pprPush(epsilon: Double)
        case hop
    }

    public static let damping = 0.85
    public static let tolerance = 1e-12
    public static let maxIterations = 10_000
    /// Default ε for ``Task/pprPush(epsilon:)``.
    public static let defaultEpsilon = 0.02

    public let index: ReferenceIndex
    let seedMarks: NodeMarks
    let activeMarks: NodeMarks
    let queueMarks: NodeMarks
    let seeds: NodeList
    let active: NodeList
    let frontier: NodeList
    @exclusivity(unchecked) var x: ScratchBuffer<Double>
    @exclusivity(unchecked) var y: ScratchBuffer<Double>
    let queue: ScratchBuffer<NodeIndex>
    let tokenBytes: ScratchBuffer<UInt8>
    let ranking = ReferenceRanking()
    /// Iterations of the last exact R-PPR, pushes of the last push R-PPR.
    @exclusivity(unchecked) public private(set) var lastWork = 0

    public init(index: ReferenceIndex) {
        self.index = index
        let n = index.snapshot.nodeCount
        seedMarks = NodeMarks(count: n)
        activeMarks = NodeMarks(count: n)
        queueMarks = NodeMarks(count: n)
        x = ScratchBuffer(count: n, repeating: 0)
        y = ScratchBuffer(count: n, repeating: 0)
        queue = ScratchBuffer(count: n + 1, repeating: 0)
        tokenBytes = ScratchBuffer(count: 4096, repeating: 0)
        seeds = NodeList(capacity: n)
        active = NodeList(capacity: n)
        frontier = NodeList(capacity: n)
    }

    /// The answer ids (insight ids, best first, at most 10) for one query, written into `ids`
    /// (cleared first; its capacity is kept, so reuse the array).
    public func answer(_ task: Task, character: String, message: String, into ids: inout [Int]) {
        ids.removeAll(keepingCapacity: true)
        guard let c = index.characterByName[character] else { return }
        let range = index.snapshot.nodes(ofCharacter: Int(c))
        collectSeeds(message: message, range: range)
        if seeds.isEmpty { return }
        switch task {
        case .pprExact:
            exactPageRank(range: range)
            ranking.rankTop10(active.nodes, scores: y, confidence: index.confidence, zeroFill: range,
                              marks: activeMarks, snapshot: index.snapshot, into: &ids)
        case .pprPush(let epsilon):
            pushPageRank(epsilon: epsilon)
            ranking.rankTop10(active.nodes, scores: y, confidence: index.confidence, zeroFill: range,
                              marks: activeMarks, snapshot: index.snapshot, into: &ids)
        case .hop:
            hop()
            ranking.rankTop10(active.nodes, scores: x, confidence: index.confidence, zeroFill: nil,
                              marks: activeMarks, snapshot: index.snapshot, into: &ids)
        }
    }

    /// Convenience: the answer as a new array.
    public func answer(_ task: Task, character: String, message: String) -> [Int] {
        var ids: [Int] = []
        answer(task, character: character, message: message, into: &ids)
        return ids
    }

    // MARK: Seeds

    /// S into ``seeds`` (ascending), marked in ``seedMarks``.
    func collectSeeds(message: String, range: Range<NodeIndex>) {
        seeds.removeAll()
        seedMarks.clear()
        var text = message
        let isASCII = text.withUTF8 { bytes -> Bool in
            if bytes.count > tokenBytes.count { return false }
            var length = 0
            for byte in bytes {
                if byte >= 0x80 { return false }
                if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) {
                    tokenBytes[length] = byte
                    length += 1
                } else if byte >= 0x41 && byte <= 0x5A {
                    tokenBytes[length] = byte + 32
                    length += 1
                } else if length > 0 {
                    addSeeds(term: index.triggerTerms.lookup(UnsafeBufferPointer(start: tokenBytes.base, count: length)),
                             range: range)
                    length = 0
                }
            }
            if length > 0 {
                addSeeds(term: index.triggerTerms.lookup(UnsafeBufferPointer(start: tokenBytes.base, count: length)),
                         range: range)
            }
            return true
        }
        if !isASCII {
            seeds.removeAll()
            seedMarks.clear()
            for token in Tokenizer.referenceTokens(message) {
                addSeeds(term: index.triggerTerms.lookup(token), range: range)
            }
        }
    }

    private func addSeeds(term: Int32, range: Range<NodeIndex>) {
        guard term >= 0 else { return }
        let lo = Int(index.postingOffsets[Int(term)]), hi = Int(index.postingOffsets[Int(term) + 1])
        index.postingNodes.withUnsafeBufferPointer { nodes in
            var k = lowerBound(nodes, lo, hi, range.lowerBound)
            while k < hi && nodes[k] < range.upperBound {
                let node = nodes[k]
                if seedMarks.insertIfAbsent(Int(node)) { seeds.append(node) }
                k += 1
            }
        }
    }

    // MARK: R-PPR, exact

    /// Power iteration; leaves the scores in ``y`` for the nodes in ``active``.
    func exactPageRank(range: Range<NodeIndex>) {
        let graph = index.pprGraph
        component(of: graph)
        let d = Self.damping
        let p = 1.0 / Double(seeds.count)
        var current = x, next = y
        let seedMarks = seedMarks
        for u in active.nodes { current[Int(u)] = seedMarks.contains(Int(u)) ? p : 0 }
        let n = Double(range.count)
        let threshold = n * (Self.tolerance / n)
        var iterations = 0
        let active = active.nodes
        do {
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.neighbors.withUnsafeBufferPointer { neighbors in
        graph.transition.withUnsafeBufferPointer { transition in
        graph.degrees.withUnsafeBufferPointer { degrees in
            while iterations < Self.maxIterations {
                iterations += 1
                var dangling = 0.0
                for u in active {
                    next[Int(u)] = 0
                    if degrees[Int(u)] == 0 { dangling += current[Int(u)] }
                }
                for u in active {
                    let xu = current[Int(u)]
                    if xu == 0 { continue }
                    for k in Int(offsets[Int(u)])..<Int(offsets[Int(u) + 1]) {
                        next[Int(neighbors[k])] += xu * transition[k]
                    }
                }
                var change = 0.0
                for u in active {
                    let pu = seedMarks.contains(Int(u)) ? p : 0
                    let value = d * (next[Int(u)] + dangling * pu) + (1 - d) * pu
                    change += abs(value - current[Int(u)])
                    next[Int(u)] = value
                }
                swap(&current, &next)
                if change < threshold { break }
            }
        }}}}}
        // The result is in `current`; hand it over as y.
        x = next
        y = current
        lastWork = iterations
    }

    /// The nodes reachable from the seeds into ``active`` (marked in ``activeMarks``).
    private func component(of graph: WalkGraph) {
        active.removeAll()
        activeMarks.clear()
        for s in seeds.nodes where activeMarks.insertIfAbsent(Int(s)) { active.append(s) }
        var head = 0
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.neighbors.withUnsafeBufferPointer { neighbors in
            while head < active.count {
                let u = Int(active[head])
                head += 1
                for k in Int(offsets[u])..<Int(offsets[u + 1]) where activeMarks.insertIfAbsent(Int(neighbors[k])) {
                    active.append(neighbors[k])
                }
            }
        }}
    }

    // MARK: R-PPR, local push

    /// Forward push; leaves `p + (1−d)·r` in ``y`` for the nodes in ``active`` (every touched node).
    func pushPageRank(epsilon: Double) {
        let graph = index.pprGraph
        let d = Self.damping
        let residual = x, estimate = y, queue = queue, queueMarks = queueMarks, activeMarks = activeMarks
        let active = active
        active.removeAll()
        activeMarks.clear()
        queueMarks.clear()
        let seeds = seeds.nodes
        let share = 1.0 / Double(seeds.count)
        let epsilon = epsilon * share  // relative to one seed's teleport share
        let capacity = queue.count
        var head = 0, tail = 0
        for s in seeds {
            active.append(s)
            activeMarks.insert(Int(s))
            residual[Int(s)] = share
            estimate[Int(s)] = 0
            queue[tail] = s
            tail += 1
            queueMarks.insert(Int(s))
        }
        var pushes = 0
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.neighbors.withUnsafeBufferPointer { neighbors in
        graph.transition.withUnsafeBufferPointer { transition in
        graph.degrees.withUnsafeBufferPointer { degrees in
            while head != tail {
                let u = Int(queue[head])
                head += 1
                if head == capacity { head = 0 }
                queueMarks.remove(u)
                let ru = residual[u]
                let degree = degrees[u]
                if ru < epsilon * (degree == 0 ? 1 : degree) { continue }
                pushes += 1
                estimate[u] += (1 - d) * ru
                residual[u] = 0
                let spread = d * ru
                if degree == 0 {
                    // Dangling: the walk restarts on the teleport vector.
                    let each = spread * share
                    for s in seeds {
                        let v = Int(s)
                        residual[v] += each
                        if residual[v] >= epsilon * (degrees[v] == 0 ? 1 : degrees[v]), queueMarks.insertIfAbsent(v) {
                            queue[tail] = s
                            tail += 1
                            if tail == capacity { tail = 0 }
                        }
                    }
                    continue
                }
                for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let v = Int(neighbors[k])
                    if activeMarks.insertIfAbsent(v) {
                        active.append(neighbors[k])
                        residual[v] = 0
                        estimate[v] = 0
                    }
                    let rv = residual[v] + spread * transition[k]
                    residual[v] = rv
                    if rv >= epsilon * degrees[v], queueMarks.insertIfAbsent(v) {
                        queue[tail] = neighbors[k]
                        tail += 1
                        if tail == capacity { tail = 0 }
                    }
                }
            }
        }}}}
        // What the residual would still add: (1−d)·r where it is, and the rest spread as the walk's
        // stationary distribution (∝ degree) over the touched nodes.
        var leftover = 0.0, volume = 0.0
        graph.degrees.withUnsafeBufferPointer { degrees in
            for u in active.nodes {
                leftover += residual[Int(u)]
                volume += degrees[Int(u)]
            }
            let perDegree = volume > 0 ? d * leftover / volume : 0
            for u in active.nodes {
                estimate[Int(u)] += (1 - d) * residual[Int(u)] + perDegree * degrees[Int(u)]
            }
        }
        lastWork = pushes
    }

    // MARK: R-HOP

    /// Two rounds of max-product relaxation; leaves best(v) in ``x`` for the nodes in ``active``.
    func hop() {
        let graph = index.hopGraph
        let best = x, reachedValue = y, reached = queue, reachedMarks = queueMarks
        let active = active, activeMarks = activeMarks, frontier = frontier
        active.removeAll()
        activeMarks.clear()
        frontier.removeAll()
        for s in seeds.nodes {
            active.append(s)
            activeMarks.insert(Int(s))
            best[Int(s)] = 1
            frontier.append(s)
        }
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.neighbors.withUnsafeBufferPointer { neighbors in
        graph.weights.withUnsafeBufferPointer { weights in
            for _ in 0..<2 {
                reachedMarks.clear()
                var reachedCount = 0
                for f in frontier.nodes {
                    let u = Int(f)
                    let bu = best[u]
                    for k in Int(offsets[u])..<Int(offsets[u + 1]) {
                        let v = Int(neighbors[k])
                        let product = bu * weights[k]
                        let known = activeMarks.contains(v) ? best[v] : 0
                        let seen = reachedMarks.contains(v) ? reachedValue[v] : 0
                        if product > known && product > seen {
                            if reachedMarks.insertIfAbsent(v) {
                                reached[reachedCount] = neighbors[k]
                                reachedCount += 1
                            }
                            reachedValue[v] = product
                        }
                    }
                }
                // Apply the round; the next frontier is this round's reached set.
                frontier.removeAll()
                for r in 0..<reachedCount {
                    let v = Int(reached[r])
                    if activeMarks.insertIfAbsent(v) {
                        active.append(reached[r])
                        best[v] = reachedValue[v]
                    } else if reachedValue[v] > best[v] {
                        best[v] = reachedValue[v]
                    }
                    frontier.append(reached[r])
                }
            }
        }}}
    }
}

/// First position in `nodes[lo..<hi]` (ascending) holding a value >= `value`.
@inline(__always)
func lowerBound(_ nodes: UnsafeBufferPointer<NodeIndex>, _ lo: Int, _ hi: Int, _ value: NodeIndex) -> Int {
    var lo = lo, hi = hi
    while lo < hi {
        let mid = (lo + hi) >> 1
        if nodes[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
