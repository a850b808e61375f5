import InsightGraph

extension Execution {
    /// Seeds from a message, found exactly as `insightgraph retrieve` finds them: the retrieval
    /// module's seed finder (triggers matched as phrases and weighted by specificity, plus BM25
    /// over content and triggers; see ``SeedOptions``), per character of the source. A seed's
    /// weight is its share of that character's teleport vector (a character's seeds sum to 1).
    func messageSeeds(_ message: String, into weights: inout [NodeIndex: Double], reasons: inout [NodeIndex: [String]]) throws(QueryError) {
        let characters = sourceCharacter.map { [$0] } ?? Array(0..<graph.characters.count)
        var options = RetrievalOptions()
        options.method = .bestPath(maxHops: 0)  // only the seeds are wanted; skip the ranking work
        options.limit = 0
        options.explain = false
        let retriever = Retriever(index: retrievalIndex())
        for character in characters {
            guard let name = graph.characters[character].normalizedName,
                  graph.characterIndex(named: name) == character else { continue }
            let response: RetrievalResponse
            do {
                response = try retriever.retrieve(character: name, message: message, options: options)
            } catch {
                throw QueryError(.executor, "seeding from the message failed: \(error)", at: range)
            }
            for seed in response.seeds {
                weights[seed.node, default: 0] += seed.weight
                var why = seed.matchedTriggers.map { "trigger '\($0)'" }
                if seed.bm25 > 0 { why.append("bm25 \(TableRenderer.number(seed.bm25))") }
                reasons[seed.node, default: []].append(contentsOf: why)
            }
        }
    }

    /// The retrieval index of this graph: the caller's (``Executor/retrievalIndex``), or built on
    /// first use, once per query run.
    func retrievalIndex() -> RetrievalIndex {
        if let retrieval { return retrieval }
        let index = RetrievalIndex(snapshot: graph)
        retrieval = index
        return index
    }
}
