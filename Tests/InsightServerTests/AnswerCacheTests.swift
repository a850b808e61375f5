import Foundation
import Hummingbird
import HummingbirdTesting
import InsightGraph
import NIOCore
import Testing
@testable import InsightServer

/// The per-snapshot cache of `/v1/retrieve` answers: what it keys on, when it recomputes, and that
/// it never answers from an older graph.
@Suite struct AnswerCacheTests {
    /// Counts how often the engine really ranks (a cached answer does not reach it).
    final class CountingEngine: RetrievalEngine, @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        var calls: Int { lock.withLock { count } }

        struct Retriever: SnapshotRetriever {
            let inner: any SnapshotRetriever
            let engine: CountingEngine
            func retrieve(_ request: RetrievalRequest) throws -> [UInt8] {
                engine.lock.withLock { engine.count += 1 }
                return try inner.retrieve(request)
            }
        }

        func prepare(_ snapshot: GraphSnapshot) throws -> any SnapshotRetriever {
            Retriever(inner: try TriggerMatchRetrievalEngine().prepare(snapshot), engine: self)
        }
    }

    func service(_ policy: AnswerCachePolicy, engine: CountingEngine) throws -> InsightService {
        try makeLoadedService(configuration: ServerConfiguration(port: 0, answerCache: policy),
                              engines: Engines(retrieval: engine))
    }

    func retrieve(_ client: some TestClientProtocol, _ body: String) async throws -> TestResponse {
        let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders, body: jsonBody(body))
        #expect(response.status == .ok)
        return response
    }

    func cacheHeader(_ response: TestResponse) -> String? { response.headers[.init("X-InsightGraph-Answer-Cache")!] }

    @Test func aRepeatedRequestIsAnsweredFromTheCache() async throws {
        let engine = CountingEngine()
        let service = try service(AnswerCachePolicy(), engine: engine)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let body = #"{"character":"elena","message":"the ocean"}"#
            let first = try await retrieve(client, body)
            let second = try await retrieve(client, body)
            #expect(cacheHeader(first) == "miss")
            #expect(cacheHeader(second) == "hit")
            #expect(first.body == second.body)
            #expect(engine.calls == 1)
            // Anything that can change the answer is part of the key.
            for other in [#"{"character":"elena","message":"the OCEAN"}"#,
                          #"{"character":"marcus","message":"the ocean"}"#,
                          #"{"character":"elena","message":"the ocean","limit":1}"#,
                          #"{"character":"elena","message":"the ocean","seeds":[{"id":13,"weight":0.5}]}"#,
                          #"{"character":"elena","message":"the ocean","options":{"explain":false}}"#] {
                let response = try await retrieve(client, other)
                #expect(cacheHeader(response) == "miss", "\(other)")
            }
            #expect(engine.calls == 6)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"insightgraph_answer_cache_requests_total{result="hit"} 1"#))
            #expect(metrics.contains(#"insightgraph_answer_cache_requests_total{result="miss"} 6"#))
        }
    }

    @Test func aNewSnapshotStartsWithAnEmptyCache() async throws {
        let engine = CountingEngine()
        let service = try service(AnswerCachePolicy(), engine: engine)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let body = #"{"character":"elena","message":"kelp"}"#
            #expect(try json(try await retrieve(client, body).body)["ids"] as? [Int] == [])
            #expect(cacheHeader(try await retrieve(client, body)) == "hit")
            try service.store.install(makeTestGraph(extraInsight: Insight(id: 14, characterId: 1, content: "Kelp forests",
                                                                           triggers: ["kelp"])), full: false)
            let after = try await retrieve(client, body)
            #expect(cacheHeader(after) == "miss")
            #expect(try json(after.body)["ids"] as? [Int] == [14])
        }
    }

    @Test func anAnswerOlderThanItsAgeIsComputedAgain() async throws {
        let engine = CountingEngine()
        let service = try service(AnswerCachePolicy(maxAge: .milliseconds(100)), engine: engine)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let body = #"{"character":"elena","message":"the ocean"}"#
            _ = try await retrieve(client, body)
            try await Task.sleep(for: .milliseconds(250))
            #expect(cacheHeader(try await retrieve(client, body)) == "miss")
            #expect(engine.calls == 2)
        }
    }

    @Test func aDisabledCacheAlwaysRanks() async throws {
        let engine = CountingEngine()
        let service = try service(.off, engine: engine)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let body = #"{"character":"elena","message":"the ocean"}"#
            let first = try await retrieve(client, body)
            _ = try await retrieve(client, body)
            #expect(cacheHeader(first) == nil)
            #expect(engine.calls == 2)
        }
    }

    /// Two generations: filling half the budget retires the current one; a hit in the retired one
    /// brings the answer back; the generation before is dropped; an oversized answer is not kept.
    @Test func evictionKeepsRecentlyUsedAnswers() throws {
        let cache = AnswerCache(policy: AnswerCachePolicy(maxBytes: 400))
        func key(_ message: String) -> AnswerCache.Key {
            AnswerCache.Key(RetrievalRequest(character: "elena", characterIndex: 0, message: message, limit: nil,
                                             seeds: [], options: nil))
        }
        let answer = [UInt8](repeating: 1, count: 99)  // + a 1-byte message: each costs 100
        for name in ["a", "b", "c"] { cache.store(answer, for: key(name)) }  // c overflows: a, b, c retired
        #expect(cache.answer(for: key("a")) == answer)  // back into the current generation
        for name in ["d", "e"] { cache.store(answer, for: key(name)) }  // e overflows: b, c dropped
        #expect(cache.answer(for: key("b")) == nil)
        #expect(cache.answer(for: key("c")) == nil)
        for name in ["a", "d", "e"] { #expect(cache.answer(for: key(name)) == answer, "\(name)") }
        cache.store([UInt8](repeating: 2, count: 201), for: key("big"))
        #expect(cache.answer(for: key("big")) == nil)
        // The message counts too: a small answer to a huge message is not kept.
        let huge = String(repeating: "x", count: 300)
        cache.store([1], for: key(huge))
        #expect(cache.answer(for: key(huge)) == nil)
        #expect(cache.usage.bytes <= 400)
    }
}
