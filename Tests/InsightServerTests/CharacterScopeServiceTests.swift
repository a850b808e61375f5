import Foundation
import HummingbirdTesting
import InsightStore
import Testing
@testable import InsightServer
@testable import InsightServerPostgres

/// An instance serving a character set (`serve --character`), against a real PostgreSQL over a
/// real socket: it loads and keeps current only its characters and refuses the others with 404
/// `character_not_served`.
@Suite(.serialized) struct CharacterScopeServiceTests {
    static let scope = CharacterScope(names: ["ELENA"])  // matching ignores case

    @Test(arguments: [true, false])
    func servesOnlyItsCharacters(triggers: Bool) async throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let setup = try database.connect()
        try database.seed(on: setup)
        if triggers { try NotifyTriggers.apply(on: setup) }
        let policy = RefreshPolicy(pollInterval: .milliseconds(100), fullReloadInterval: .seconds(3600),
                                   initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(400))
        let service = InsightService(
            source: PostgresSnapshotSource(conninfo: database.conninfo, scope: Self.scope),
            engines: Engines(retrieval: TriggerMatchRetrievalEngine()), writer: PostgresBatchWriter(conninfo: database.conninfo),
            configuration: ServerConfiguration(port: 0, refresh: policy, characters: Self.scope), logger: testLogger)
        let conninfo = database.conninfo

        try await service.makeApplication().test(.live) { client in
            let health = try await until(client, "/healthz") { ($0["snapshot"] as? [String: Any])?["insights"] as? Int == 2 }
            #expect((health["snapshot"] as? [String: Any])?["characters"] as? Int == 1)
            let list = try json(try await client.execute(uri: "/v1/characters", method: .get).body)
            #expect((list["characters"] as? [[String: Any]])?.compactMap { $0["normalized_name"] as? String } == ["elena"])

            // Another instance's character: 404 naming it and saying this instance does not serve it.
            for response in [
                try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                         body: jsonBody(#"{"character":"marcus","message":"jazz"}"#)),
                try await client.execute(uri: "/v1/characters/marcus/stats", method: .get),
                try await client.execute(uri: "/v1/characters/marcus/graphml", method: .get),
                try await client.execute(uri: "/v1/characters/marcus/insights", method: .post, headers: jsonHeaders,
                                         body: jsonBody(#"{"kind":"insight","insight_content":"not here"}"#)),
            ] {
                #expect(response.status == .notFound)
                let error = try errorBody(response)
                #expect(error.code == "character_not_served")
                #expect(error.message.hasPrefix("character 'marcus' is not served by this instance (it serves: 'ELENA')"))
                #expect(error.fields["served_characters"] as? [String] == ["ELENA"])
            }
            #expect(try await client.execute(uri: "/v1/characters/Elena/stats", method: .get).status == .ok)
            let ocean = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                 body: jsonBody(#"{"character":"elena","message":"ocean"}"#))
            #expect(try json(ocean.body)["ids"] as? [Int] == [10])

            // New rows: elena's appear, marcus's do not (a relationship to his insight is not an edge here).
            let writer = try Connection(conninfo)
            try writer.execute("""
                INSERT INTO character_insights (id, character_id, insight_type, insight_content, triggers)
                VALUES (2001, 2, 'preference', 'Kelp reminds Marcus of nothing', '{kelp}'),
                       (2002, 1, 'preference', 'Kelp forests at dawn', '{kelp}')
                """)
            try writer.execute("""
                INSERT INTO character_insight_relationships (id, from_insight_id, to_insight_id, relationship_type, strength)
                VALUES (3001, 2002, 2001, 'supports', 0.5), (3002, 2002, 10, 'builds_on', 0.5)
                """)
            _ = try await until(client, "/v1/characters/elena/stats") { $0["relationships"] as? Int == 2 }
            let after = try json(try await client.execute(uri: "/healthz", method: .get).body)
            #expect((after["snapshot"] as? [String: Any])?["insights"] as? Int == 3)
            #expect((after["snapshot"] as? [String: Any])?["characters"] as? Int == 1)
            let kelp = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                body: jsonBody(#"{"character":"elena","message":"kelp"}"#))
            #expect(try json(kelp.body)["ids"] as? [Int] == [2002])

            if triggers {
                // An insight moved to another character leaves this instance.
                try writer.execute("UPDATE character_insights SET character_id = 2 WHERE id = 11")
                _ = try await until(client, "/v1/characters/elena/stats") {
                    ($0["character"] as? [String: Any])?["insights"] as? Int == 2
                }
                let moved = try json(try await client.execute(uri: "/healthz", method: .get).body)
                #expect((moved["snapshot"] as? [String: Any])?["insights"] as? Int == 2)
            }
        }
    }

    /// A name that matches no character (a typo in `--character`): no snapshot, and `/healthz`
    /// says why without naming anything from the database.
    @Test func unknownNameKeepsTheInstanceFromLoading() async throws {
        let database = try TestDatabase()
        defer { database.drop() }
        try database.seed(on: try database.connect())
        let scope = CharacterScope(names: ["elena", "elnea"])
        let service = InsightService(
            source: PostgresSnapshotSource(conninfo: database.conninfo, scope: scope),
            engines: Engines(retrieval: TriggerMatchRetrievalEngine()),
            configuration: ServerConfiguration(port: 0, characters: scope), logger: testLogger)
        try await service.makeApplication().test(.live) { client in
            let start = Date()
            var health: [String: Any] = [:]
            while Date().timeIntervalSince(start) < 30 {
                let response = try await client.execute(uri: "/healthz", method: .get)
                #expect(response.status == .serviceUnavailable)
                health = try json(response.body)
                if (health["refresh"] as? [String: Any])?["last_outcome"] as? String == "failed" { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(health["status"] as? String == "starting")
            #expect((health["refresh"] as? [String: Any])?["last_error"] as? String
                    == "a --character name matches no character in the database; see the service log")
        }
    }

    /// Polls `GET uri` until `check` accepts the JSON body.
    func until(_ client: some TestClientProtocol, _ uri: String, timeout: Double = 30,
               _ check: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            let response = try await client.execute(uri: uri, method: .get)
            if response.status == .ok, let body = try? json(response.body), check(body) { return body }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("\(uri) did not reach the expected state within \(timeout) s")
    }
}
