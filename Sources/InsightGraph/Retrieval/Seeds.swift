/// How seeds are found in a message and mixed with the caller's.
///
/// Two signals per insight of the character:
/// - triggers: each trigger the message contains (a multi-word trigger must appear as a phrase,
///   consecutive folded tokens) adds `triggerMatchStrength × idf(trigger)` where
///   `idf = ln(1 + (N − df + 0.5)/(df + 0.5))`, N the character's insights and df those with that
///   trigger: a trigger many insights share weighs less;
/// - BM25 (Robertson & Zaragoza, "The probabilistic relevance framework: BM25 and beyond", 2009)
///   of the message's distinct tokens against content + triggers, with ``k1`` and ``b``.
/// Each signal is divided by its maximum over the character, then
/// `strength = triggerWeight × trigger + bm25Weight × bm25`. Insights below
/// `minimumStrength × max strength` are dropped, the ``maxSeeds`` strongest kept (ties: lower id).
/// Message seeds share `1 − callerShare` of the teleport vector in proportion to strength, caller
/// seeds `callerShare` in proportion to their weights (all of it when only one kind exists).
public struct SeedOptions: Hashable, Sendable {
    public var triggerWeight = 1.0
    public var triggerMatchStrength = 1.0
    public var bm25Weight = 0.5
    public var k1 = 1.2
    public var b = 0.75
    public var minimumStrength = 0.1
    public var maxSeeds = 64
    public var callerShare = 0.5

    public init() {}
}

extension Retriever {
    /// Finds and weighs the seeds; leaves them in ``seedList`` with their signals in scratch.
    func findSeeds(message: String, callerSeeds: [CallerSeed], character c: Int, options: SeedOptions) throws -> [Seed] {
        let range = index.snapshot.nodes(ofCharacter: c)
        let characterName = index.snapshot.characters[c].normalizedName ?? "\(index.snapshot.characters[c].id)"
        // Validate caller seeds first: a bad one is an error, not a silent skip.
        for seed in callerSeeds {
            guard let node = index.snapshot.node(forInsightId: seed.insightId) else { throw RetrievalError.unknownInsight(seed.insightId) }
            guard range.contains(node) else { throw RetrievalError.seedOfOtherCharacter(insightId: seed.insightId, character: characterName) }
            guard seed.weight > 0, seed.weight.isFinite else { throw RetrievalError.invalidSeedWeight(insightId: seed.insightId, weight: seed.weight) }
        }
        candidateMarks.clear()
        candidates.removeAll()
        matchedPhrases.removeAll(keepingCapacity: true)
        let tokens = Tokenizer.foldedTokens(message).map { index.terms.lookup($0) }
        let n = Double(range.count)

        // Triggers, as phrases.
        for i in 0..<tokens.count where tokens[i] >= 0 {
            let t = Int(tokens[i])
            for k in Int(index.phrasesByFirstTermOffsets[t])..<Int(index.phrasesByFirstTermOffsets[t + 1]) {
                let phrase = index.phrasesByFirstTerm[k]
                let lo = Int(index.phraseTermOffsets[Int(phrase)]), hi = Int(index.phraseTermOffsets[Int(phrase) + 1])
                guard i + (hi - lo) <= tokens.count else { continue }
                var matches = true
                for j in lo..<hi where index.phraseTerms[j] != tokens[i + j - lo] { matches = false; break }
                if !matches || matchedPhrases.contains(phrase) { continue }
                let postings = index.nodes(ofPhrase: phrase, in: range)
                if postings.isEmpty { continue }
                matchedPhrases.append(phrase)
                let df = Double(postings.count)
                let idf = naturalLog(1 + (n - df + 0.5) / (df + 0.5))
                for p in postings { touchCandidate(index.phraseNodes[p]); triggerSignal[Int(index.phraseNodes[p])] += options.triggerMatchStrength * idf }
            }
        }
        // BM25 over distinct message tokens.
        var distinct: [Int32] = []
        for t in tokens where t >= 0 && !distinct.contains(t) { distinct.append(t) }
        let averageLength = index.averageLength[c]
        for t in distinct {
            let postings = index.postings(ofTerm: t, in: range)
            if postings.isEmpty { continue }
            let df = Double(postings.count)
            let idf = naturalLog(1 + (n - df + 0.5) / (df + 0.5))
            for p in postings {
                let node = index.postingNodes[p]
                let tf = Double(index.postingCounts[p])
                let length = Double(index.documentLength[Int(node)])
                let part = idf * tf * (options.k1 + 1) / (tf + options.k1 * (1 - options.b + options.b * length / averageLength))
                touchCandidate(node)
                bm25Signal[Int(node)] += part
            }
        }

        // Combine, threshold, keep the strongest.
        var maxTrigger = 0.0, maxBM25 = 0.0
        for u in candidates.nodes {
            maxTrigger = max(maxTrigger, triggerSignal[Int(u)])
            maxBM25 = max(maxBM25, bm25Signal[Int(u)])
        }
        var message: [(node: NodeIndex, strength: Double)] = []
        for u in candidates.nodes {
            let trigger = maxTrigger > 0 ? triggerSignal[Int(u)] / maxTrigger : 0
            let bm25 = maxBM25 > 0 ? bm25Signal[Int(u)] / maxBM25 : 0
            let strength = options.triggerWeight * trigger + options.bm25Weight * bm25
            if strength > 0 { message.append((u, strength)) }
        }
        message.sort { $0.strength != $1.strength ? $0.strength > $1.strength : $0.node < $1.node }
        if let top = message.first?.strength {
            message = Array(message.prefix { $0.strength >= options.minimumStrength * top }.prefix(max(0, options.maxSeeds)))
        }
        var callerTotal = 0.0
        var callerWeights: [NodeIndex: Double] = [:]
        for seed in callerSeeds {
            let node = index.snapshot.node(forInsightId: seed.insightId)!
            callerWeights[node, default: 0] += seed.weight
            callerTotal += seed.weight
        }
        let messageTotal = message.reduce(0) { $0 + $1.strength }
        let callerShare = message.isEmpty ? 1 : (callerWeights.isEmpty ? 0 : options.callerShare)
        var weights: [NodeIndex: Double] = [:]
        for (node, strength) in message { weights[node, default: 0] += (1 - callerShare) * strength / messageTotal }
        for (node, weight) in callerWeights { weights[node, default: 0] += callerShare * weight / callerTotal }

        var seeds: [Seed] = []
        for (node, weight) in weights {
            let u = Int(node)
            let isCandidate = candidateMarks.contains(u)
            seeds.append(Seed(
                node: node, insightId: index.snapshot.insights[u].id, weight: weight,
                triggerScore: isCandidate ? triggerSignal[u] : 0, bm25: isCandidate ? bm25Signal[u] : 0,
                callerWeight: (callerWeights[node] ?? 0) / max(callerTotal, .leastNonzeroMagnitude),
                matchedTriggers: matchedPhrases.filter { phraseHas($0, node: node, range: range) }.map { index.phraseText[Int($0)] }))
        }
        seeds.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.node < $1.node }
        return seeds
    }

    private func touchCandidate(_ node: NodeIndex) {
        if candidateMarks.insertIfAbsent(Int(node)) {
            candidates.append(node)
            triggerSignal[Int(node)] = 0
            bm25Signal[Int(node)] = 0
        }
    }

    private func phraseHas(_ phrase: Int32, node: NodeIndex, range: Range<NodeIndex>) -> Bool {
        let postings = index.nodes(ofPhrase: phrase, in: node..<(node + 1))
        return !postings.isEmpty
    }
}
