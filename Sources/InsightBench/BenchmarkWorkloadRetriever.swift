import InsightGraph

/// Answers the shared benchmark's R-PPR and R-HOP queries (bench README, version 1) over a
/// ``BenchmarkWorkloadIndex``, exactly as `shared/bench/peers.py` computes them.
///
/// One retriever per thread: it owns scratch buffers sized to the snapshot and reuses them, so a
/// query allocates nothing after warm-up (ASCII messages; a message with non-ASCII text is
/// tokenized through `String`s, which allocates).
///
/// - R-PPR exact: power iteration as NetworkX's `pagerank` runs it (start on the teleport vector,
///   `x ← d·(xP + dangling·p) + (1−d)·p`, stop at an L1 change below 1e-12, the peers' tolerance),
///   restricted to the seeds' connected component (elsewhere the iterate stays exactly 0).
/// - R-PPR push: ``InsightGraph/PageRankWorkspace/benchmarkPush(damping:epsilon:within:)``
///   (Andersen, Chung & Lang, FOCS 2006) over the character's node range, ε relative to one seed's
///   share (seeds beyond 3% of the character's insights count as 3%), Gauss–Seidel sweeps when the
///   seeds are dense; then the ``refinedCandidates`` best nodes re-estimated with the residual's
///   first three steps (``PushRefinement``). On the bench's medium dataset, ε = 0.02 gives a mean
///   top-10 overlap of 9.74 with the exact answers.
/// - R-HOP: two rounds of max-product relaxation from S over the strongest parallel weights.
/// Ranking: ``BenchmarkWorkloadRanking`` (top 10 at 12 significant digits, ties by id).
public final class BenchmarkWorkloadRetriever {
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

    public let index: BenchmarkWorkloadIndex
    let seedMarks: NodeMarks
    let activeMarks: NodeMarks
    let queueMarks: NodeMarks  // R-HOP: reached this round
    let seeds: NodeList
    let active: NodeList
    let frontier: NodeList
    let x: ScratchBuffer<Double>
    let y: ScratchBuffer<Double>
    let queue: ScratchBuffer<NodeIndex>
    let tokenBytes: ScratchBuffer<UInt8>
    let refinement: PushRefinement
    let refined: ScratchBuffer<Double>
    let ranking = BenchmarkWorkloadRanking()
    /// The PageRank workspace R-PPR runs in (its scores and counters stay readable after a query).
    public let pageRank: PageRankWorkspace
    /// |S| of the last query.
    public var lastSeedCount: Int { seeds.count }
    /// Iterations of the last exact R-PPR, pushes of the last push R-PPR.
    public private(set) var lastWork = 0

