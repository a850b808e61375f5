import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InsightGraph
import Testing
@testable import InsightServer

/// The HTTP contract of issue 16 through the router (no sockets): unknown fields refused, errors
/// that say where, 405 for a known path with another method, display names, nullable fields.
@Suite struct ContractTests {
    @Test(arguments: [
        ("/v1/retrieve", #"{"character":"elena","message":"hi","limt":1}"#, "body.limt",
         ["character", "message", "limit", "seeds", "options"]),
        ("/v1/retrieve", #"{"character":"elena","message":"hi","seeds":[{"id":10,"weight":1,"wieght":2}]}"#,
         "body.seeds[0].wieght", ["id", "weight"]),
        ("/v1/query", #"{"query":"FROM CHARACTER 'elena' RETURN id","parms":{}}"#, "body.parms", ["query", "params"]),
        ("/v1/retrieve/batch", #"{"items":[{"character":"elena","message":"hi"}],"itmes":[]}"#, "body.itmes", ["items"]),
    ])
    func unknownFieldsAreRefusedNamingTheKnownOnes(path: String, body: String, field: String, known: [String]) async throws {
        let service = try makeLoadedService(engines: .standard)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: path, method: .post, headers: jsonHeaders, body: jsonBody(body))
            #expect(response.status == .badRequest)
            let error = try errorBody(response)
            #expect(error.code == "unknown_field")
            #expect(error.fields["field"] as? String == field)
            #expect(error.fields["known_fields"] as? [String] == known)
            #expect(error.message == "\(field): unknown field; known fields: " + known.joined(separator: ", "))
        }
    }

    @Test func nullOptionalFieldsMeanAbsent() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                body: jsonBody(#"{"character":"elena","message":"ocean","limit":null,"seeds":null,"options":null}"#))
            #expect(response.status == .ok)
        }
    }

    @Test(arguments: [
        ("{\"character\": \"elena\",\n  \"message\": }", 2, 14, 36, "expected a value, found '}'"),
        ("[1, 2", 1, 6, 5, "expected ',' or ']', found end of input"),
        ("{\"character\": \"el\u{1}\"}", 1, 18, 17, "control character byte 0x1 inside a string (escape it)"),
        ("{\"character\": \"elena\", \"message\": \"hi\", \"limit\": 99999999999999999999}", 1, 50, 49,
         "the number 99999999999999999999 is out of range (integers: 64 bits)"),
    ])
    func invalidJSONSaysWhere(body: String, line: Int, column: Int, offset: Int, reason: String) async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(body))
            #expect(response.status == .badRequest)
            let error = try errorBody(response)
            #expect(error.code == "invalid_json")
            #expect(error.message == "request body is not valid JSON at line \(line), column \(column): \(reason)")
            #expect(error.fields["line"] as? Int == line)
            #expect(error.fields["column"] as? Int == column)
            #expect(error.fields["offset"] as? Int == offset)
        }
    }

    @Test func queryErrorsCarryLineAndColumn() async throws {
        let service = try makeLoadedService(engines: .standard)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/query", method: .post, headers: jsonHeaders,
                body: jsonBody(#"{"query":"FROM CHARACTER 'elena'\nWHERE confidnce > 0.5\nRETURN id"}"#))
            #expect(response.status == .badRequest)
            let error = try errorBody(response)
            #expect(error.code == "query_name")
            #expect(error.fields["line"] as? Int == 2)
            #expect(error.fields["column"] as? Int == 7)
            #expect(error.message.hasPrefix("<query>:2:7: name error:"))

            let syntax = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders,
                                                  body: jsonBody(#"{"query":"MATCH x"}"#))
            #expect(try errorBody(syntax).code == "query_syntax")
            #expect(try errorBody(syntax).fields["line"] as? Int == 1)
            #expect(try errorBody(syntax).fields["column"] as? Int == 1)
        }
    }

    @Test func queryErrorLocationIsReadFromTheHeadline() {
        #expect(ErrorMapping.queryLocation(in: "<query>:12:3: syntax error: x") ?? (0, 0) == (12, 3))
        #expect(ErrorMapping.queryLocation(in: "body.params.x: objects are not supported") == nil)
        let plain = ErrorMapping.located(ServiceError(.badRequest, code: "invalid_parameter", message: "<query>:1:1: x"))
        #expect(plain.details.isEmpty)
    }

    @Test(arguments: [
        ("/v1/retrieve", HTTPRequest.Method.get, "POST"),
        ("/v1/retrieve/batch", .put, "POST"),
        ("/v1/query", .delete, "POST"),
        ("/v1/characters", .post, "GET, HEAD"),
        ("/v1/characters/elena/stats", .delete, "GET, HEAD"),
        ("/v1/characters/elena/insights", .get, "POST"),
        ("/healthz", .post, "GET, HEAD"),
    ])
    func knownPathWithAnotherMethodIs405WithAllow(path: String, method: HTTPRequest.Method, allow: String) async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: path, method: method)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == allow)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let error = try errorBody(response)
            #expect(error.code == "method_not_allowed")
            #expect(error.fields["allowed_methods"] as? [String] == allow.components(separatedBy: ", "))
            #expect(error.message == "\(method.rawValue) is not allowed on \(path); allowed: \(allow)")
        }
    }

    @Test func unknownPathsAreStill404() async throws {
        try await Application(router: try makeLoadedService().makeRouter()).test(.router) { client in
            for path in ["/v1/retrieve/nothing", "/v1/characters/elena/nothing", "/v2/retrieve"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound, "\(path)")
                #expect(try errorBody(response).code == "not_found")
            }
        }
    }

    @Test func displayNamesWorkLikeTheCLI() async throws {
        let service = try makeLoadedService(engines: .standard)
        try await Application(router: service.makeRouter()).test(.router) { client in
            let stats = try await client.execute(uri: "/v1/characters/Elena%20Rodriguez/stats", method: .get)
            #expect(stats.status == .ok)
            #expect((try json(stats.body)["character"] as? [String: Any])?["normalized_name"] as? String == "elena")
            let graphml = try await client.execute(uri: "/v1/characters/ELENA%20RODRIGUEZ/graphml", method: .get)
            #expect(graphml.status == .ok)

            func answer(_ character: String) async throws -> [String: Any] {
                let response = try await client.execute(
                    uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                    body: jsonBody(#"{"character":"\#(character)","message":"diving on the reef"}"#))
                #expect(response.status == .ok)
                var body = try json(response.body)
                body["micros"] = nil
                return body
            }
            let byDisplayName = try await answer("Elena Rodriguez")
            let byName = try await answer("elena")
            #expect(byDisplayName["character"] as? String == "elena")
            #expect(NSDictionary(dictionary: byDisplayName).isEqual(to: byName))
        }
    }
}
