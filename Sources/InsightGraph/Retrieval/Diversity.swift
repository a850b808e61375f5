/// Result diversity: maximal marginal relevance and near-duplicate collapse.
///
/// MMR (Carbonell & Goldstein, SIGIR 1998) picks, among the best ``poolFactor`` × limit candidates,
/// the one maximizing `λ·score − (1−λ)·max similarity to those already picked`, where similarity is
/// the Jaccard index of the two insights' folded term sets (content + triggers). A candidate whose
/// similarity to a picked result is at least ``duplicateThreshold`` is not shown: it is folded into
/// that result (``RetrievedInsight/collapsed``). λ = 1 and threshold > 1 turn both off. Ties: the
/// lower insight id.
public struct DiversityOptions: Hashable, Sendable {
    public var lambda = 0.8
    public var duplicateThreshold = 0.9
    public var poolFactor = 4

    public init() {}
}

extension Retriever {
    /// Picks up to `limit` of ``pool`` (sorted best first) by MMR into ``picks`` (pool index and the
    /// range of its collapsed pool indices in ``collapsedPool``), in pick order. Reuses its arrays.
    func diversify(limit: Int, options: DiversityOptions) {
        var available: [Int] = [], maxSimilarity: [Double] = [], picked: [(chosen: Int, collapsed: Range<Int>)] = []
        var collapsed: [Int] = []
        swap(&available, &self.available)
        swap(&maxSimilarity, &self.maxSimilarity)
        swap(&picked, &picks)
        swap(&collapsed, &collapsedPool)
        defer {
            swap(&available, &self.available)
            swap(&maxSimilarity, &self.maxSimilarity)
            swap(&picked, &picks)
            swap(&collapsed, &collapsedPool)
        }
        let pool = self.pool, index = self.index
        MaximalMarginalRelevance.pick(
            count: pool.count, limit: limit, options: options,
            relevance: { pool[$0].score }, node: { pool[$0].node },
            similarity: { index.similarity(pool[$0].node, pool[$1].node) },
            available: &available, maxSimilarity: &maxSimilarity, picked: &picked, collapsed: &collapsed)
    }
}

extension RetrievalIndex {
    /// MMR over rows ranked best first (`relevance` in the same order, typically scaled to the best
    /// row), with retrieval's similarity and no near-duplicate collapse: IGQ's `DIVERSIFY λ`.
    /// Returns the picked rows' positions, in pick order.
    public func diversify(nodes: [NodeIndex], relevance: [Double], lambda: Double, keep: Int) -> [Int] {
        var options = DiversityOptions()
        options.lambda = lambda
        options.duplicateThreshold = .infinity
        var available: [Int] = [], maxSimilarity: [Double] = [], picked: [(chosen: Int, collapsed: Range<Int>)] = []
        var collapsed: [Int] = []
        MaximalMarginalRelevance.pick(
            count: nodes.count, limit: keep, options: options, relevance: { relevance[$0] }, node: { nodes[$0] },
            similarity: { self.similarity(nodes[$0], nodes[$1]) },
            available: &available, maxSimilarity: &maxSimilarity, picked: &picked, collapsed: &collapsed)
        return picked.map(\.chosen)
    }
}

/// The MMR loop itself, over candidates 0..<count in rank order; the callers supply relevance,
/// similarity and the work arrays (the retriever reuses its own across calls).
enum MaximalMarginalRelevance {
    @inline(__always)
    static func pick(count: Int, limit: Int, options: DiversityOptions, relevance: (Int) -> Double, node: (Int) -> NodeIndex,
                     similarity: (Int, Int) -> Double, available: inout [Int], maxSimilarity: inout [Double],
                     picked: inout [(chosen: Int, collapsed: Range<Int>)], collapsed: inout [Int]) {
        if options.lambda >= 1 && options.duplicateThreshold > 1 {
            // Diversity off: the picks are the best candidates, in order, with no similarity to compute.
            for i in 0..<min(count, max(0, limit)) { picked.append((i, collapsed.count..<collapsed.count)) }
            return
        }
        available.removeAll(keepingCapacity: true)
        maxSimilarity.removeAll(keepingCapacity: true)
        for i in 0..<count {
            available.append(i)
            maxSimilarity.append(0)
        }
        while picked.count < limit && !available.isEmpty {
            var bestPosition = 0
            var bestValue = -Double.infinity
            for (position, candidate) in available.enumerated() {
                let value = options.lambda * relevance(candidate) - (1 - options.lambda) * maxSimilarity[candidate]
                if value > bestValue || (value == bestValue && node(candidate) < node(available[bestPosition])) {
                    bestValue = value
                    bestPosition = position
                }
            }
            let chosen = available.remove(at: bestPosition)
            let start = collapsed.count
            var kept = 0
            for position in available.indices {
                let other = available[position]
                let similarity = similarity(chosen, other)
                if similarity >= options.duplicateThreshold {
                    collapsed.append(other)
                } else {
                    maxSimilarity[other] = max(maxSimilarity[other], similarity)
                    available[kept] = other
                    kept += 1
                }
            }
            available.removeLast(available.count - kept)
            picked.append((chosen, start..<collapsed.count))
        }
    }
}
