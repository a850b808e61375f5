import Foundation
@testable import InsightGraph
import Testing
@testable import InsightServer

/// ``RetrievalJSON`` (hand-written bytes) against ``RetrievalJSONOracle`` (the `JSONEncoder`
/// encoding it replaced): the same bytes for every answer.
@Suite struct RetrievalJSONTests {
    /// The first difference, with context, so a failure says where the two spellings part.
    static func difference(_ ours: [UInt8], _ oracle: [UInt8]) -> String? {
        guard ours != oracle else { return nil }
        let at = (0..<min(ours.count, oracle.count)).first { ours[$0] != oracle[$0] } ?? min(ours.count, oracle.count)
        func around(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, at - 60)..<min(bytes.count, at + 60)], as: UTF8.self).debugDescription
        }
        return "first difference at byte \(at) (of \(ours.count) vs \(oracle.count)):\n ours:   \(around(ours))\n oracle: \(around(oracle))"
    }

    @Test func randomAnswersMatchJSONEncoderByteForByte() throws {
        var fuzzer = RetrievalResponseFuzzer(seed: 0x5EED_0001)
        var mismatches = 0
        for index in 0..<600 {
            let (response, prompt, micros) = fuzzer.response()
            let ours = try RetrievalJSON.encode(response, prompt: prompt, micros: micros)
            let oracle = try RetrievalJSONOracle.encode(response, prompt: prompt, micros: micros)
            if let difference = Self.difference(ours, oracle) {
                mismatches += 1
                if mismatches <= 3 { Issue.record("random answer \(index): \(difference)") }
            }
        }
        #expect(mismatches == 0)
    }

    /// Each special double and each control character in every position a number or string can take.
    @Test func everySpecialDoubleAndControlCharacterMatches() throws {
        var fuzzer = RetrievalResponseFuzzer(seed: 2)
        let strings = (0..<0x20).map { String(Unicode.Scalar(UInt8($0))) }
            + ["\"", "\\", "/", "\u{7F}", "\u{2028}", "\u{2029}", "😀", "é", "", "a\u{0}b"]
        for double in RetrievalResponseFuzzer.specialDoubles {
            var (response, prompt, _) = fuzzer.response()
            response.seeds = [Seed(node: 0, insightId: 1, weight: double, triggerScore: double, bm25: double, callerWeight: double,
                                   matchedTriggers: strings)]
            var result = fuzzer.result()
            result.score = double; result.pathStrength = double
            result.components = ScoreComponents(graphRaw: double, graph: double, confidence: double, importance: double,
                                                recency: double, valence: double, total: double)
            result.seeds = [SeedReach(insightId: 1, seedWeight: double, pathStrength: double, hops: 0)]
            result.pathTypes = strings + [nil]
            response.results = [result]
            prompt.text = strings.joined()
            let ours = try RetrievalJSON.encode(response, prompt: prompt, micros: 0)
            let oracle = try RetrievalJSONOracle.encode(response, prompt: prompt, micros: 0)
            #expect(Self.difference(ours, oracle) == nil, "\(double): \(Self.difference(ours, oracle) ?? "")")
        }
    }

    /// The spellings spelled out, so a change of `JSONEncoder` itself would show here too.
    @Test func spellingsAreTheDocumentedOnes() throws {
        var response = RetrievalResponse(character: Character(id: 1, name: nil, normalizedName: nil), seeds: [], results: [], work: 0)
        response.seeds = [Seed(node: 0, insightId: -7, weight: 1, triggerScore: -0.0, bm25: 1e-5, callerWeight: 1e16,
                               matchedTriggers: ["a/b\"c\\d\n\t\r\u{08}\u{0C}\u{01}\u{1F}\u{7F}\u{2028}é"])]
        let bytes = try RetrievalJSON.encode(response, prompt: PromptSection(text: "", included: [], omitted: []), micros: 42)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text == #"{"character":"","micros":42,"prompt":"","results":[],"seeds":[{"bm25":1e-05,"caller_weight":1e+16,"id":-7,"trigger_score":-0,"triggers":["a/b\"c\\d\n\t\r\b\f\u0001\u001f"# + "\u{7F}\u{2028}é" + #""],"weight":1}]}"#)
    }

    /// A retrieval whose answer does not fit the initial reservation still comes out whole.
    @Test func answersLargerThanTheEstimateAreComplete() throws {
        var fuzzer = RetrievalResponseFuzzer(seed: 3)
        var (response, prompt, micros) = fuzzer.response()
        response.seeds = (0..<3).map { Seed(node: 0, insightId: $0, weight: 0.5, triggerScore: 1, bm25: 2, callerWeight: 0,
                                            matchedTriggers: [String(repeating: "\u{01}", count: 5_000)]) }
        prompt.text = String(repeating: "\"\n", count: 10_000)
        let ours = try RetrievalJSON.encode(response, prompt: prompt, micros: micros)
        #expect(ours.count > RetrievalJSON.estimatedSize(response, prompt: prompt))
        #expect(Self.difference(ours, try RetrievalJSONOracle.encode(response, prompt: prompt, micros: micros)) == nil)
    }

    /// Real answers of all three ranking methods over a generated graph.
    @Test func realRetrievalsMatchJSONEncoderByteForByte() throws {
        let retriever = Retriever(index: RetrievalIndex(snapshot: makeRetrievalJSONGraph(seed: 11)))
        let messages = ["I miss the ocean and the reef", "deadline stress, coffee and rain", "jazz guitar moon tide",
                        "family kitchen diving", "nothing matches here", "ocean ocean ocean kitchen rain moon jazz"]
        var compared = 0, nonEmpty = 0
        for character in ["elena", "marcus", "zoë"] {
            for method in [RankingMethod.localPush(epsilon: 0.02), .exactPageRank(tolerance: 1e-10), .bestPath(maxHops: nil)] {
                for (index, message) in messages.enumerated() {
                    var options = RetrievalOptions()
                    options.method = method
                    options.limit = [3, 10, 20][index % 3]
                    options.explain = index % 4 != 3
                    options.weights.now = Timestamp(microsecondsSinceEpoch: 1_760_000_000_000_000)
                    let response = try retriever.retrieve(character: character, message: message, options: options)
                    let prompt = PromptRenderer(budget: .tokens(400)).render(response.results)
                    let ours = try RetrievalJSON.encode(response, prompt: prompt, micros: 1234)
                    let oracle = try RetrievalJSONOracle.encode(response, prompt: prompt, micros: 1234)
                    #expect(Self.difference(ours, oracle) == nil, "\(character) \(method) \(message): \(Self.difference(ours, oracle) ?? "")")
                    compared += 1
                    if !response.results.isEmpty { nonEmpty += 1 }
                }
            }
        }
        #expect(compared == 54)
        #expect(nonEmpty >= 40)
    }

    /// The output is JSON that `JSONSerialization` accepts with the right shape (counts, nulls),
    /// and that `JSONDecoder` reads back to exactly the values written. (Values are compared through
    /// `JSONDecoder`: `JSONSerialization` on Linux rounds some doubles off by an ulp and drops
    /// some U+FEFF from strings.)
    @Test func outputParsesBackToTheSameValues() throws {
        struct Answer: Decodable {
            struct Seed: Decodable { var id: Int, weight: Double, trigger_score: Double, bm25: Double, caller_weight: Double, triggers: [String] }
            struct Result: Decodable {
                struct Components: Decodable { var total: Double, graph_raw: Double }
                var id: Int, score: Double, content: String?, type: String?, path_types: [String?], components: Components
            }
            var character: String, micros: Int, prompt: String, seeds: [Seed], results: [Result]
        }
        var fuzzer = RetrievalResponseFuzzer(seed: 4)
        for _ in 0..<200 {
            let (response, prompt, micros) = fuzzer.response()
            let bytes = try RetrievalJSON.encode(response, prompt: prompt, micros: micros)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            #expect(Set(object.keys) == ["character", "micros", "prompt", "results", "seeds"])
            #expect((object["micros"] as? NSNumber)?.int64Value == Int64(micros))
            #expect((object["seeds"] as? [[String: Any]])?.count == response.seeds.count)
            let results = try #require(object["results"] as? [[String: Any]])
            #expect(results.count == response.results.count)
            for (parsed, result) in zip(results, response.results) {
                #expect(parsed.count == 11)
                #expect((parsed["content"] is NSNull) == (result.insight.content == nil))
                #expect((parsed["type"] is NSNull) == (result.insight.type == nil))
                #expect((parsed["path_types"] as? [Any])?.count == result.pathTypes.count)
                #expect(parsed["path_has_contradiction"] as? Bool == result.pathHasContradiction)
            }

            let answer = try JSONDecoder().decode(Answer.self, from: Data(bytes))
            #expect(answer.character == (response.character.normalizedName ?? ""))
            #expect(answer.prompt == prompt.text)
            #expect(answer.micros == micros)
            #expect(answer.seeds.map(\.id) == response.seeds.map(\.insightId))
            for (decoded, seed) in zip(answer.seeds, response.seeds) {
                #expect([decoded.weight, decoded.trigger_score, decoded.bm25, decoded.caller_weight]
                        == [seed.weight, seed.triggerScore, seed.bm25, seed.callerWeight])
                #expect(decoded.triggers == seed.matchedTriggers)
            }
            for (decoded, result) in zip(answer.results, response.results) {
                #expect(decoded.id == result.id && decoded.score == result.score)
                #expect(decoded.content == result.insight.content && decoded.type == result.insight.type)
                #expect(decoded.path_types == result.pathTypes)
                #expect(decoded.components.total == result.components.total && decoded.components.graph_raw == result.components.graphRaw)
            }
        }
    }

    /// NaN and infinities are refused (as `JSONEncoder` refuses them), never written as invalid JSON.
    @Test func nonFiniteNumbersThrowLikeJSONEncoder() throws {
        var fuzzer = RetrievalResponseFuzzer(seed: 5)
        let places: [(inout RetrievalResponse, Double) -> Void] = [
            { $0.seeds[0].weight = $1 }, { $0.seeds[0].bm25 = $1 }, { $0.results[0].score = $1 },
            { $0.results[0].components.valence = $1 }, { $0.results[0].pathStrength = $1 },
            { $0.results[0].seeds = [SeedReach(insightId: 1, seedWeight: $1, pathStrength: 1, hops: 1)] },
        ]
        for value in [Double.nan, .infinity, -.infinity] {
            for place in places {
                var (response, prompt, micros) = fuzzer.response()
                response.seeds = [fuzzer.response().0.seeds.first ?? Seed(node: 0, insightId: 1, weight: 1, triggerScore: 1, bm25: 1,
                                                                         callerWeight: 0, matchedTriggers: [])]
                response.results = [fuzzer.result()]
                place(&response, value)
                #expect(throws: EncodingError.self) { try RetrievalJSONOracle.encode(response, prompt: prompt, micros: micros) }
                #expect(throws: EncodingError.self) { try RetrievalJSON.encode(response, prompt: prompt, micros: micros) }
            }
        }
    }
}
