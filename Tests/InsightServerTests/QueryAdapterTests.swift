import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import InsightServer

/// IGQ (InsightQuery) behind `/v1/query`: results JSON, errors with line:column.
@Suite struct QueryAdapterTests {
    func service() throws -> InsightService { try makeLoadedService(engines: .standard) }

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
