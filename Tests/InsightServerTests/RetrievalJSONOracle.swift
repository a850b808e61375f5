import Foundation
import InsightGraph

/// The `JSONEncoder` encoding of a retrieval that ``RetrievalJSON`` replaced (its code as it was,
/// `.sortedKeys, .withoutEscapingSlashes`): the reference ``RetrievalJSON``'s bytes must equal.
enum RetrievalJSONOracle {
    static func encode(_ response: RetrievalResponse, prompt: PromptSection, micros: Int) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(Body(response, prompt: prompt, micros: micros)))
    }

    struct Body: Encodable {
        var character: String
        var micros: Int
        var seeds: [SeedBody]
        var results: [ResultBody]
        var prompt: String

        init(_ response: RetrievalResponse, prompt: PromptSection, micros: Int) {
            character = response.character.normalizedName ?? ""
            self.micros = micros
            seeds = response.seeds.map(SeedBody.init)
            results = response.results.map(ResultBody.init)
            self.prompt = prompt.text
        }
    }

    struct SeedBody: Encodable {
        var id: Int, weight: Double, trigger_score: Double, bm25: Double, caller_weight: Double, triggers: [String]

        init(_ seed: Seed) {
            id = seed.insightId; weight = seed.weight; trigger_score = seed.triggerScore; bm25 = seed.bm25
            caller_weight = seed.callerWeight; triggers = seed.matchedTriggers
        }
    }

    struct ComponentsBody: Encodable {
        var graph_raw: Double, graph: Double, confidence: Double, importance: Double, recency: Double, valence: Double, total: Double
        var bm25: Double, phrase: Double, caller: Double, direct: Double, boost_from: Int?

        enum CodingKeys: String, CodingKey {
            case graph_raw, graph, confidence, importance, recency, valence, total, bm25, phrase, caller, direct, boost_from
        }

        /// As synthesized, except that a missing boost source is written as null (the key is always there).
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(graph_raw, forKey: .graph_raw); try c.encode(graph, forKey: .graph)
            try c.encode(confidence, forKey: .confidence); try c.encode(importance, forKey: .importance)
            try c.encode(recency, forKey: .recency); try c.encode(valence, forKey: .valence); try c.encode(total, forKey: .total)
            try c.encode(bm25, forKey: .bm25); try c.encode(phrase, forKey: .phrase); try c.encode(caller, forKey: .caller)
            try c.encode(direct, forKey: .direct); try c.encode(boost_from, forKey: .boost_from)
        }
    }

    struct ReachBody: Encodable {
        var id: Int, seed_weight: Double, path_strength: Double, hops: Int
    }

    struct ResultBody: Encodable {
        var id: Int, score: Double, content: String?, type: String?
        var components: ComponentsBody
        var path: [Int], path_types: [String?], path_strength: Double, path_has_contradiction: Bool
        var seeds: [ReachBody], collapsed: [Int]

        init(_ r: RetrievedInsight) {
            let c = r.components
            id = r.id; score = r.score; content = r.insight.content; type = r.insight.type
            components = ComponentsBody(graph_raw: c.graphRaw, graph: c.graph, confidence: c.confidence, importance: c.importance,
                                        recency: c.recency, valence: c.valence, total: c.total, bm25: c.bm25, phrase: c.phrase,
                                        caller: c.caller, direct: c.direct, boost_from: c.boostFrom)
            path = r.path; path_types = r.pathTypes; path_strength = r.pathStrength
            path_has_contradiction = r.pathHasContradiction
            seeds = r.seeds.map { ReachBody(id: $0.insightId, seed_weight: $0.seedWeight, path_strength: $0.pathStrength, hops: $0.hops) }
            collapsed = r.collapsed
        }

        func encode(to encoder: any Encoder) throws {
            enum Key: String, CodingKey {
                case id, score, content, type, components, path, path_types, path_strength, path_has_contradiction, seeds, collapsed
            }
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(id, forKey: .id)
            try c.encode(score, forKey: .score)
            try c.encode(content, forKey: .content)
            try c.encode(type, forKey: .type)
            try c.encode(components, forKey: .components)
            try c.encode(path, forKey: .path)
            try c.encode(path_types, forKey: .path_types)
            try c.encode(path_strength, forKey: .path_strength)
            try c.encode(path_has_contradiction, forKey: .path_has_contradiction)
            try c.encode(seeds, forKey: .seeds)
            try c.encode(collapsed, forKey: .collapsed)
        }
    }
}
