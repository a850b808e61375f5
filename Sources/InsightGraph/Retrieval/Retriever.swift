/// Prompt-time retrieval for one thread: which of a character's insights belong in the prompt for
/// this message, and why.
///
/// Pipeline of the default ranking, ``RankingMethod/neighbourBoost`` (weights on ``RetrievalOptions``):
/// 1. match: the message goes through the ``Analyzer`` (fold, stop words, Snowball stem), the one
///    that built the index; its distinct terms are scored by BM25 against each insight's content +
///    triggers, and multi-word triggers are matched as consecutive terms;
/// 2. direct relevance, absolute: `rel(d) = BM25(d) / idf(1) + phraseWeight × Σ idf(phrase) / idf(1)
///    + γ × caller weight (when ≥ callerFloor)`, where `idf(df) = ln(1 + (N − df + 0.5)/(df + 0.5))`
///    over the character's N insights, so idf(1) is the weight of a term only one insight has;
/// 3. graph boost, one hop: `B(d) = max over walk-graph neighbours n with rel(n) > 0 of
///    min(1, w(d,n)) × rel(n)`; final `S(d) = rel(d) + β × B(d)`. B ≥ 0, so relationships never
///    lower a score, and an unmatched insight scores at most β × the best match, so it never
///    outranks the best direct match. Cost: the seeds' degrees, no whole-graph work;
/// 4. gate: when the best S is below ``RetrievalOptions/minScore`` there are no results;
/// 5. order by S (plus the tiny attribute tie-break of ``RetrievalOptions/attributeScale``), ties by
///    lower insight id; diversity: MMR and near-duplicate collapse (``DiversityOptions``);
/// 6. explanations: score components (BM25, phrase, caller, boost and the neighbour that gave it),
///    reaching seeds, strongest path from a seed.
/// The PageRank and best-path methods instead mix normalised seeds (``SeedOptions``) into a
/// teleport vector and score with ``ScoreWeights``. Render the results with ``PromptRenderer``.
///
/// Scratch buffers (scores, residuals, marks, queues, tokens, seeds, candidates) are sized to the
/// snapshot once and reused. ``rank(character:message:callerSeeds:options:into:)`` allocates nothing
/// after warm-up (ASCII message, neighbour boost or PageRank; the answer goes into the caller's array);
/// ``retrieve(character:message:callerSeeds:options:)`` runs the same pipeline and then allocates
/// its public answer (seeds with their matched triggers, results, explanations). Not thread-safe:
/// one `Retriever` per thread, all sharing one ``RetrievalIndex``.
public final class Retriever {
    public let index: RetrievalIndex
    public let pageRank: PageRankWorkspace
    public let paths: PathSearch
    let reachMarks: NodeMarks
    let candidateMarks: NodeMarks
    let candidates: NodeList
    let triggerSignal: ScratchBuffer<Double>
    let bm25Signal: ScratchBuffer<Double>
    /// Σ idf of the multi-word triggers the message matched, per candidate.
    let phraseSignal: ScratchBuffer<Double>
    /// Summed caller-seed weight, per candidate.
    let callerSignal: ScratchBuffer<Double>
    /// Direct relevance (hapax units), per candidate.
    let directSignal: ScratchBuffer<Double>
    /// Neighbour relevance B and the neighbour giving it, per scored node.
    let boostSignal: ScratchBuffer<Double>
    let boostSource: ScratchBuffer<NodeIndex>
    /// Nodes with a direct match or a boost (the neighbour-boost candidates).
    let scoredNodes: NodeList
    /// Neighbour boost: the direct matches that propagate (the strongest `maxSeeds`), reused per call.
    var propagators: [(node: NodeIndex, relevance: Double)] = []
    /// The message analyzer (the index's steps; owns this retriever's stemmer).
    let analyzer = Analyzer()
    let seedMarks: NodeMarks
    let seedPosition: ScratchBuffer<Int32>
    let tokenBytes: ScratchBuffer<UInt8>
    // Reused per call (capacity kept; swapped out while a step uses them, so the step's accesses
    // pay no exclusivity check).
    var matchedPhrases: [Int32] = []
    var tokenTerms: [Int32] = []
    var distinctTerms: [Int32] = []
    var messageSeeds: [(node: NodeIndex, strength: Double)] = []
    var callerWeights: [(node: NodeIndex, weight: Double)] = []
    var callerTotal = 0.0
    /// The seeds of the last call: teleport weights (sum 1), strongest first.
    var seedWeights: [(node: NodeIndex, weight: Double)] = []
    /// The best candidates of the last call, best first (the MMR pool).
    var pool: [RankedInsight] = []
    /// Diversity: picks as (pool index, range into ``collapsedPool``), and its work arrays.
    var picks: [(chosen: Int, collapsed: Range<Int>)] = []
    var collapsedPool: [Int] = []
    var available: [Int] = []
    var maxSimilarity: [Double] = []
    var lastWork = 0

