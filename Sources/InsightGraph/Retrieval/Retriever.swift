/// Prompt-time retrieval for one thread: which of a character's insights belong in the prompt for
/// this message, and why.
///
/// Pipeline (each step documented on its options type):
/// 1. seeds from the message (triggers as phrases, BM25) and from the caller (``SeedOptions``);
/// 2. graph relevance from the seeds over the character's walk graph — personalized PageRank
///    (exact or local push) or best-path scores (``RankingMethod``); never leaves the character;
/// 3. the final score from graph relevance, confidence, importance, recency, valence (``ScoreWeights``);
/// 4. diversity: MMR and near-duplicate collapse (``DiversityOptions``); ties by insight id;
/// 5. explanations: score components, reaching seeds, strongest path from a seed.
/// Render the results with ``PromptRenderer``.
///
/// Scratch buffers (scores, residuals, marks, queues) are sized to the snapshot once and reused; a
/// call allocates only its tokens and its answer. Not thread-safe: one `Retriever` per thread,
/// all sharing one ``RetrievalIndex``.
public final class Retriever {
    public let index: RetrievalIndex
    public let pageRank: PageRankWorkspace
    public let paths: PathSearch
    let reachMarks: NodeMarks
    let candidateMarks: NodeMarks
    let candidates: NodeList
    let triggerSignal: ScratchBuffer<Double>
    let bm25Signal: ScratchBuffer<Double>
    var matchedPhrases: [Int32] = []

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
    }

    /// Ranks the insights of `character` (its `normalized_name`, case-insensitive) for `message`.
    /// No seed (nothing in the message matches, no caller seed): no results.
    public func retrieve(
        character name: String, message: String, callerSeeds: [CallerSeed] = [], options: RetrievalOptions = .init()
    ) throws -> RetrievalResponse {
        guard let c = index.character(named: name) else { throw RetrievalError.unknownCharacter(name) }
        let character = index.snapshot.characters[c]
        let seeds = try findSeeds(message: message, callerSeeds: callerSeeds, character: c, options: options.seeds)
        guard !seeds.isEmpty else { return RetrievalResponse(character: character, seeds: [], results: [], work: 0) }

        // Graph relevance.
        var relevance: [(node: NodeIndex, raw: Double)] = []
        let work: Int
        switch options.method {
        case .exactPageRank, .localPush:
            pageRank.clearTeleport()
            for seed in seeds { pageRank.addTeleport(seed.node, weight: seed.weight) }
            pageRank.normalizeTeleport()
            if case .exactPageRank(let tolerance) = options.method {
                pageRank.exact(damping: options.damping, tolerance: tolerance)
            } else if case .localPush(let epsilon) = options.method {
                pageRank.push(damping: options.damping, epsilon: epsilon)
            }
            work = pageRank.lastWork
            for u in pageRank.touched where pageRank.scores[Int(u)] > 0 { relevance.append((u, pageRank.scores[Int(u)])) }
        case .bestPath(let maxHops):
            paths.search(from: seeds.map { ($0.node, $0.weight) }, maxHops: maxHops)
            work = paths.reached.count
            for u in paths.reached where paths.score(u) > 0 { relevance.append((u, paths.score(u))) }
        }

        // Final scores, best first (ties: lower node = lower id).
        let graphMax = relevance.reduce(0) { max($0, $1.raw) }
        var scored: [(node: NodeIndex, score: Double, components: ScoreComponents)] = relevance.map {
            let components = options.weights.components(node: Int($0.node), graphRaw: $0.raw, graphMax: graphMax, index: index)
            return ($0.node, components.total, components)
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.node < $1.node }
        let limit = max(0, options.limit)
        let pool = Array(scored.prefix(max(limit, limit * max(1, options.diversity.poolFactor))))
        let picks = diversify(pool.map { ($0.node, $0.score) }, limit: limit, options: options.diversity)

        var results: [RetrievedInsight] = []
        for (chosen, collapsed) in picks {
            let entry = pool[chosen]
            let insight = index.snapshot.insights[Int(entry.node)]
            results.append(RetrievedInsight(
                id: insight.id, node: entry.node, insight: insight, score: entry.score, components: entry.components,
                seeds: [], path: [], pathTypes: [], pathStrength: 0, pathHasContradiction: false,
                collapsed: collapsed.map { index.snapshot.insights[Int(pool[$0].node)].id }))
        }
        if options.explain { explain(&results, seeds: seeds, seedLimit: options.explanationSeedLimit) }
        return RetrievalResponse(character: character, seeds: seeds, results: results, work: work)
    }
}
