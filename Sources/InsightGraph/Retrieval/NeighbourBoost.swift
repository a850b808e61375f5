extension Retriever {
    /// Every insight of `character` with a score above 0 for `message`, best first (ties: lower
    /// insight id), ignoring ``RetrievalOptions/limit`` and diversity but applying the
    /// ``RetrievalOptions/minScore`` gate: when the best score is below it the answer is empty.
    /// Under ``RankingMethod/neighbourBoost`` (the default) the scores and components equal those of
    /// ``rank(character:message:callerSeeds:options:into:)``; with diversity off (λ = 1, no
    /// duplicate threshold) `rank`'s results are this list's first `limit` entries. The PageRank and
    /// best-path methods return every node they scored, by the same order, with no gate.
    public func scoreAll(
        character name: String, message: String, callerSeeds: [CallerSeed] = [], options: RetrievalOptions = .init()
    ) throws -> [RankedInsight] {
        guard let c = index.character(named: name) else { throw RetrievalError.unknownCharacter(name) }
        var unbounded = options
        unbounded.limit = Int.max
        unbounded.diversity.poolFactor = 1
        if case .neighbourBoost = options.method {
            try scoreByNeighbourBoost(character: c, message: message, callerSeeds: callerSeeds, options: unbounded,
                                      poolSize: .max)
            return pool
        }
        var results: [RankedInsight] = []
        unbounded.diversity.lambda = 1
        unbounded.diversity.duplicateThreshold = .infinity
        try rank(character: name, message: message, callerSeeds: callerSeeds, options: unbounded, into: &results)
        return results
    }

    /// Neighbour-boost ranking (see ``Retriever``): direct relevance, the one-hop boost, the gate,
    /// then the best `poolSize` into ``pool`` (total descending, ties: lower node, which is the
    /// lower insight id). ``seedWeights`` gets the direct matches (share of the summed direct
    /// relevance), unordered: ``orderSeeds(strongest:)`` orders the strongest when an answer lists them. Clears ``picks``.
    /// Allocates nothing after warm-up for an ASCII message unless `poolSize` is `Int.max` (``scoreAll``).
    func scoreByNeighbourBoost(character c: Int, message: String, callerSeeds: [CallerSeed], options: RetrievalOptions,
                               poolSize: Int) throws {
        try matchMessage(message: message, callerSeeds: callerSeeds, character: c, options: options.seeds)
        pool.removeAll(keepingCapacity: true)
        picks.removeAll(keepingCapacity: true)
        collapsedPool.removeAll(keepingCapacity: true)
        seedWeights.removeAll(keepingCapacity: true)
        seedMarks.clear()
        scoredNodes.removeAll()
        reachMarks.clear()
        lastWork = 0
        let n = Double(index.snapshot.nodes(ofCharacter: c).count)
        guard n > 0 else { return }
        // idf of a term only one insight has: the unit that makes scores comparable across characters.
        let hapax = naturalLog(1 + (n - 1 + 0.5) / 1.5)

        // Caller seeds at or above the floor join the candidates.
        for (node, weight) in callerWeights where weight >= options.callerFloor {
            touchCandidate(node)
            callerSignal[Int(node)] = weight
        }

        // Direct relevance.
        var directTotal = 0.0
        for u in candidates.nodes {
            let k = Int(u)
            let direct = bm25Signal[k] / hapax + options.phraseWeight * phraseSignal[k] / hapax
                + options.callerGamma * callerSignal[k]
            directSignal[k] = direct
            guard direct > 0 else { continue }
            directTotal += direct
            reachMarks.insert(k)
            scoredNodes.append(u)
            boostSignal[k] = 0
            boostSource[k] = -1
        }
        guard directTotal > 0 else { return }

        // One hop from the strongest `maxSeeds` direct matches (ties: lower node): each neighbour
        // keeps its best min(1, w) × rel(n) (ties: the lower neighbour node, as the propagating
        // matches are visited in any order). A message of common words can match most of a large
        // character; its weakest matches would add work, and almost nothing else: a boost is at
        // most β × the propagating match's own relevance.
        let directCount = scoredNodes.count
        // Seeds (explanations): the direct matches, strongest first, ties lower node. Asked for
        // seeds only (no pool: IGQ's SEED MESSAGE), nothing below is needed.
        for i in 0..<directCount {
            let u = scoredNodes[i]
            seedMarks.insert(Int(u))
            seedWeights.append((u, directSignal[Int(u)] / directTotal))
        }
        guard poolSize > 0 else { return }
        var spreading: [(node: NodeIndex, relevance: Double)] = []
        swap(&spreading, &propagators)
        defer { swap(&spreading, &propagators) }
        spreading.removeAll(keepingCapacity: true)
        let spreadLimit = max(0, options.seeds.maxSeeds)
        func stronger(_ a: (node: NodeIndex, relevance: Double), _ b: (node: NodeIndex, relevance: Double)) -> Bool {
            a.relevance != b.relevance ? a.relevance > b.relevance : a.node < b.node
        }
        for i in 0..<directCount where spreadLimit > 0 {
            let node = scoredNodes[i]
            spreading.insertKeepingBest((node: node, relevance: directSignal[Int(node)]), limit: spreadLimit, by: stronger)
        }
        // The walk graph's arrays as locals: read through the class in this loop, each access
        // would load (and retain) the array again.
        let offsets = index.walk.offsets, neighbors = index.walk.neighbors, weights = index.walk.weights
        var edgesRead = 0
        defer { lastWork += edgesRead }
        if options.graphBoost != 0 {
            for (seed, relevance) in spreading {
                for k in Int(offsets[Int(seed)])..<Int(offsets[Int(seed) + 1]) {
                    let d = neighbors[k]
                    let value = min(1, weights[k]) * relevance
                    edgesRead += 1
                    guard value > 0 else { continue }
                    if reachMarks.insertIfAbsent(Int(d)) {
                        scoredNodes.append(d)
                        boostSignal[Int(d)] = value
                        boostSource[Int(d)] = seed
                    } else if value > boostSignal[Int(d)]
                                || (value == boostSignal[Int(d)] && boostSource[Int(d)] >= 0 && seed < boostSource[Int(d)]) {
                        boostSignal[Int(d)] = value
                        boostSource[Int(d)] = seed
                    }
                }
            }
        }

        // The gate: the best final score must reach minScore.
        var best = 0.0
        for u in scoredNodes.nodes {
            let k = Int(u)
            let direct = candidateMarks.contains(k) ? directSignal[k] : 0
            best = max(best, direct + options.graphBoost * boostSignal[k])
        }

        guard best >= options.minScore, best > 0, poolSize > 0 else { return }

        // Final scores; keep the best `poolSize` (total descending, ties: lower node = lower id).
        var kept: [RankedInsight] = []
        swap(&kept, &pool)
        defer { swap(&kept, &pool) }
        func before(_ a: (score: Double, node: NodeIndex), _ b: RankedInsight) -> Bool {
            a.score != b.score ? a.score > b.score : a.node < b.node
        }
        // Everything wanted: append, then one sort (a bounded insertion would be quadratic).
        let unbounded = poolSize == .max
        defer { if unbounded { kept.sort { before(($0.score, $0.node), $1) } } }
        // The attributes add at most this much: a node whose relevance plus it cannot beat a full
        // pool's last entry is skipped before its scoring row is read (a cache miss per node, most
        // of this loop's time when a message matches much of a large character).
        let attributeBound = ScoreBound(options.weights).map { options.attributeScale * $0.largestOthers }
        for u in scoredNodes.nodes {
            let k = Int(u)
            let isCandidate = candidateMarks.contains(k)
            let direct = isCandidate ? directSignal[k] : 0
            let boost = options.graphBoost * boostSignal[k]
            let value = direct + boost
            guard value > 0 else { continue }
            if !unbounded, kept.count == poolSize, let attributeBound, options.attributeScale >= 0,
               value + attributeBound < kept[poolSize - 1].score - 1e-12 { continue }
            var components = options.weights.components(node: k, graphRaw: boostSignal[k], graphMax: 0, index: index)
            let attributes = components.total
            components.graph = boost
            components.total = value + options.attributeScale * attributes
            components.direct = direct
            if isCandidate {
                components.bm25 = bm25Signal[k] / hapax
                components.phrase = options.phraseWeight * phraseSignal[k] / hapax
                components.caller = options.callerGamma * callerSignal[k]
            }
            if boostSignal[k] > 0, boostSource[k] >= 0 { components.boostFrom = index.snapshot.insights[Int(boostSource[k])].id }
            let score = components.total
            if unbounded {
                kept.append(RankedInsight(id: index.snapshot.insights[k].id, node: u, score: score, components: components))
                continue
            }
            if kept.count == poolSize {
                if !before((score, u), kept[poolSize - 1]) { continue }
                kept.removeLast()
            }
            var i = kept.count
            let entry = RankedInsight(id: index.snapshot.insights[k].id, node: u, score: score, components: components)
            kept.append(entry)
            while i > 0 && before((score, u), kept[i - 1]) { kept[i] = kept[i - 1]; i -= 1 }
            kept[i] = entry
        }
    }
}

extension Retriever {
    /// Puts the strongest `count` of ``seedWeights`` first, strongest first, ties by lower node (for
    /// answers, which list that many); the rest follow in no particular order. A message of common
    /// words can make thousands of direct matches, and a full sort of them would cost a tenth of a
    /// request.
    func orderSeeds(strongest count: Int) {
        guard seedWeights.count > 1, count > 0 else { return }
        func stronger(_ a: (node: NodeIndex, weight: Double), _ b: (node: NodeIndex, weight: Double)) -> Bool {
            a.weight != b.weight ? a.weight > b.weight : a.node < b.node
        }
        if seedWeights.count <= count {
            seedWeights.sort(by: stronger)
            return
        }
        // Partition: every entry at least as strong as the count-th strongest goes first.
        var top: [(node: NodeIndex, weight: Double)] = []
        top.reserveCapacity(count)
        for entry in seedWeights { top.insertKeepingBest(entry, limit: count, by: stronger) }
        let last = top[count - 1]
        var rest = seedWeights.filter { stronger(last, $0) }
        rest.insert(contentsOf: top, at: 0)
        seedWeights = rest
    }
}
