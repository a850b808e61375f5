import Foundation
import Hummingbird
import HummingbirdTesting
import InsightGraph
import Testing
@testable import InsightServer

/// The real retrieval engine (InsightGraph's Retriever) behind `/v1/retrieve`.
@Suite struct EngineAdapterTests {
    func service() throws -> InsightService { try makeLoadedService(engines: .standard) }

    @Test func retrieveReturnsRankedResultsAndPrompt() async throws {
        try await Application(router: try service().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(#"{"character":"elena","message":"I miss the ocean","limit":3}"#))
            #expect(response.status == .ok)
            let body = try json(response.body)
            #expect(body["character"] as? String == "elena")
            #expect(body["micros"] is Int)
            let results = try #require(body["results"] as? [[String: Any]])
            #expect(!results.isEmpty && results.count <= 3)
            #expect(results.contains { $0["id"] as? Int == 10 })
            #expect((results.first?["components"] as? [String: Any])?["total"] is Double)
            #expect((body["prompt"] as? String)?.contains("I love the ocean") == true)
            let seeds = try #require(body["seeds"] as? [[String: Any]])
            #expect(seeds.first?["triggers"] as? [String] == ["ocean"])
        }
    }

    @Test func retrieveOptionsAreChecked() async throws {
        try await Application(router: try service().makeRouter()).test(.router) { client in
            let exact = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders, body: jsonBody(
                #"{"character":"elena","message":"ocean","options":{"method":"exact","tokens":50}}"#))
            #expect(exact.status == .ok)
            let bad = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders, body: jsonBody(
                #"{"character":"elena","message":"ocean","options":{"methd":"exact"}}"#))
            #expect(bad.status == .badRequest)
            #expect(try errorBody(bad).code == "invalid_parameter")
            #expect(try errorBody(bad).message == "body.options.methd: unknown option (known: attribute_scale, bm25, caller_floor, caller_gamma, damping, diversity, explain, graph_boost, limit, method, min_score, phrase_weight, prompt, tokens, type_weights, weights)")
        }
    }

    /// `options` is the settings object of `--weights`: every field typed, errors name the field.
    @Test func retrieveOptionsAreTheSettingsObject() async throws {
        try await Application(router: try service().makeRouter()).test(.router) { client in
            func post(_ options: String) async throws -> TestResponse {
                try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders, body: jsonBody(
                    #"{"character":"elena","message":"I miss the ocean","options":\#(options)}"#))
            }
            let tuned = try await post(###"{"method":"boost","graph_boost":0,"bm25":{"k1":0.9,"b":0.5},"weights":{"recency_half_life_days":30},"prompt":{"heading":"## Memory","template":"* {content}"},"type_weights":{"contradicts":0.5}}"###)
            #expect(tuned.status == .ok)
            let prompt = try #require(try json(tuned.body)["prompt"] as? String)
            #expect(prompt.hasPrefix("## Memory\n* "))
            let gated = try await post(#"{"min_score":1000}"#)
            #expect(gated.status == .ok)
            #expect((try json(gated.body)["results"] as? [Any])?.isEmpty == true)
            let limited = try await post(#"{"limit":1}"#)
            #expect((try json(limited.body)["results"] as? [Any])?.count == 1)
            for (options, message) in [
                (#"{"graph_boost":"high"}"#, "body.options.graph_boost: expected a number from 0 to 10"),
                (#"{"damping":1.5}"#, "body.options.damping: out of range, expected a number strictly between 0 and 1"),
                (#"{"bm25":{"k2":1}}"#, "body.options.bm25.k2: unknown option (known: b, k1)"),
                (#"[1]"#, "body.options: expected an object"),
                (#"{"type_weights":{"contradicts":1}}"#, "body.options.type_weights: the served index was built with {\"contradicts\": 0.5}; per-request type weights cannot differ (set them with serve --weights)"),
            ] {
                let bad = try await post(options)
                #expect(bad.status == .badRequest, "\(options)")
                #expect(try errorBody(bad).code == "invalid_parameter")
                #expect(try errorBody(bad).message == message)
            }
        }
    }

    /// `serve --weights`: the defaults of every request, and the served index walks with their type weights.
    @Test func serverDefaultsComeFromTheSettings() async throws {
        var defaults = RetrievalSettings()
        defaults.prompt.header = "## Served"
        defaults.typeWeights = ["contradicts": 0.25]
        let service = try makeLoadedService(engines: .standard(retrieval: defaults))
        try await Application(router: service.makeRouter()).test(.router) { client in
            let plain = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                 body: jsonBody(#"{"character":"elena","message":"I miss the ocean"}"#))
            #expect((try json(plain.body)["prompt"] as? String)?.hasPrefix("## Served\n") == true)
            let same = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders, body: jsonBody(
                ###"{"character":"elena","message":"I miss the ocean","options":{"type_weights":{"contradicts":0.25},"prompt":{"heading":"## Asked"}}}"###))
            #expect(same.status == .ok)
            #expect((try json(same.body)["prompt"] as? String)?.hasPrefix("## Asked\n") == true)
        }
    }

    /// A row without content or type answers `"content": null, "type": null` (present, not left out),
    /// and a path step without a relationship type is `null` in `path_types`.
    @Test func missingValuesAreNullNotMissing() async throws {
        var builder = GraphBuilder()
        builder.add(Character(id: 1, name: "Elena Rodriguez", normalizedName: "elena"))
        builder.add(Insight(id: 1, characterId: 1, type: nil, content: nil, confidence: 0.5, triggers: ["ocean"]))
        builder.add(Insight(id: 2, characterId: 1, type: "preference", content: "tides", confidence: 0.5, triggers: ["moon"]))
        builder.add(Relationship(id: 9, fromInsightId: 1, toInsightId: 2, type: nil, strength: 0.9))
        let service = InsightService(source: nil, engines: .standard, configuration: ServerConfiguration(port: 0), logger: testLogger)
        try service.store.install(builder.build(), full: true)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(#"{"character":"elena","message":"the ocean"}"#))
            #expect(response.status == .ok)
            let results = try #require(try json(response.body)["results"] as? [[String: Any]])
            let first = try #require(results.first { $0["id"] as? Int == 1 })
            #expect(first["content"] is NSNull)
            #expect(first["type"] is NSNull)
            let second = try #require(results.first { $0["id"] as? Int == 2 })
            #expect(second["path"] as? [Int] == [1, 2])
            #expect((second["path_types"] as? [Any])?.first is NSNull)
        }
    }
}