    public init(index: RetrievalIndex) {
        self.index = index
        let n = index.snapshot.nodeCount
        pageRank = PageRankWorkspace(graph: index.walk)
        paths = PathSearch(graph: index.walk)
        reachMarks = NodeMarks(count: n)
        candidateMarks = NodeMarks(count: n)
        candidates = NodeList(capacity: n)
        triggerSignal = ScratchBuffer(count: n, repeating: 0)
        bm25Signal = ScratchBuffer(count: n, repeating: 0)
        phraseSignal = ScratchBuffer(count: n, repeating: 0)
        callerSignal = ScratchBuffer(count: n, repeating: 0)
        directSignal = ScratchBuffer(count: n, repeating: 0)
        boostSignal = ScratchBuffer(count: n, repeating: 0)
        boostSource = ScratchBuffer(count: n, repeating: 0)
        scoredNodes = NodeList(capacity: n)
        seedMarks = NodeMarks(count: n)
        seedPosition = ScratchBuffer(count: n, repeating: 0)
        tokenBytes = ScratchBuffer(count: 4096, repeating: 0)
    }

    /// Ranks the insights of `character` (its `normalized_name`, case-insensitive) for `message`.
    /// No seed (nothing in the message matches, no caller seed): no results.
    public func retrieve(
        character name: String, message: String, callerSeeds: [CallerSeed] = [], options: RetrievalOptions = .init()
    ) throws -> RetrievalResponse {
        let (c, seedLimit) = try rankAndOrderSeeds(character: name, message: message, callerSeeds: callerSeeds, options: options)
        let character = index.snapshot.characters[c]
        let seeds = makeSeeds(character: c, limit: seedLimit)
        guard !seeds.isEmpty else { return RetrievalResponse(character: character, seeds: [], results: [], work: 0) }
        var results: [RetrievedInsight] = []
        for (chosen, collapsed) in picks {
            let entry = pool[chosen]
            let insight = index.snapshot.insights[Int(entry.node)]
            results.append(RetrievedInsight(
                id: insight.id, node: entry.node, insight: insight, score: entry.score, components: entry.components,
                seeds: [], path: [], pathTypes: [], pathStrength: 0, pathHasContradiction: false,
                collapsed: collapsedPool[collapsed].map { index.snapshot.insights[Int(pool[$0].node)].id }))
        }
        if options.explain { explain(&results, seeds: seeds, seedLimit: options.explanationSeedLimit) }
        return RetrievalResponse(character: character, seeds: seeds, results: results, work: lastWork)
    }

    /// The seeds ``retrieve(character:message:callerSeeds:options:)`` lists, strongest first, as
    /// nodes and weights only: no matched-trigger texts, ids or copies. For callers that walk from
    /// the seeds themselves and word a seed's reasons rarely (IGQ's `SEED MESSAGE`); with
    /// `options.limit` 0 nothing is ranked beyond the seeds.
    public func strongestSeeds(
        character name: String, message: String, callerSeeds: [CallerSeed] = [], options: RetrievalOptions = .init()
    ) throws -> [(node: NodeIndex, weight: Double)] {
        let (_, seedLimit) = try rankAndOrderSeeds(character: name, message: message, callerSeeds: callerSeeds, options: options)
        return Array(seedWeights.prefix(max(0, seedLimit)))
    }

    /// Ranks, then puts the listed seeds first: every direct match is a seed of the neighbour
    /// boost, and an answer lists the strongest `maxSeeds` of them (a message of common words can
    /// match most of a character). Returns the character and how many seeds are listed.
    private func rankAndOrderSeeds(
        character name: String, message: String, callerSeeds: [CallerSeed], options: RetrievalOptions
    ) throws -> (character: Int, seedLimit: Int) {
        guard let c = index.character(named: name) else { throw RetrievalError.unknownCharacter(name) }
        try run(character: c, message: message, callerSeeds: callerSeeds, options: options)
        var seedLimit = Int.max
        if case .neighbourBoost = options.method {
            seedLimit = options.seeds.maxSeeds
            orderSeeds(strongest: seedLimit)
        }
        return (c, seedLimit)
    }

    /// The same ranking as ``retrieve(character:message:callerSeeds:options:)`` (results in the
    /// same order, scores and components alike) without explanations, seeds or insight copies,
    /// written into `results` (emptied first; its capacity is kept, so reuse the array). After
    /// warm-up this allocates nothing for an ASCII message with the neighbour boost or PageRank (exact or push):
    /// tokens, seeds, candidates and the diversity pool live in the retriever's reused buffers.
    /// Best-path ranking and non-ASCII messages may allocate. ``RankedInsight/collapsedCount``
    /// says how many near-duplicates each result absorbed.
    public func rank(
        character name: String, message: String, callerSeeds: [CallerSeed] = [], options: RetrievalOptions = .init(),
        into results: inout [RankedInsight]
    ) throws {
        results.removeAll(keepingCapacity: true)
        guard let c = index.character(named: name) else { throw RetrievalError.unknownCharacter(name) }
        try run(character: c, message: message, callerSeeds: callerSeeds, options: options)
        for (chosen, collapsed) in picks {
            var entry = pool[chosen]
            entry.collapsedCount = collapsed.count
            results.append(entry)
        }
    }

