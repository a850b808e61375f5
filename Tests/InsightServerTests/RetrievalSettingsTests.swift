import Foundation
import InsightGraph
import Testing
@testable import InsightServer

/// The one parser of retrieval settings (`--weights FILE.json`, `/v1/retrieve` `options`, tune's output).
@Suite struct RetrievalSettingsTests {
    func parse(_ text: String, over base: RetrievalSettings = RetrievalSettings()) throws -> RetrievalSettings {
        try base.applying(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)))
    }

    func error(_ text: String) -> RetrievalSettingsError? {
        do { _ = try parse(text); return nil } catch let e as RetrievalSettingsError { return e } catch { return nil }
    }

    @Test func everyFieldIsRead() throws {
        let s = try parse("""
            {"method": "push", "damping": 0.7, "graph_boost": 0.2, "caller_gamma": 0.5, "caller_floor": 0.25,
             "phrase_weight": 0.1, "min_score": 0.4, "attribute_scale": 0.02,
             "weights": {"confidence": 0.1, "importance": 0.2, "recency": 0.3, "valence": 0.4, "valence_target": -0.5,
                         "recency_half_life_days": 30},
             "type_weights": {"contradicts": 0.25, "supports": 2},
             "bm25": {"k1": 0.9, "b": 0.5}, "diversity": {"lambda": 0.8, "duplicate_threshold": 0.95},
             "limit": 7, "tokens": 123, "explain": false,
             "prompt": {"heading": "## Memory", "template": "* {content} ({confidence})"}}
            """)
        let r = s.retrieval
        #expect(r.method == .localPush(epsilon: 0.02))
        #expect(r.damping == 0.7 && r.graphBoost == 0.2 && r.callerGamma == 0.5 && r.callerFloor == 0.25)
        #expect(r.phraseWeight == 0.1 && r.minScore == 0.4 && r.attributeScale == 0.02)
        #expect(r.weights.confidence == 0.1 && r.weights.importance == 0.2 && r.weights.recency == 0.3 && r.weights.valence == 0.4)
        #expect(r.weights.valenceTarget == -0.5)
        #expect(r.weights.recencyHalfLife == 30 * 86_400)
        #expect(s.typeWeights == ["contradicts": 0.25, "supports": 2])
        #expect(s.walkPolicy.typeWeights == ["contradicts": 0.25, "supports": 2])
        #expect(r.seeds.k1 == 0.9 && r.seeds.b == 0.5)
        #expect(r.diversity.lambda == 0.8 && r.diversity.duplicateThreshold == 0.95)
        #expect(r.limit == 7 && s.tokens == 123 && r.explain == false)
        #expect(s.prompt.header == "## Memory" && s.prompt.line == "* {content} ({confidence})")
        for (name, method) in [("boost", RankingMethod.neighbourBoost), ("exact", .exactPageRank(tolerance: 1e-10)),
                               ("path", .bestPath(maxHops: nil))] {
            #expect(try parse(#"{"method": "\#(name)"}"#).retrieval.method == method)
        }
        #expect(try parse(#"{"weights": {"valence_target": null}}"#, over: s).retrieval.weights.valenceTarget == nil)
    }

    /// Fields left out keep the base's values; the empty object is the base.
    @Test func leftOutFieldsKeepTheBase() throws {
        let base = try parse(#"{"graph_boost": 0.1, "bm25": {"k1": 0.9}}"#)
        let s = try parse(#"{"bm25": {"b": 0.5}}"#, over: base)
        #expect(s.retrieval.graphBoost == 0.1 && s.retrieval.seeds.k1 == 0.9 && s.retrieval.seeds.b == 0.5)
        #expect(try parse("{}") == RetrievalSettings())
    }

    /// What `tune` writes reads back to the same settings.
    @Test func jsonRoundTrips() throws {
        let s = try parse(#"{"method": "exact", "graph_boost": 0.5, "type_weights": {"x": 1}, "weights": {"valence_target": 0.5}}"#)
        #expect(try parse(s.jsonText) == s)
        #expect(try parse(RetrievalSettings().jsonText) == RetrievalSettings())
    }

    @Test func unknownFieldsAreRefusedWithTheKnownOnes() {
        #expect(error(#"{"graph_bost": 1}"#) == .unknownField(field: "graph_bost", known: RetrievalSettings.fields))
        #expect(error(#"{"graph_bost": 1}"#)?.message(root: "body.options")
            == "body.options.graph_bost: unknown option (known: attribute_scale, bm25, caller_floor, caller_gamma, damping, diversity, explain, graph_boost, limit, method, min_score, phrase_weight, prompt, tokens, type_weights, weights)")
        #expect(error(#"{"weights": {"recency_half_life": 3}}"#)?.field == "weights.recency_half_life")
        #expect(error(#"{"bm25": {"k3": 3}}"#) == .unknownField(field: "bm25.k3", known: ["b", "k1"]))
        #expect(error(#"{"diversity": {"mmr": 1}}"#)?.field == "diversity.mmr")
        #expect(error(#"{"prompt": {"footer": "x"}}"#)?.field == "prompt.footer")
    }

    @Test func wrongTypesNameTheField() {
        #expect(error(#"{"graph_boost": "0.3"}"#) == .wrongType(field: "graph_boost", expected: "a number from 0 to 10"))
        #expect(error(#"{"method": 1}"#)?.field == "method")
        #expect(error(#"{"explain": 1}"#) == .wrongType(field: "explain", expected: "true or false"))
        #expect(error(#"{"weights": 1}"#) == .wrongType(field: "weights", expected: "an object"))
        #expect(error(#"{"type_weights": [1]}"#)?.field == "type_weights")
        #expect(error(#"{"type_weights": {"contradicts": "half"}}"#)?.field == "type_weights.contradicts")
        #expect(error(#"{"prompt": {"heading": 3}}"#) == .wrongType(field: "prompt.heading", expected: "a string"))
        #expect(error(#"{"tokens": "many"}"#)?.field == "tokens")
        #expect(error("[1]") != nil)
    }

    @Test func outOfRangeNamesTheField() {
        #expect(error(#"{"damping": 1}"#) == .outOfRange(field: "damping", expected: "a number strictly between 0 and 1"))
        #expect(error(#"{"damping": 0}"#)?.field == "damping")
        #expect(error(#"{"graph_boost": -0.1}"#)?.field == "graph_boost")
        #expect(error(#"{"min_score": -1}"#)?.field == "min_score")
        #expect(error(#"{"method": "pagerank"}"#) == .outOfRange(field: "method", expected: "\"boost\", \"push\", \"exact\" or \"path\""))
        #expect(error(#"{"bm25": {"b": 1.5}}"#)?.field == "bm25.b")
        #expect(error(#"{"diversity": {"lambda": 2}}"#)?.field == "diversity.lambda")
        #expect(error(#"{"diversity": {"duplicate_threshold": 0}}"#)?.field == "diversity.duplicate_threshold")
        #expect(error(#"{"weights": {"recency_half_life_days": 0}}"#)?.field == "weights.recency_half_life_days")
        #expect(error(#"{"weights": {"valence_target": 2}}"#)?.field == "weights.valence_target")
        #expect(error(#"{"weights": {"confidence": -1}}"#)?.field == "weights.confidence")
        #expect(error(#"{"type_weights": {"contradicts": -1}}"#)?.field == "type_weights.contradicts")
        #expect(error(#"{"limit": 2.5}"#) == .outOfRange(field: "limit", expected: "an integer from 0 to 1000"))
        #expect(error(#"{"tokens": 0}"#)?.field == "tokens")
        #expect(error(#"{"prompt": {"template": "no placeholder"}}"#)?.field == "prompt.template")
    }

    @Test func filesLoadAndBadFilesSayWhy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ig-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("w.json").path
        try #"{"graph_boost": 0.2}"#.write(toFile: good, atomically: true, encoding: .utf8)
        #expect(try RetrievalSettings.load(file: good).retrieval.graphBoost == 0.2)
        let bad = dir.appendingPathComponent("bad.json").path
        try "{graph_boost".write(toFile: bad, atomically: true, encoding: .utf8)
        #expect(throws: RetrievalSettingsError.self) { try RetrievalSettings.load(file: bad) }
        #expect(throws: RetrievalSettingsError.self) { try RetrievalSettings.load(file: dir.appendingPathComponent("none").path) }
    }
}
