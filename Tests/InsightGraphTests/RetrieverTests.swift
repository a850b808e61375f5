import Foundation
import Testing
@testable import InsightGraph
import GraphTestSupport

@Suite struct RetrieverTests {
    static let day: Int64 = 86_400_000_000
    static let now = Timestamp(microsecondsSinceEpoch: 1000 * day)

    /// elena (1): 1 and 5 near-duplicates about marine conservation, 2 reefs, 3 science (reached
    /// from 1 by "supports" 0.9), 4 marine biology, 6 jazz (contradicted by 4). marcus (2): 10, tied
    /// to 1 by a strong cross-character edge that must never be walked.
    func index() -> RetrievalIndex {
        var g = TestGraph(characters: [(1, "elena"), (2, "marcus")])
        g.insight(1, content: "I care deeply about marine conservation", confidence: 0.9, importance: 8,
                  triggers: ["Marine Conservation", "ocean"], discovered: Timestamp(microsecondsSinceEpoch: 990 * Self.day))
        g.insight(2, content: "Coral reefs are fragile", confidence: 0.8, triggers: ["reef", "ocean"])
        g.insight(3, content: "I explain science through stories", confidence: 0.7, triggers: ["science"])
        g.insight(4, content: "Marine biology was my first love", confidence: 0.6, triggers: ["marine"])
        g.insight(5, content: "I care deeply about marine conservation!", confidence: 0.5,
                  triggers: ["marine conservation", "ocean"])
        g.insight(6, content: "I like {content} jazz", confidence: 0.5, triggers: ["music"])
        g.insight(10, character: 2, content: "marine conservation matters to me too", triggers: ["marine conservation"])
        g.edge(1, 3, 0.9, type: "supports")
        g.edge(2, 1, 0.7, type: "builds_on")
        g.edge(4, 6, 0.8, type: "contradicts")
        g.edge(1, 10, 0.9, type: "supports")
        return RetrievalIndex(snapshot: g.build())
    }

