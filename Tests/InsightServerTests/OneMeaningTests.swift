import Foundation
import Hummingbird
import HummingbirdTesting
import InsightGraph
import Testing
@testable import InsightServer

/// One meaning for "what belongs in the prompt": over HTTP, a seeded IGQ query without RANK BY
/// returns what `/v1/retrieve` returns for the same message and limit — same ids, same order, same
/// scores (up to the recency component's clock, read once per request).
@Suite struct OneMeaningTests {
    /// With the shipped weights, and with others given to `serve --weights`: IGQ ranks with the
    /// service's settings too.
    static let settings: [RetrievalSettings] = {
        var other = RetrievalSettings()
        other.retrieval.graphBoost = 0.8
        other.retrieval.minScore = 0.05
        other.retrieval.weights.confidence = 0.5
        return [RetrievalSettings(), other]
    }()

    @Test(arguments: ["I went diving near the reef", "the ocean and the reef", "deadline family"], [0, 1])
    func seededQueryEqualsRetrieve(_ message: String, _ settings: Int) async throws {
        let service = InsightService(source: nil, engines: .standard(retrieval: Self.settings[settings]),
                                     configuration: ServerConfiguration(port: 0), logger: testLogger)
        try service.store.install(makeTestGraph(), full: true)
        try await Application(router: service.makeRouter()).test(.router) { client in
            for limit in [1, 3, 10] {
                let body = ["character": "elena", "message": message, "limit": limit] as [String: Any]
                let retrieve = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                        body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
                #expect(retrieve.status == .ok)
                let results = try #require(try json(retrieve.body)["results"] as? [[String: Any]])

                let query = ["query": "FROM CHARACTER $c SEED MESSAGE $m LIMIT \(limit) RETURN id, score",
                             "params": ["c": "elena", "m": message]] as [String: Any]
                let answer = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders,
                                                      body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: query)))
                #expect(answer.status == .ok)
                let rows = try #require(try json(answer.body)["rows"] as? [[String: Any]])
                #expect(rows.map { $0["id"] as? Int } == results.map { $0["id"] as? Int }, "\(message), limit \(limit)")
                for (row, result) in zip(rows, results) {
                    let a = try #require(row["score"] as? Double), b = try #require(result["score"] as? Double)
                    #expect(abs(a - b) < 1e-9, "\(message), limit \(limit), insight \(row["id"] ?? "?")")
                }
                #expect(!results.isEmpty)
            }
        }
    }
}
