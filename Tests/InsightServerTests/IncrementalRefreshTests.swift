import Foundation
import Testing
import InsightGraph
@testable import InsightServer

/// The service's incremental refresh end to end (without PostgreSQL): `ChangeSet.applying` (patched
/// when no character changes) and the retrieval engine preparing from the served snapshot's index
/// give the same snapshot rows and the same `/v1/retrieve` answers as rebuilding everything.
@Suite struct IncrementalRefreshTests {
    /// Per answer: the prompt section and, per result, id, path, seeds and graph score (not the
    /// recency part of the score, which follows the wall clock between two calls).
    func answers(_ retriever: any SnapshotRetriever, _ graph: GraphSnapshot) throws -> [String] {
        var result: [String] = []
        for (name, message) in [("elena", "ocean diving kelp"), ("elena", "family deadline"), ("marcus", "jazz guitar kelp")] {
            let request = RetrievalRequest(character: name, characterIndex: graph.characterIndex(named: name)!, message: message,
                                           limit: 5, seeds: [], options: nil)
            let body = try retriever.retrieve(request)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            var summary = "\(json["prompt"] ?? "")"
            for case let item as [String: Any] in json["results"] as? [Any] ?? [] {
                let components = item["components"] as? [String: Any] ?? [:]
                let seeds = (item["seeds"] as? [[String: Any]] ?? []).map { seed in
                    ["id", "hops", "path_strength", "seed_weight"].map { "\(seed[$0] ?? "")" }.joined(separator: ":")
                }
                summary += " | \(item["id"] ?? "") \(item["path"] ?? "") \(seeds) \(components["graph_raw"] ?? "")"
            }
            result.append(summary)
        }
        return result
    }

    @Test(arguments: [false, true])
    func incrementalRefreshAnswersAsAFullRebuild(changeCharacters: Bool) throws {
        let old = makeTestGraph()
        var changes = ChangeSet()
        changes.insights = [
            Insight(id: 30, characterId: 1, content: "Kelp forests at dawn", confidence: 0.6, triggers: ["kelp", "ocean"]),
            Insight(id: 11, characterId: 1, content: "Diving and kelp calm me", confidence: 0.7, triggers: ["diving"]),
            Insight(id: 21, characterId: 1, content: "Guitar practice", confidence: 0.6, triggers: ["guitar"]),  // moves to elena
        ]
        changes.deletedInsightIds = [12]
        changes.relationships = [Relationship(id: 104, fromInsightId: 30, toInsightId: 13, type: "supports", strength: 0.9)]
        changes.deletedRelationshipIds = [101]
        changes.learningEvents = [LearningEvent(id: 2, characterId: 2, event: "learned a chord")]
        if changeCharacters { changes.characters = [Character(id: 3, name: "Jake", normalizedName: "jake")] }

        let next = try #require(old.applying(changes))
        let rebuilt = old.rebuilt(applying: old.effectiveChanges(changes))
        #expect(next.insights == rebuilt.insights)
        #expect(next.edgeIds == rebuilt.edgeIds && next.edgeFrom == rebuilt.edgeFrom && next.edgeTo == rebuilt.edgeTo)
        #expect(next.edgeFlags == rebuilt.edgeFlags)
        #expect(next.learningEvents == rebuilt.learningEvents)
        #expect(next.anomalies == rebuilt.anomalies)
        #expect(old.anomalies.count(.relationshipCrossCharacter) == 1)
        #expect(next.anomalies.count(.relationshipCrossCharacter) == 2, "insight 21 moved to elena: edge 103 crosses now")

        let engine = RetrieverEngine()
        let incremental = try engine.prepare(next, reusing: try engine.prepare(old))
        let full = try engine.prepare(rebuilt)
        let expected = try answers(full, rebuilt)
        let got = try answers(incremental, next)
        #expect(got == expected)
        #expect(expected[0].description.contains("30"), "the new insight is retrievable")
    }
}