    public init(index: BenchmarkWorkloadIndex) {
        self.index = index
        let n = index.snapshot.nodeCount
        seedMarks = NodeMarks(count: n)
        activeMarks = NodeMarks(count: n)
        queueMarks = NodeMarks(count: n)
        x = ScratchBuffer(count: n, repeating: 0)
        y = ScratchBuffer(count: n, repeating: 0)
        queue = ScratchBuffer(count: n + 1, repeating: 0)
        tokenBytes = ScratchBuffer(count: 4096, repeating: 0)
        refined = ScratchBuffer(count: n, repeating: 0)
        candidates.reserveCapacity(Self.refinedCandidates + 1)
        seeds = NodeList(capacity: n)
        pageRank = PageRankWorkspace(graph: index.pprGraph)
        refinement = PushRefinement(workspace: pageRank)
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
        let scores = pageRank.scores, marks = pageRank.touchedMarks
        switch task {
        case .pprExact:
            loadTeleport()
            // networkx stops at an L1 change below len(G) * tol with tol = 1e-12 / len(G).
            let n = Double(range.count)
            pageRank.exact(damping: Self.damping, tolerance: n * (Self.tolerance / n), maxIterations: Self.maxIterations)
            lastWork = pageRank.lastWork
            ranking.rankTop10(pageRank.touched, scores: scores, confidence: index.confidence, zeroFill: range,
                              listed: marks, snapshot: index.snapshot, into: &ids)
        case .pprPush(let epsilon):
            loadTeleport()
            pageRank.benchmarkPush(damping: Self.damping, epsilon: epsilon, within: range)
            lastWork = pageRank.lastWork
            refineTopCandidates()
            ranking.rankTop10(pageRank.touched, scores: scores, confidence: index.confidence, zeroFill: range,
                              listed: marks, snapshot: index.snapshot, into: &ids)
        case .hop:
            hop()
            ranking.rankTop10(active.nodes, scores: x, confidence: index.confidence, zeroFill: nil,
                              listed: activeMarks, snapshot: index.snapshot, into: &ids)
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
        let isASCII = tokenBytes.forEachASCIIToken(of: &text) { addSeeds(term: index.triggerTerms.lookup($0), range: range) }
        if !isASCII {
            seeds.removeAll()
            seedMarks.clear()
            for token in BenchmarkWorkloadTokenizer.tokens(message) {
                addSeeds(term: index.triggerTerms.lookup(token), range: range)
            }
        }
    }

    private func addSeeds(term: Int32, range: Range<NodeIndex>) {
        guard term >= 0 else { return }
        let lo = Int(index.postingOffsets[Int(term)]), hi = Int(index.postingOffsets[Int(term) + 1])
        let nodes = index.postingNodes
        var k = nodes.lowerBound(of: range.lowerBound, in: lo..<hi)
        while k < hi && nodes[k] < range.upperBound {
            let node = nodes[k]
            if seedMarks.insertIfAbsent(Int(node)) { seeds.append(node) }
            k += 1
        }
    }

    // MARK: R-PPR

    /// The teleport vector: uniform over S.
    private func loadTeleport() {
        pageRank.clearTeleport()
        for s in seeds.nodes { pageRank.addTeleport(s, weight: 1) }
        pageRank.normalizeTeleport()
    }

    /// Re-estimates the best ``refinedCandidates`` nodes (by coarse score × conf) with
    /// ``PushRefinement/score(_:)`` before ranking.
    private func refineTopCandidates() {
        // Work on a local array (swapped out of the property, so no copy and no per-access
        // exclusivity check), sorted best first, capacity kept across calls.
        var best: [(node: NodeIndex, value: Double)] = []
        swap(&best, &candidates)
        best.removeAll(keepingCapacity: true)
        let limit = Self.refinedCandidates
        let scores = pageRank.scores, confidence = index.confidence
        var floor = -Double.infinity  // the value a node must beat once `best` is full
        for u in pageRank.touched {
            let value = scores[Int(u)] * confidence[Int(u)]
            if !(value > floor) && best.count == limit { continue }
            if best.count == limit { best.removeLast() }
            var i = best.count
            best.append((u, value))
            while i > 0 && best[i - 1].value < value { best[i] = best[i - 1]; i -= 1 }
            best[i] = (u, value)
            if best.count == limit { floor = best[limit - 1].value }
        }
        refinement.startAfterPush()
        // All estimates first, then the writes: an estimate reads neighbours' residuals, not scores.
        for (node, _) in best { refined[Int(node)] = refinement.score(node) }
        for (node, _) in best { scores[Int(node)] = refined[Int(node)] }
        swap(&best, &candidates)
    }

    /// Candidates re-estimated after a push.
    public static let refinedCandidates = 30
    private var candidates: [(node: NodeIndex, value: Double)] = []

    // MARK: R-HOP

    /// Two rounds of max-product relaxation; leaves best(v) in ``x`` for the nodes in ``active``.
    /// The core's ``InsightGraph/PathSearch`` computes the same values with `maxHops: 2`, but also
    /// keeps predecessors, origins and hop counts: about 1.26× slower on this workload, so not used.
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
        graph.withBuffers { g in
            for _ in 0..<2 {
                reachedMarks.clear()
                var reachedCount = 0
                for f in frontier.nodes {
                    let u = Int(f)
                    let bu = best[u]
                    for k in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
                        let v = Int(g.neighbors[k])
                        let product = bu * g.weights[k]
                        let known = activeMarks.contains(v) ? best[v] : 0
                        let seen = reachedMarks.contains(v) ? reachedValue[v] : 0
                        if product > known && product > seen {
                            if reachedMarks.insertIfAbsent(v) {
                                reached[reachedCount] = g.neighbors[k]
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
        }
    }
}
