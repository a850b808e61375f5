import InsightGraph

/// IGQ's link to the retrieval engine: message seeds, the default ranking of seeded queries and
/// DIVERSIFY's similarity all come from ``Retriever`` and ``RetrievalIndex``, so a message means
/// the same thing in a query as in `insightgraph retrieve` and `/v1/retrieve`.
extension Execution {
    /// The caller's retriever pool (``Executor/retrievers``), or one made on first use, once per run.
    func retrieverPool() -> RetrieverPool {
        if let retrievers { return retrievers }
        let pool = RetrieverPool(index: RetrievalIndex(snapshot: graph))
        retrievers = pool
        return pool
    }

    /// The characters a seeded query ranks in: the source character, or every named one.
    private var seededCharacters: [(index: Int, name: String)] {
        let indices = sourceCharacter.map { [$0] } ?? Array(0..<graph.characters.count)
        return indices.compactMap { c in
            guard let name = graph.characters[c].normalizedName, graph.characterIndex(named: name) == c else { return nil }
            return (c, name)
        }
    }

    /// Seeds from a message, found exactly as `insightgraph retrieve` finds them, per character of
    /// the source. A seed's weight is its share of that character's teleport vector (a
    /// character's seeds sum to 1). Weights only: the seeds' reasons are worded when a returned
    /// row shows them (``messageSeedReasons(_:into:)``).
    func messageSeeds(_ message: String, into weights: inout [NodeIndex: Double]) throws(QueryError) {
        let options = seedOptions()
        for character in seededCharacters {
            let seeds: [(node: NodeIndex, weight: Double)]
            do {
                seeds = try retrieverPool().withRetriever {
                    try $0.strongestSeeds(character: character.name, message: message, options: options)
                }
            } catch {
                throw QueryError(.executor, "seeding from the message failed: \(error)", at: range)
            }
            for seed in seeds { weights[seed.node, default: 0] += seed.weight }
        }
    }

    /// The reasons of ``messageSeeds(_:into:)``'s seeds: the triggers each matched and its BM25
    /// score, from the same seeding run again with its texts. A character whose run fails is left
    /// without reasons (it cannot fail: it seeded before, and the engine is deterministic on one snapshot).
    func messageSeedReasons(_ message: String, into reasons: inout [NodeIndex: [SeedReason]]) {
        let options = seedOptions()
        for character in seededCharacters {
            guard let response = try? retrieverPool().withRetriever({
                try $0.retrieve(character: character.name, message: message, options: options)
            }) else { continue }
            for seed in response.seeds {
                reasons[seed.node, default: []].append(contentsOf: seed.matchedTriggers.map(SeedReason.trigger))
                if seed.bm25 > 0 { reasons[seed.node, default: []].append(.bm25(seed.bm25)) }
            }
        }
    }

    /// Seeding asks for seeds only: no insight is ranked, nothing explained.
    private func seedOptions() -> RetrievalOptions {
        var options = retrieverPool().defaults
        options.limit = 0
        options.explain = false
        return options
    }

    /// The default ranking of a seeded query: the retrieval engine's scores for the query's message
    /// (every `SEED MESSAGE`, in order) and its insight and trigger seeds (as caller seeds).
    ///
    /// With `limit` (nothing narrows the rows) the rows are exactly `retrieve`'s answer for that
    /// limit, diversity included. Otherwise every insight the engine scores, best first, narrowed
    /// by WHERE, or to what EXPAND visited; visited rows the engine did not score follow with score 0.
    func retrievalRank(limit: Int?) throws(QueryError) {
        let message = seedMessages.joined(separator: "\n")
        var ranked: [RankedInsight] = []
        for character in seededCharacters {
            let nodesOfCharacter = graph.nodes(ofCharacter: character.index)
            let callerSeeds = callerSeedWeights.keys.sorted().filter { nodesOfCharacter.contains($0) }
                .map { CallerSeed(insightId: graph.insights[Int($0)].id, weight: callerSeedWeights[$0]!) }
            if message.isEmpty && callerSeeds.isEmpty { continue }
            var options = retrieverPool().defaults
            options.explain = false
            options.weights.now = now
            do {
                try retrieverPool().withRetriever { retriever in
                    if let limit {
                        options.limit = limit
                        var results: [RankedInsight] = []
                        try retriever.rank(character: character.name, message: message, callerSeeds: callerSeeds,
                                           options: options, into: &results)
                        ranked += results
                    } else {
                        ranked += try retriever.scoreAll(character: character.name, message: message, callerSeeds: callerSeeds,
                                                         options: options)
                    }
                }
            } catch {
                throw QueryError(.executor, "ranking with the retrieval engine failed: \(error)", at: range)
            }
        }
        if seededCharacters.count > 1 {
            ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        }
        let visited = expandedNodes.map { _ in Set(nodes) }
        var rows: [NodeIndex] = [], rowRanks: [RowRank] = []
        var scored = Set<NodeIndex>()
        for entry in ranked {
            if let visited {
                guard visited.contains(entry.node) else { continue }
                scored.insert(entry.node)
            } else if let filter, reader.evaluate(filter, .insight(entry.node)) != true {
                continue
            }
            rows.append(entry.node)
            rowRanks.append(RowRank(score: entry.score, components: entry.components))
        }
        if visited != nil {
            let unscored = nodes.filter { !scored.contains($0) }.sorted { graph.insights[Int($0)].id < graph.insights[Int($1)].id }
            rows += unscored
            rowRanks += unscored.map { _ in RowRank(score: 0) }
        }
        nodes = rows
        ranking = rowRanks
    }

    /// A score's components as result members (the `why` column): direct relevance and its
    /// parts, the graph boost and the insight it came from, and the tie-breaking attributes.
    static func members(of c: ScoreComponents) -> [ResultMember] {
        [ResultMember("direct", .number(c.direct)), ResultMember("bm25", .number(c.bm25)),
         ResultMember("phrase", .number(c.phrase)), ResultMember("caller", .number(c.caller)),
         ResultMember("graph", .number(c.graph)), ResultMember("boost_from", c.boostFrom.map { .integer(Int64($0)) } ?? .null),
         ResultMember("confidence", .number(c.confidence)), ResultMember("importance", .number(c.importance)),
         ResultMember("recency", .number(c.recency)), ResultMember("valence", .number(c.valence))]
    }
}
