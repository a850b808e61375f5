import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import InsightServer

/// IGQ (InsightQuery) behind `/v1/query`: results JSON, errors with line:column.
@Suite struct QueryAdapterTests {
    func service() throws -> InsightService { try makeLoadedService(engines: .standard) }

    /// Request values keep their JSON type whatever order the decoder tries types in: text that
    /// looks like a number or a boolean stays text, numbers and booleans are not confused.
    @Test func jsonValuesKeepTheirType() throws {
        let text = #"{"s":"x","n":1,"f":0.5,"t":true,"no":false,"z":null,"sn":"1","sb":"true","a":[1,"1",true,null],"o":{"k":[]}}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value == .object([
            "s": .string("x"), "n": .number(1), "f": .number(0.5), "t": .bool(true), "no": .bool(false), "z": .null,
            "sn": .string("1"), "sb": .string("true"), "a": .array([.number(1), .string("1"), .bool(true), .null]),
            "o": .object(["k": .array([])]),
        ]))
    }

    @Test func queryRunsIGQ() async throws {
        try await Application(router: try service().makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders, body: jsonBody(
                #"{"query":"FROM CHARACTER 'elena' WHERE confidence >= $min RETURN id","params":{"min":0.7}}"#))
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            let body = try json(response.body)
            #expect((body["rows"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }.sorted() == [10, 11])

            let syntax = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders,
                                                  body: jsonBody(#"{"query":"FROM CHARACTER 'elena' WHERE"}"#))
            #expect(syntax.status == .badRequest)
            let error = try errorBody(syntax)
            #expect(error.code == "query_syntax")
            #expect(error.message.hasPrefix("<query>:1:"))

            let name = try await client.execute(uri: "/v1/query", method: .post, headers: jsonHeaders,
                                                body: jsonBody(#"{"query":"FROM CHARACTER 'elena' WHERE confidnce > 1"}"#))
            #expect(try errorBody(name).code == "query_name")
        }
    }
}
