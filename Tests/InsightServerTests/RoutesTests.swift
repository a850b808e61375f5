import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InsightGraph
import Testing
@testable import InsightServer

/// Every endpoint through the router (no sockets): status codes, bodies and error JSON.
@Suite struct RoutesTests {
    @Test func healthzIsStartingWithoutSnapshotThenOk() async throws {
        let service = InsightService(source: nil, engines: Engines(), configuration: ServerConfiguration(port: 0),
                                     logger: testLogger)
        let app = Application(router: service.makeRouter())
        try await app.test(.router) { client in
            let before = try await client.execute(uri: "/healthz", method: .get)
            #expect(before.status == .serviceUnavailable)
            #expect(try json(before.body)["status"] as? String == "starting")
            let characters = try await client.execute(uri: "/v1/characters", method: .get)
            #expect(characters.status == .serviceUnavailable)
            #expect(try errorBody(characters).code == "not_ready")

            try service.store.install(makeTestGraph(), full: true)
            let after = try await client.execute(uri: "/healthz", method: .get)
            #expect(after.status == .ok)
            let body = try json(after.body)
            #expect(body["status"] as? String == "ok")
            let snapshot = try #require(body["snapshot"] as? [String: Any])
            #expect(snapshot["insights"] as? Int == 6)
            #expect(snapshot["relationships"] as? Int == 4)
            #expect(snapshot["generation"] as? Int == 1)
            #expect((snapshot["age_seconds"] as? Double).map { $0 >= 0 && $0 < 60 } == true)
            let refresh = try #require(body["refresh"] as? [String: Any])
            #expect(refresh["last_outcome"] as? String == "ok")
            #expect(refresh["full_reloads"] as? Int == 1)
        }
    }

    @Test func healthzShowsFailedRefreshWhileKeepingSnapshot() async throws {
        let service = try makeLoadedService()
        service.store.recordFailure("connection refused")
        try await Application(router: service.makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            let body = try json(response.body)
            #expect(body["status"] as? String == "degraded")
            let refresh = try #require(body["refresh"] as? [String: Any])
            #expect(refresh["last_outcome"] as? String == "failed")
            #expect(refresh["last_error"] as? String == "connection refused")
            #expect(refresh["consecutive_failures"] as? Int == 1)
            #expect((body["snapshot"] as? [String: Any])?["insights"] as? Int == 6)
        }
    }

