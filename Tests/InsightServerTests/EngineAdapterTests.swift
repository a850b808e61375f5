import Foundation
import Hummingbird
import HummingbirdTesting
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
}
