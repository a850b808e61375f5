import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import InsightServer

@Suite struct SecurityTests {
    let configuration = ServerConfiguration(port: 0, bearerToken: "s3cret-token")

    @Test func tokenRequiredEverywhereButHealthz() async throws {
        let service = try makeLoadedService(configuration: configuration)
        try await Application(router: service.makeRouter()).test(.router) { client in
            for uri in ["/v1/characters", "/v1/characters/elena/stats", "/metrics", "/nowhere"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
                #expect(try errorBody(response).code == "unauthorized")
            }
            for wrong in ["Bearer s3cret-tokeN", "Bearer s3cret-token2", "Bearer ", "Basic s3cret-token", "s3cret-token"] {
                let response = try await client.execute(uri: "/v1/characters", method: .get, headers: [.authorization: wrong])
                #expect(response.status == .unauthorized, "\(wrong)")
            }
            let ok = try await client.execute(uri: "/v1/characters", method: .get,
                                              headers: [.authorization: "Bearer s3cret-token"])
            #expect(ok.status == .ok)
            let lower = try await client.execute(uri: "/v1/characters", method: .get,
                                                 headers: [.authorization: "bearer s3cret-token"])
            #expect(lower.status == .ok)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    @Test func constantTimeCompare() {
        typealias M = BearerTokenMiddleware<BasicRequestContext>
        #expect(M.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!M.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!M.constantTimeEqual(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!M.constantTimeEqual([], Array("a".utf8)))
        // Lengths differing by a multiple of 256 must not compare equal through truncation.
        #expect(!M.constantTimeEqual([UInt8](repeating: 0, count: 256), []))
    }

    @Test func defaultsBindLoopback() {
        let defaults = ServerConfiguration()
        #expect(defaults.host == "127.0.0.1")
        #expect(defaults.port == 8187)
        #expect(defaults.bearerToken == nil)
        #expect(defaults.maxBodyBytes == 1 << 20)
    }
}
