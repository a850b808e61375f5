import InsightGraph

// Minimal diversity, written here while the retrieval module (issue 3) was not yet on main.
extension Execution {
    /// Maximal marginal relevance (Carbonell & Goldstein, 1998) over the ranked rows: repeatedly
    /// take the row maximising `λ·relevance − (1−λ)·max similarity to the rows already taken`,
    /// where relevance is the score divided by the best score and similarity is the Jaccard
    /// overlap of content and trigger words. Considers the best `max(10 × keep, 100)` rows.
    func diversify(lambda: Double, keep: Int) throws(QueryError) {
        let pool = Array(nodes.prefix(max(keep * 10, 100)))
        let top = pool.compactMap { scores[$0] }.max() ?? 0
        let words: [Set<String>] = pool.map { node in
            let insight = graph.insights[Int(node)]
            var text = insight.content ?? ""
            for case let trigger? in insight.triggers ?? [] { text += " " + trigger }
            return Set(TextFolding.words(text))
        }
        var taken: [Int] = []
        var remaining = Array(pool.indices)
        var maxSimilarity = [Double](repeating: 0, count: pool.count)
        while taken.count < keep, !remaining.isEmpty {
            try tick()
            var bestIndex = 0
            var bestValue = -Double.infinity
            for (position, i) in remaining.enumerated() {
                let relevance = top > 0 ? (scores[pool[i]] ?? 0) / top : 0
                let value = lambda * relevance - (1 - lambda) * maxSimilarity[i]
                if value > bestValue { bestValue = value; bestIndex = position }
            }
            let chosen = remaining.remove(at: bestIndex)
            taken.append(chosen)
            for i in remaining {
                let union = words[i].union(words[chosen]).count
                let similarity = union == 0 ? 0 : Double(words[i].intersection(words[chosen]).count) / Double(union)
                maxSimilarity[i] = max(maxSimilarity[i], similarity)
            }
        }
        nodes = taken.map { pool[$0] }
    }
}