    /// Matched triggers are shown as analysed terms (stemmed): "marine conservation" → "marin conserv".
    /// A phrase match adds the phrase weight to the direct relevance.
    /// `strongestSeeds` (IGQ's seeding) lists exactly `retrieve`'s seeds: the same nodes, order and
    /// weights, also when more messages match than `maxSeeds` lists.
    @Test func strongestSeedsAreRetrievesSeeds() throws {
        let retriever = Retriever(index: index())
        for maxSeeds in [64, 2, 1] {
            var options = RetrievalOptions()
            options.seeds.maxSeeds = maxSeeds
            options.limit = 0
            for message in ["ocean reef marine conservation science", "marine biology", "jazz music", "nothing here"] {
                let seeds = try retriever.strongestSeeds(character: "elena", message: message, options: options)
                let listed = try retriever.retrieve(character: "elena", message: message, options: options).seeds
                #expect(seeds.map(\.node) == listed.map(\.node), "\(message), maxSeeds \(maxSeeds)")
                #expect(seeds.map(\.weight.bitPattern) == listed.map(\.weight.bitPattern))
                #expect(seeds.count <= maxSeeds)
            }
        }
        #expect(try retriever.strongestSeeds(character: "elena", message: "ocean reef marine", options: {
            var o = RetrievalOptions(); o.seeds.maxSeeds = 2; return o }()).count == 2)
    }

    @Test func multiWordTriggersMatchOnlyAsPhrases() throws {
        let retriever = Retriever(index: index())
        let apart = try retriever.retrieve(character: "elena", message: "marine life and conservation efforts")
        #expect(apart.seeds.first { $0.insightId == 1 }?.matchedTriggers ?? [] == [])
        #expect(apart.seeds.first { $0.insightId == 4 }?.matchedTriggers == ["marin"])
        #expect(apart.results.allSatisfy { $0.components.phrase == 0 })
        let together = try retriever.retrieve(character: "Elena", message: "What about MARINE conservation?")
        #expect(together.seeds.first { $0.insightId == 1 }?.matchedTriggers == ["marin conserv"])
        let one = try #require(together.results.first { $0.id == 1 || $0.id == 5 })
        #expect(one.components.phrase > 0)
        // Stop words between the words of a phrase do not break it: both sides drop them.
        let withStopWord = try retriever.retrieve(character: "elena", message: "marine and the conservation")
        #expect(withStopWord.seeds.first { $0.insightId == 1 }?.matchedTriggers == ["marin conserv"])
    }

    /// idf = ln(1 + (N − df + 0.5)/(df + 0.5)) with N = 6: "ocean" (insights 1, 2, 5: df 3)
    /// ln(1 + 3.5/3.5) = ln 2 = 0.6931, "science" (df 1) ln(1 + 5.5/1.5) = ln(14/3) = 1.5404: the
    /// rarer trigger weighs more.
    @Test func sharedTriggersWeighLess() throws {
        let response = try Retriever(index: index()).retrieve(character: "elena", message: "ocean science")
        let byId = Dictionary(uniqueKeysWithValues: response.seeds.map { ($0.insightId, $0) })
        #expect(abs(byId[2]!.triggerScore - log(2.0)) < 1e-12)
        #expect(abs(byId[3]!.triggerScore - log(14.0 / 3)) < 1e-12)
        #expect(abs(response.seeds.reduce(0) { $0 + $1.weight } - 1) < 1e-12)
    }

    @Test func staysInsideTheCharacterAndExplains() throws {
        var options = RetrievalOptions()
        options.method = .exactPageRank(tolerance: 1e-12)
        let response = try Retriever(index: index()).retrieve(character: "elena", message: "marine conservation", options: options)
        let ids = response.results.map(\.id)
        #expect(!ids.contains(10))
        #expect(ids.contains(3))
        let three = try #require(response.results.first { $0.id == 3 })
        #expect(three.path == [1, 3])
        #expect(three.pathTypes == ["supports"])
        #expect(abs(three.pathStrength - 0.9) < 1e-15)
        #expect(three.seeds.first?.insightId == 1)
        #expect(three.seeds.first?.hops == 1)
        // 1 and 5 have the same terms: one is shown, the other folded into it.
        #expect(ids.contains(1) != ids.contains(5))
        let shown = try #require(response.results.first { $0.id == 1 || $0.id == 5 })
        #expect(shown.collapsed == [shown.id == 1 ? 5 : 1])
        #expect(shown.path == [shown.id])
        // Graph relevance is normalized to the best candidate.
        #expect(response.results.map(\.components.graph).max() == 1)
        #expect(response.results.allSatisfy { abs($0.score - $0.components.total) < 1e-15 })
    }

    @Test func everyMethodRanks() throws {
        let retriever = Retriever(index: index())
        for method in [RankingMethod.exactPageRank(tolerance: 1e-10), .localPush(epsilon: 0.01), .bestPath(maxHops: 2), .bestPath(maxHops: nil)] {
            var options = RetrievalOptions()
            options.method = method
            options.weights.confidence = 0
            options.weights.importance = 0
            options.weights.recency = 0
            // Seed 2's only neighbour is 1, which also gets 3's walk back: PageRank ranks 1 above
            // the seed; best path ranks the seed (1.0) above 1 (0.7).
            let response = try retriever.retrieve(character: "elena", message: "reef", options: options)
            let expected = if case .bestPath = method { [2, 1, 3] } else { [1, 2, 3] }
            #expect(response.results.map(\.id) == expected, "\(method)")
        }
    }

    /// The lean path ranks exactly as the full one: same ids, scores and components in the same
    /// order, collapsed counts matching; it reuses the caller's array (its capacity survives),
    /// and a message with no seed empties it.
    @Test func rankMatchesRetrieveAndReusesTheArray() throws {
        let retriever = Retriever(index: index())
        var ranked: [RankedInsight] = []
        for method in [RankingMethod.exactPageRank(tolerance: 1e-10), .localPush(epsilon: 0.01), .bestPath(maxHops: 2)] {
            var options = RetrievalOptions()
            options.method = method
            for message in ["What about MARINE conservation and the ocean?", "reef science", "Café naïve ocean"] {
                let full = try retriever.retrieve(character: "elena", message: message,
                                                  callerSeeds: [CallerSeed(insightId: 6)], options: options)
                try retriever.rank(character: "elena", message: message, callerSeeds: [CallerSeed(insightId: 6)],
                                   options: options, into: &ranked)
                #expect(!ranked.isEmpty)
                #expect(ranked.map(\.id) == full.results.map(\.id), "\(method) \(message)")
                #expect(ranked.map(\.score) == full.results.map(\.score))
                #expect(ranked.map(\.components) == full.results.map(\.components))
                #expect(ranked.map(\.collapsedCount) == full.results.map(\.collapsed.count))
            }
        }
        let capacity = ranked.capacity
        try retriever.rank(character: "elena", message: "nothing matches here", into: &ranked)
        #expect(ranked.isEmpty)
        #expect(ranked.capacity == capacity)
        #expect(throws: RetrievalError.unknownCharacter("nobody")) {
            try retriever.rank(character: "nobody", message: "ocean", into: &ranked)
        }
    }

    /// ASCII messages take the byte fast path; it must find the same seeds as the general
    /// tokenizer (mixed case, digits, punctuation runs), and a non-ASCII message still works.
    @Test func asciiFastPathFindsTheSameSeeds() throws {
        let retriever = Retriever(index: index())
        let ascii = try retriever.retrieve(character: "elena", message: "--MARINE  conservation!!ocean,REEF_science42 science")
        #expect(Set(ascii.seeds.map(\.insightId)) == [1, 2, 3, 4, 5])
        #expect(ascii.seeds.first { $0.insightId == 1 }?.matchedTriggers == ["marin conserv", "ocean"])
        let folded = try retriever.retrieve(character: "elena", message: "MARÍNE conservatión — océan")
        #expect(folded.seeds.first { $0.insightId == 1 }?.matchedTriggers == ["marin conserv", "ocean"])
    }

    @Test func callerSeedsCombineAndAreValidated() throws {
        let retriever = Retriever(index: index())
        // Neighbour boost: the caller's weight, × γ, is direct relevance; seed weights are shares of it.
        let boosted = try retriever.retrieve(character: "elena", message: "reef", callerSeeds: [CallerSeed(insightId: 6, weight: 2)])
        let sixResult = try #require(boosted.results.first { $0.id == 6 })
        #expect(sixResult.components.caller == 2)
        #expect(boosted.results.first?.id == 6)  // 2 hapax units beat one "reef" match
        #expect(abs(boosted.seeds.reduce(0) { $0 + $1.weight } - 1) < 1e-12)
        // PageRank: caller seeds share callerShare of the teleport vector.
        var pageRank = RetrievalOptions()
        pageRank.method = .localPush(epsilon: 0.02)
        let response = try retriever.retrieve(character: "elena", message: "reef", callerSeeds: [CallerSeed(insightId: 6, weight: 2)],
                                              options: pageRank)
        let six = try #require(response.seeds.first { $0.insightId == 6 })
        #expect(six.weight == 0.5)  // callerShare 0.5, the only caller seed
        #expect(six.callerWeight == 1)
        #expect(response.results.map(\.id).contains(6))
        let callerOnly = try retriever.retrieve(character: "elena", message: "", callerSeeds: [CallerSeed(insightId: 4)])
        #expect(callerOnly.seeds.map(\.insightId) == [4])
        #expect(callerOnly.results.first?.id == 4)
        #expect(throws: RetrievalError.unknownInsight(404)) {
            try retriever.retrieve(character: "elena", message: "", callerSeeds: [CallerSeed(insightId: 404)])
        }
        #expect(throws: RetrievalError.seedOfOtherCharacter(insightId: 10, character: "elena")) {
            try retriever.retrieve(character: "elena", message: "", callerSeeds: [CallerSeed(insightId: 10)])
        }
        #expect(throws: RetrievalError.invalidSeedWeight(insightId: 4, weight: 0)) {
            try retriever.retrieve(character: "elena", message: "", callerSeeds: [CallerSeed(insightId: 4, weight: 0)])
        }
        #expect(throws: RetrievalError.unknownCharacter("nobody")) { try retriever.retrieve(character: "nobody", message: "x") }
    }

    @Test func noSeedsNoResults() throws {
        let response = try Retriever(index: index()).retrieve(character: "elena", message: "zzz qqq")
        #expect(response.seeds.isEmpty)
        #expect(response.results.isEmpty)
    }

    /// Two insights that score the same come out by id; an isolated seed is its own only result.
    @Test func tiesByIdAndIsolatedNodes() throws {
        var g = TestGraph()
        g.insight(21, content: "second twin thought", triggers: ["twin"])
        g.insight(20, content: "first twin idea", triggers: ["twin"])
        g.insight(30, content: "alone", triggers: ["alone"])
        let retriever = Retriever(index: RetrievalIndex(snapshot: g.build()))
        #expect(try retriever.retrieve(character: "a", message: "twin").results.map(\.id) == [20, 21])
        let alone = try retriever.retrieve(character: "a", message: "alone")
        #expect(alone.results.map(\.id) == [30])
        // No related insight: all direct relevance, no boost.
        #expect(alone.results[0].components.graph == 0)
        #expect(alone.results[0].components.boostFrom == nil)
        #expect(alone.results[0].components.direct > 0)
    }

    /// Components: confidence clamps, importance (8 − 1)/9, recency 0.5^(10 days / 10 days) = 0.5.
    /// Neighbour boost: total = direct + β·B + attributeScale × (the ScoreWeights sum without graph).
    @Test func scoreComponents() throws {
        var boost = RetrievalOptions()
        boost.weights.now = Self.now
        boost.weights.recencyHalfLife = 10 * 86_400
        let boosted = try Retriever(index: index()).retrieve(character: "elena", message: "marine conservation", options: boost)
        let b = try #require(boosted.results.first { $0.id == 1 })
        #expect(abs(b.components.direct - (b.components.bm25 + b.components.phrase + b.components.caller)) < 1e-15)
        let bw = boost.weights
        let attributes = bw.confidence * 0.9 + bw.importance * 7 / 9 + bw.recency * 0.5 + bw.valence * 0.5
        #expect(abs(b.score - (b.components.direct + b.components.graph + boost.attributeScale * attributes)) < 1e-12)
        // 3 is reached only through 1 ("supports" 0.9): β × 0.9 × rel(1).
        let three = try #require(boosted.results.first { $0.id == 3 })
        #expect(three.components.boostFrom == 1)
        #expect(abs(three.components.graph - 0.3 * 0.9 * b.components.direct) < 1e-12)

        var options = RetrievalOptions()
        options.method = .exactPageRank(tolerance: 1e-12)
        options.weights.now = Self.now
        options.weights.recencyHalfLife = 10 * 86_400
        options.weights.valence = 0.1
        options.weights.valenceTarget = 1
        let response = try Retriever(index: index()).retrieve(character: "elena", message: "marine conservation", options: options)
        let one = try #require(response.results.first { $0.id == 1 })
        #expect(one.components.confidence == 0.9)
        #expect(abs(one.components.importance - 7.0 / 9) < 1e-15)
        #expect(abs(one.components.recency - 0.5) < 1e-12)
        #expect(one.components.valence == 0.5)  // NULL valence → neutral
        let w = options.weights
        #expect(abs(one.score - (w.graph * one.components.graph + w.confidence * 0.9 + w.importance * 7 / 9
                                 + w.recency * one.components.recency + w.valence * 0.5)) < 1e-12)
    }

    @Test func promptRespectsBudgetAndNeverCutsAnInsight() throws {
        let response = try Retriever(index: index()).retrieve(character: "elena", message: "marine conservation jazz music")
        let full = PromptRenderer(budget: .unlimited).render(response.results)
        #expect(full.text.hasPrefix("## What you have learned about yourself\n- "))
        #expect(full.included == response.results.map(\.id))
        let firstLine = "- " + response.results[0].insight.content!
        let header = "## What you have learned about yourself"
        let tight = PromptRenderer(budget: .characters(header.count + 1 + firstLine.count)).render(response.results)
        #expect(tight.text == header + "\n" + firstLine)
        #expect(tight.included == [response.results[0].id])
        #expect(tight.omitted.count == response.results.count - 1)
        let tokens = PromptRenderer(budget: .tokens(5)).render(response.results)
        #expect(tokens.text.isEmpty)
        #expect(PromptRenderer.estimatedTokens("abcde") == 2)
        for budget in 20..<200 {
            let section = PromptRenderer(budget: .tokens(budget)).render(response.results)
            #expect(PromptRenderer.estimatedTokens(section.text) <= budget)
            for id in section.included {
                #expect(section.text.contains(response.results.first { $0.id == id }!.insight.content!))
            }
        }
        let custom = PromptRenderer(template: PromptTemplate(header: "Facts:", line: "{rank}. {content} [{bogus}] ({importance})"),
                                    budget: .unlimited).render(response.results)
        let jazz = try #require(custom.text.split(separator: "\n").first { $0.contains("jazz") })
        #expect(jazz.hasSuffix("I like {content} jazz [{bogus}] (5)"))
    }

    @Test func retrievalDoesNotDependOnLoadOrder() throws {
        let a = randomGraph(seed: 21).snapshot, b = randomGraph(seed: 21, shuffle: true).snapshot
        var options = RetrievalOptions()
        options.method = .exactPageRank(tolerance: 1e-13)
        for message in ["ocean reef", "jazz", "hope trust data"] {
            let ra = try Retriever(index: RetrievalIndex(snapshot: a)).retrieve(character: "c1", message: message, options: options)
            let rb = try Retriever(index: RetrievalIndex(snapshot: b)).retrieve(character: "c1", message: message, options: options)
            #expect(ra.results.map(\.id) == rb.results.map(\.id))
            #expect(ra.results.map(\.path) == rb.results.map(\.path))
        }
    }
}
