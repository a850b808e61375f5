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
    /// Picks up to `limit` of `pool` (sorted best first) by MMR; returns (picked index into pool,
    /// collapsed indices into pool) in pick order.
    func diversify(_ pool: [(node: NodeIndex, score: Double)], limit: Int, options: DiversityOptions) -> [(Int, [Int])] {
        var picked: [(Int, [Int])] = []
        var available = Array(pool.indices)
        var maxSimilarity = [Double](repeating: 0, count: pool.count)
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
            var collapsed: [Int] = []
            available.removeAll { other in
                let similarity = index.similarity(pool[chosen].node, pool[other].node)
                if similarity >= options.duplicateThreshold { collapsed.append(other); return true }
                maxSimilarity[other] = max(maxSimilarity[other], similarity)
                return false
            }
            picked.append((chosen, collapsed))
        }
        return picked
    }
}
