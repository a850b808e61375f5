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
            #expect(try errorBody(bad).message == "body.options.methd: unknown option (known: method, tokens, explain)")
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
