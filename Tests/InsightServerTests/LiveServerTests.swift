import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InsightGraph
import NIOCore
import ServiceLifecycle
import Testing
@testable import InsightServer

/// The service over a real socket on an ephemeral loopback port.
@Suite struct LiveServerTests {
    /// Issue 16 over a real socket: 405 with Allow, unknown fields refused, the batch endpoint.
    @Test func contractOverTheNetwork() async throws {
        let service = try makeLoadedService()
        try await service.makeApplication().test(.live) { client in
            let wrongMethod = try await client.execute(uri: "/v1/retrieve", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
            #expect(try errorBody(wrongMethod).code == "method_not_allowed")
            let typo = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                body: jsonBody(#"{"character":"elena","message":"x","limt":1}"#))
            #expect(typo.status == .badRequest)
            #expect(try errorBody(typo).fields["field"] as? String == "body.limt")
            let batch = try await client.execute(
                uri: "/v1/retrieve/batch", method: .post, headers: jsonHeaders,
                body: jsonBody(#"{"items":[{"character":"marcus","message":"jazz guitar"},{"character":"nobody","message":"x"}]}"#))
            #expect(batch.status == .ok)
            let results = try #require(try json(batch.body)["results"] as? [[String: Any]])
            #expect((results[0]["answer"] as? [String: Any])?["ids"] as? [Int] == [20, 21])
            #expect((results[1]["error"] as? [String: Any])?["code"] as? String == "unknown_character")
        }
    }

    @Test func everyEndpointOverTheNetwork() async throws {
        let service = try makeLoadedService(configuration: ServerConfiguration(port: 0, bearerToken: "tok"))
        let auth: HTTPFields = [.authorization: "Bearer tok", .contentType: "application/json"]
        try await service.makeApplication().test(.live) { client in
            #expect(client.port != nil)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/v1/characters", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/v1/characters", method: .get, headers: auth).status == .ok)
            #expect(try await client.execute(uri: "/v1/characters/marcus/stats", method: .get, headers: auth).status == .ok)
            let retrieve = try await client.execute(uri: "/v1/retrieve", method: .post, headers: auth,
                                                    body: jsonBody(#"{"character":"marcus","message":"jazz guitar"}"#))
            #expect(retrieve.status == .ok)
            #expect(try json(retrieve.body)["ids"] as? [Int] == [20, 21])
            let bad = try await client.execute(uri: "/v1/retrieve", method: .post, headers: auth, body: jsonBody("{"))
            #expect(bad.status == .badRequest)
            #expect(try errorBody(bad).code == "invalid_json")
            #expect(try await client.execute(uri: "/v1/query", method: .post, headers: auth,
                                             body: jsonBody(#"{"query":"x"}"#)).status == .notImplemented)

            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: auth)
            #expect(metrics.status == .ok)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"insightgraph_http_requests_total{endpoint="/v1/retrieve",method="POST",status="200"} 1"#))
            #expect(text.contains(#"insightgraph_http_requests_total{endpoint="/v1/retrieve",method="POST",status="400"} 1"#))
            #expect(text.contains(#"insightgraph_http_requests_total{endpoint="/v1/characters",method="GET",status="401"} 1"#))
            #expect(text.contains(#"insightgraph_http_request_duration_seconds_bucket{endpoint="/v1/characters/{name}/stats",method="GET",le="#))
            #expect(text.contains(#"insightgraph_http_request_duration_seconds_count{endpoint="/v1/retrieve",method="POST"} 2"#))
        }
    }

    @Test func bodyLimitOverTheNetwork() async throws {
        let service = try makeLoadedService(configuration: ServerConfiguration(port: 0, maxBodyBytes: 1024))
        try await service.makeApplication().test(.live) { client in
            let big = String(repeating: "x", count: 200_000)
            let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(#"{"character":"elena","message":"\#(big)"}"#))
            #expect(response.status == .contentTooLarge)
            #expect(try errorBody(response).code == "body_too_large")
        }
    }

    /// Graceful shutdown (what SIGTERM triggers): the request in flight still gets its answer.
    @Test func gracefulShutdownFinishesInFlightRequests() async throws {
        struct SlowQueryEngine: QueryEngine {
            func execute(_ request: QueryRequest, on snapshot: GraphSnapshot) throws -> [UInt8] {
                Thread.sleep(forTimeInterval: 0.5)
                return Array(#"{"rows":[]}"#.utf8)
            }
        }
        let service = try makeLoadedService(engines: Engines(query: SlowQueryEngine()))
        let ports = AsyncStream<Int>.makeStream()
        let app = service.makeApplication { port in ports.continuation.yield(port) }
        let group = ServiceGroup(services: [app], logger: testLogger)
        let running = Task { try await group.run() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let answer = Task {
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.execute(.init("/v1/query", method: .post, headers: jsonHeaders,
                                               body: ByteBuffer(string: #"{"query":"slow"}"#)))
            }
        }
        try await Task.sleep(for: .milliseconds(150))
        await group.triggerGracefulShutdown()
        let response = try await answer.value
        #expect(response.status == .ok)
        #expect(response.body.map { String(buffer: $0) } == #"{"rows":[]}"#)
        try await running.value
        // After shutdown nothing accepts connections on that port.
        await #expect(throws: (any Error).self) {
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.execute(.init("/healthz", method: .get))
            }
        }
    }
}
