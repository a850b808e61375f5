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
    /// Validates the caller seeds and matches the message against the character's insights: the
    /// candidates (``candidates``) with their trigger-phrase signal, multi-word phrase idf and BM25
    /// in scratch; ``callerWeights`` and ``callerTotal`` from the caller seeds.
    func matchMessage(message: String, callerSeeds: [CallerSeed], character c: Int, options: SeedOptions) throws {
        let range = index.snapshot.nodes(ofCharacter: c)
        // Validate caller seeds first: a bad one is an error, not a silent skip.
        for seed in callerSeeds {
            guard let node = index.snapshot.node(forInsightId: seed.insightId) else { throw RetrievalError.unknownInsight(seed.insightId) }
            guard range.contains(node) else {
                let characterName = index.snapshot.characters[c].normalizedName ?? "\(index.snapshot.characters[c].id)"
                throw RetrievalError.seedOfOtherCharacter(insightId: seed.insightId, character: characterName)
            }
            guard seed.weight > 0, seed.weight.isFinite else { throw RetrievalError.invalidSeedWeight(insightId: seed.insightId, weight: seed.weight) }
        }
        candidateMarks.clear()
        candidates.removeAll()
        matchedPhrases.removeAll(keepingCapacity: true)
        tokenize(message)
        let n = Double(range.count)
        // The reused arrays are swapped out while used (no copy, no exclusivity check per access).
        var tokens: [Int32] = [], distinct: [Int32] = []
        swap(&tokens, &tokenTerms)
        swap(&distinct, &distinctTerms)
        defer {
            swap(&tokens, &tokenTerms)
            swap(&distinct, &distinctTerms)
        }

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
                for p in postings {
                    let node = Int(index.phraseNodes[p])
                    touchCandidate(index.phraseNodes[p])
                    triggerSignal[node] += options.triggerMatchStrength * idf
                    if hi - lo >= 2 { phraseSignal[node] += idf }
                }
            }
        }
        // BM25 over distinct message tokens.
        distinct.removeAll(keepingCapacity: true)
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

        callerWeights.removeAll(keepingCapacity: true)
        var callerTotal = 0.0
        for seed in callerSeeds {
            let node = index.snapshot.node(forInsightId: seed.insightId)!
            if let k = callerWeights.firstIndex(where: { $0.node == node }) { callerWeights[k].weight += seed.weight } else { callerWeights.append((node, seed.weight)) }
            callerTotal += seed.weight
        }
        self.callerTotal = callerTotal
    }

    /// Finds and weighs the PageRank and best-path seeds into ``seedWeights`` (strongest first,
    /// ties: lower node), their signals in scratch. Allocates nothing after warm-up for an ASCII
    /// message (other messages are tokenized through `String`s).
    func collectSeeds(message: String, callerSeeds: [CallerSeed], character c: Int, options: SeedOptions) throws {
        try matchMessage(message: message, callerSeeds: callerSeeds, character: c, options: options)
        var message: [(node: NodeIndex, strength: Double)] = []
        var caller: [(node: NodeIndex, weight: Double)] = [], weights: [(node: NodeIndex, weight: Double)] = []
        swap(&message, &messageSeeds)
        swap(&caller, &callerWeights)
        swap(&weights, &seedWeights)
        defer {
            swap(&message, &messageSeeds)
            swap(&caller, &callerWeights)
            swap(&weights, &seedWeights)
        }
        strongestMessageSeeds(into: &message, options: options)
        mixSeeds(message: message, caller: caller, into: &weights, options: options)
        // Strongest first, ties: lower node (insertion sort: at most maxSeeds + caller seeds).
        for i in weights.indices.dropFirst() {
            let entry = weights[i]
            var j = i
            while j > 0 && (weights[j - 1].weight < entry.weight || (weights[j - 1].weight == entry.weight && weights[j - 1].node > entry.node)) {
                weights[j] = weights[j - 1]
                j -= 1
            }
            weights[j] = entry
        }
    }

    /// The candidates' strengths (each signal divided by its maximum, then weighted), the
    /// `maxSeeds` strongest (a bounded insertion: strength descending, ties by node ascending, as a
    /// full sort would order them), then those below `minimumStrength ×` the strongest dropped.
    private func strongestMessageSeeds(into message: inout [(node: NodeIndex, strength: Double)], options: SeedOptions) {
        var maxTrigger = 0.0, maxBM25 = 0.0
        for u in candidates.nodes {
            maxTrigger = max(maxTrigger, triggerSignal[Int(u)])
            maxBM25 = max(maxBM25, bm25Signal[Int(u)])
        }
        message.removeAll(keepingCapacity: true)
        let keep = max(0, options.maxSeeds)
        for u in candidates.nodes where keep > 0 {
            let trigger = maxTrigger > 0 ? triggerSignal[Int(u)] / maxTrigger : 0
            let bm25 = maxBM25 > 0 ? bm25Signal[Int(u)] / maxBM25 : 0
            let strength = options.triggerWeight * trigger + options.bm25Weight * bm25
            guard strength > 0 else { continue }
            func before(_ a: (node: NodeIndex, strength: Double), _ b: (node: NodeIndex, strength: Double)) -> Bool {
                a.strength != b.strength ? a.strength > b.strength : a.node < b.node
            }
            message.insertKeepingBest((node: u, strength: strength), limit: keep, by: before)
        }
        if let top = message.first?.strength {
            var kept = 0
            while kept < message.count && message[kept].strength >= options.minimumStrength * top { kept += 1 }
            message.removeLast(message.count - kept)
        }
    }

    /// The teleport weights: message seeds share `1 − callerShare` in proportion to strength, caller
    /// seeds `callerShare` in proportion to their weights (all of it when only one kind exists); a
    /// node in both adds up. In first-added order.
    private func mixSeeds(message: [(node: NodeIndex, strength: Double)], caller: [(node: NodeIndex, weight: Double)],
                          into weights: inout [(node: NodeIndex, weight: Double)], options: SeedOptions) {
        var messageTotal = 0.0
        for entry in message { messageTotal += entry.strength }
        let callerShare = message.isEmpty ? 1 : (caller.isEmpty ? 0 : options.callerShare)
        weights.removeAll(keepingCapacity: true)
        seedMarks.clear()
        func add(_ node: NodeIndex, _ weight: Double) {
            if seedMarks.insertIfAbsent(Int(node)) {
                seedPosition[Int(node)] = Int32(weights.count)
                weights.append((node, weight))
            } else {
                weights[Int(seedPosition[Int(node)])].weight += weight
            }
        }
        for (node, strength) in message { add(node, (1 - callerShare) * strength / messageTotal) }
        for (node, weight) in caller { add(node, callerShare * weight / callerTotal) }
    }

    /// The first `limit` seeds of the last call (``seedWeights``, strongest first once ordered) as
    /// public values (allocates: matched trigger texts).
    func makeSeeds(character c: Int, limit: Int = .max) -> [Seed] {
        let range = index.snapshot.nodes(ofCharacter: c)
        return seedWeights.prefix(max(0, limit)).map { node, weight in
            let u = Int(node)
            let isCandidate = candidateMarks.contains(u)
            let callerWeight = callerWeights.first { $0.node == node }?.weight ?? 0
            return Seed(
                node: node, insightId: index.snapshot.insights[u].id, weight: weight,
                triggerScore: isCandidate ? triggerSignal[u] : 0, bm25: isCandidate ? bm25Signal[u] : 0,
                callerWeight: callerWeight / max(callerTotal, .leastNonzeroMagnitude),
                matchedTriggers: matchedPhrases.filter { phraseHas($0, node: node, range: range) }.map { index.phraseText[Int($0)] })
        }
    }

    /// The message's analysed terms (``Analyzer``) as term numbers into ``tokenTerms`` (-1: not in
    /// the index). ASCII messages are folded byte by byte into a reused buffer (letters and digits,
    /// A–Z lower-cased, anything else separates: exactly ``Tokenizer/foldedTokens(_:)`` on ASCII),
    /// and each token is checked against the stop words and stemmed in place, without a `String`.
    private func tokenize(_ message: String) {
        tokenTerms.removeAll(keepingCapacity: true)
        var text = message
        let isASCII = tokenBytes.forEachASCIIToken(of: &text) { token in
            analyzer.withTerm(of: token) { tokenTerms.append(index.terms.lookup($0)) }
        }
        if !isASCII {
            tokenTerms.removeAll(keepingCapacity: true)
            for term in analyzer.terms(message) { tokenTerms.append(index.terms.lookup(term)) }
        }
    }

    func touchCandidate(_ node: NodeIndex) {
        if candidateMarks.insertIfAbsent(Int(node)) {
            candidates.append(node)
            triggerSignal[Int(node)] = 0
            bm25Signal[Int(node)] = 0
            phraseSignal[Int(node)] = 0
            callerSignal[Int(node)] = 0
        }
    }

    private func phraseHas(_ phrase: Int32, node: NodeIndex, range: Range<NodeIndex>) -> Bool {
        let postings = index.nodes(ofPhrase: phrase, in: node..<(node + 1))
        return !postings.isEmpty
    }
}
