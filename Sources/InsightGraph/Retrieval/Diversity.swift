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
        let pool = self.pool
        available.removeAll(keepingCapacity: true)
        maxSimilarity.removeAll(keepingCapacity: true)
        for i in pool.indices {
            available.append(i)
            maxSimilarity.append(0)
        }
        while picked.count < limit && !available.isEmpty {
            var bestPosition = 0
            var bestValue = -Double.infinity
            for (position, candidate) in available.enumerated() {
                let value = options.lambda * pool[candidate].score - (1 - options.lambda) * maxSimilarity[candidate]
                if value > bestValue || (value == bestValue && pool[candidate].node < pool[available[bestPosition]].node) {
                    bestValue = value
                    bestPosition = position
                }
            }
            let chosen = available.remove(at: bestPosition)
            let start = collapsed.count
            var kept = 0
            for position in available.indices {
                let other = available[position]
                let similarity = index.similarity(pool[chosen].node, pool[other].node)
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