    @Test func listsCharacters() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/characters", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let list = try #require(try json(response.body)["characters"] as? [[String: Any]])
            #expect(list.map { $0["normalized_name"] as? String } == ["elena", "marcus"])
            #expect(list.map { $0["insights"] as? Int } == [4, 2])
            #expect(list.first?["learning_events"] as? Int == 1)
        }
    }

    @Test func characterStats() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/characters/ELENA/stats", method: .get)
            #expect(response.status == .ok)
            let body = try json(response.body)
            #expect(body["relationships"] as? Int == 3)
            #expect(body["cross_character_relationships"] as? Int == 1)
            #expect(body["insight_types"] as? [String: Int] == ["preference": 2, "emotional_pattern": 1, "memory_formation": 1])
            #expect(body["relationship_types"] as? [String: Int] == ["supports": 2, "leads_to": 1])
            #expect(body["distinct_triggers"] as? Int == 5)
            #expect(abs((body["mean_confidence"] as? Double ?? 0) - 0.7) < 1e-12)
            #expect((body["discovery_dates"] as? [String: String])?["first"] == "2025-03-01T00:00:00Z")
        }
    }

    @Test func unknownCharacterIs404WithCloseNames() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/characters/elana/stats", method: .get)
            #expect(response.status == .notFound)
            let error = try errorBody(response)
            #expect(error.code == "unknown_character")
            #expect(error.message == "no character named 'elana'; did you mean 'elena'?")
            #expect(error.fields["close_names"] as? [String] == ["elena"])

            let far = try await client.execute(uri: "/v1/characters/zzzzzzzz/stats", method: .get)
            #expect(try errorBody(far).fields["close_names"] as? [String] == [])
        }
    }

    @Test func unknownRouteIsJSON404() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(response.status == .notFound)
            #expect(try errorBody(response).code == "not_found")
        }
    }

    @Test func retrieveAnswersFromEngine() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                body: jsonBody(#"{"character":"elena","message":"Deadline and the OCEAN","seeds":[{"id":13,"weight":0.5}]}"#))
            #expect(response.status == .ok)
            #expect(try json(response.body)["ids"] as? [Int] == [10, 12, 13])
        }
    }

    @Test(arguments: [
        (#"{"character":"elena""#, "invalid_json",
         "request body is not valid JSON at line 1, column 21: expected ',' or '}', found end of input"),
        (#"{"message":"hi"}"#, "invalid_json", "body.character: required field is missing"),
        (#"{"character":"elena","message":7}"#, "invalid_json", "body.message: expected a string"),
        (#"{"character":"elena","message":"hi","seeds":[{"id":10,"weight":"x"}]}"#, "invalid_json",
         "body.seeds[0].weight: expected a number"),
        (#"{"character":"elena","message":"hi","limit":0}"#, "invalid_parameter",
         "body.limit: must be between 1 and 1000, got 0"),
        (#"{"character":"elena","message":"hi","seeds":[{"id":20,"weight":1}]}"#, "invalid_parameter",
         "body.seeds[0].id: 20 is not an insight of character 'elena'"),
        (#"{"character":"elena","message":"hi","seeds":[{"id":10,"weight":0}]}"#, "invalid_parameter",
         "body.seeds[0].weight: must be a finite number > 0"),
        ("", "invalid_json", "request body is empty; expected a JSON object"),
    ])
    func badRetrieveRequestsAre400(body: String, code: String, message: String) async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(body))
            #expect(response.status == .badRequest)
            let error = try errorBody(response)
            #expect(error.code == code)
            #expect(error.message == message)
        }
    }

    @Test func retrieveUnknownCharacterIs404() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(#"{"character":"marcos","message":"jazz"}"#))
            #expect(response.status == .notFound)
            #expect(try errorBody(response).fields["close_names"] as? [String] == ["marcus"])
        }
    }

    @Test func bodyOverLimitIs413() async throws {
        let service = try makeLoadedService(configuration: ServerConfiguration(port: 0, maxBodyBytes: 64))
        try await Application(router: service.makeRouter()).test(.router) { client in
            let message = String(repeating: "a", count: 100)
            let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(#"{"character":"elena","message":"\#(message)"}"#))
            #expect(response.status == .contentTooLarge)
            let error = try errorBody(response)
            #expect(error.code == "body_too_large")
            #expect(error.message == "request body is larger than the limit of 64 bytes")
        }
    }

    @Test func missingEnginesAnswer501() async throws {
        let service = try makeLoadedService(engines: Engines())
        try await Application(router: service.makeRouter()).test(.router) { client in
            let retrieve = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(#"{"character":"elena","message":"hi"}"#))
            #expect(retrieve.status == .notImplemented)
            #expect(try errorBody(retrieve).code == "engine_unavailable")
            let query = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders,
                                                 body: jsonBody(#"{"query":"MATCH"}"#))
            #expect(query.status == .notImplemented)
            let graphml = try await client.execute(uri: "/v1/characters/elena/graphml", method: .get)
            #expect(graphml.status == .notImplemented)
        }
    }

    @Test func graphmlRejectsUnknownFlavour() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/characters/elena/graphml?flavour=gephi", method: .get)
            #expect(response.status == .badRequest)
            #expect(try errorBody(response).message == "flavour 'gephi' is not one of: standard, yed")
        }
    }

    @Test func engineErrorsAreShownAndOthersHidden() async throws {
        struct FailingQueryEngine: QueryEngine {
            func execute(_ request: QueryRequest, on snapshot: GraphSnapshot) throws -> [UInt8] {
                if request.query == "bad" { throw EngineError.invalidRequest(code: "query_syntax", message: "1:1: expected MATCH") }
                if request.query == "slow" { throw EngineError.limitExceeded(code: "query_deadline", message: "deadline of 2s exceeded") }
                struct Secret: Error { var path = "/etc/secret.conf" }
                throw Secret()
            }
        }
        let service = try makeLoadedService(engines: Engines(query: FailingQueryEngine()))
        try await Application(router: service.makeRouter()).test(.router) { client in
            let bad = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders,
                                               body: jsonBody(#"{"query":"bad"}"#))
            #expect(bad.status == .badRequest)
            #expect(try errorBody(bad).message == "1:1: expected MATCH")
            let slow = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders,
                                                body: jsonBody(#"{"query":"slow"}"#))
            #expect(slow.status == .unprocessableContent)
            #expect(try errorBody(slow).code == "query_deadline")
            let other = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders,
                                                 body: jsonBody(#"{"query":"x","params":{"a":[1,null]}}"#))
            #expect(other.status == .internalServerError)
            #expect(try errorBody(other).code == "internal_error")
            #expect(!String(buffer: other.body).contains("secret"))
        }
    }
}