    /// Work of the last call: iterations (exact), pushes (local push) or reached nodes (best path).
    public var work: Int { lastWork }

    /// Seeds → graph relevance → final scores → the pool (best `limit × poolFactor`) → MMR picks.
    private func run(character c: Int, message: String, callerSeeds: [CallerSeed], options: RetrievalOptions) throws {
        if case .neighbourBoost = options.method {
            try scoreByNeighbourBoost(character: c, message: message, callerSeeds: callerSeeds, options: options,
                                      poolSize: poolSize(options))
            diversify(limit: max(0, options.limit), options: options.diversity)
            return
        }
        try collectSeeds(message: message, callerSeeds: callerSeeds, character: c, options: options.seeds)
        pool.removeAll(keepingCapacity: true)
        picks.removeAll(keepingCapacity: true)
        collapsedPool.removeAll(keepingCapacity: true)
        lastWork = 0
        guard !seedWeights.isEmpty else { return }

        // Graph relevance: PageRank scores of the touched nodes, or best-path scores of the reached.
        let nodes: WorkspaceNodes
        let byPath: Bool
        switch options.method {
        case .exactPageRank, .localPush:
            pageRank.clearTeleport()
            for seed in seedWeights { pageRank.addTeleport(seed.node, weight: seed.weight) }
            pageRank.normalizeTeleport()
            if case .exactPageRank(let tolerance) = options.method {
                pageRank.exact(damping: options.damping, tolerance: tolerance)
            } else if case .localPush(let epsilon) = options.method {
                // The character's range (walks never leave it) enables the seed cap.
                pageRank.push(damping: options.damping, epsilon: epsilon, within: index.snapshot.nodes(ofCharacter: c))
            }
            lastWork = pageRank.lastWork
            nodes = pageRank.touched
            byPath = false
        case .bestPath(let maxHops):
            paths.search(from: seedWeights, maxHops: maxHops)
            nodes = paths.reached
            lastWork = nodes.count
            byPath = true
        case .neighbourBoost:
            return  // handled above
        }

        // Final scores; keep the best `poolSize` (score descending, ties: lower node = lower id).
        var graphMax = 0.0
        for u in nodes { let value = relevance(u, byPath: byPath); if value > 0 { graphMax = max(graphMax, value) } }
        let limit = max(0, options.limit)
        let poolSize = poolSize(options)
        var best: [RankedInsight] = []
        swap(&best, &pool)
        defer { swap(&best, &pool) }
        guard poolSize > 0 else { return }
        let bound = ScoreBound(options.weights)
        for u in nodes {
            let value = relevance(u, byPath: byPath)
            guard value > 0 else { continue }
            // A full pool: skip a node whose best possible total cannot beat the last entry,
            // without reading its scoring row (a cache miss per node, most of this loop's time).
            if best.count == poolSize, let bound, bound.isBelow(best[poolSize - 1].score, graphRaw: value, graphMax: graphMax) { continue }
            let components = options.weights.components(node: Int(u), graphRaw: value, graphMax: graphMax, index: index)
            let score = components.total
            func before(_ a: (score: Double, node: NodeIndex), _ b: RankedInsight) -> Bool {
                a.score != b.score ? a.score > b.score : a.node < b.node
            }
            if best.count == poolSize {
                if !before((score, u), best[poolSize - 1]) { continue }
                best.removeLast()
            }
            var i = best.count
            let entry = RankedInsight(id: index.snapshot.insights[Int(u)].id, node: u, score: score, components: components)
            best.append(entry)
            while i > 0 && before((score, u), best[i - 1]) { best[i] = best[i - 1]; i -= 1 }
            best[i] = entry
        }
        swap(&best, &pool)
        diversify(limit: limit, options: options.diversity)
        swap(&best, &pool)
    }

    /// The diversity pool: the best `limit × poolFactor` candidates.
    func poolSize(_ options: RetrievalOptions) -> Int {
        let limit = max(0, options.limit)
        let (product, overflow) = limit.multipliedReportingOverflow(by: max(1, options.diversity.poolFactor))
        return overflow ? Int.max : max(limit, product)
    }

    @inline(__always)
    private func relevance(_ u: NodeIndex, byPath: Bool) -> Double {
        byPath ? paths.score(u) : pageRank.scores[Int(u)]
    }
}

/// One result of ``Retriever/rank(character:message:callerSeeds:options:into:)``: what
/// ``RetrievedInsight`` holds minus the insight copy and the explanation.
public struct RankedInsight: Hashable, Sendable {
    public var id: Int
    public var node: NodeIndex
    public var score: Double
    public var components: ScoreComponents
    /// Near-duplicates folded into this result (``RetrievedInsight/collapsed`` has their ids).
    public var collapsedCount = 0
}
