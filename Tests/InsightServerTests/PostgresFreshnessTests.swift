import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InsightStore
import Testing
@testable import InsightServer
@testable import InsightServerPostgres

/// The service against a real PostgreSQL: SQL writes become visible (how fast is a benchmark's
/// question, not a test's: Scripts/bench.sh service), with and
/// without the NOTIFY triggers, and a stopped server does not stop the answers.
@Suite(.serialized) struct PostgresFreshnessTests {
    static let fastRefresh = RefreshPolicy(pollInterval: .milliseconds(100), fullReloadInterval: .seconds(3600),
                                           initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(400))

    func makeService(conninfo: String, token: String? = nil) -> InsightService {
        InsightService(source: PostgresSnapshotSource(conninfo: conninfo), engines: Engines(retrieval: TriggerMatchRetrievalEngine()),
                       configuration: ServerConfiguration(port: 0, bearerToken: token, refresh: Self.fastRefresh),
                       logger: testLogger)
    }

    /// Polls `GET uri` until `check` accepts the JSON body; returns the seconds it took.
    func secondsUntil(_ client: some TestClientProtocol, _ uri: String, timeout: Double = 30,
                      _ check: ([String: Any]) -> Bool) async throws -> Double {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            let response = try await client.execute(uri: uri, method: .get)
            if response.status == .ok, check(try json(response.body)) { return Date().timeIntervalSince(start) }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("\(uri) did not reach the expected state within \(timeout) s")
    }

    func insightCount(_ body: [String: Any]) -> Int? { (body["character"] as? [String: Any])?["insights"] as? Int }

    @Test(arguments: [true, false])
    func sqlWritesBecomeVisible(triggers: Bool) async throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let setup = try database.connect()
        try database.seed(on: setup)
        if triggers { try NotifyTriggers.apply(on: setup) }
        let conninfo = database.conninfo
        let service = makeService(conninfo: conninfo)
        try await service.makeApplication().test(.live) { client in
            let writer = try Connection(conninfo)
            _ = try await secondsUntil(client, "/healthz") { ($0["snapshot"] as? [String: Any])?["insights"] as? Int == 3 }
            let health = try json(try await client.execute(uri: "/healthz", method: .get).body)
            #expect((health["refresh"] as? [String: Any])?["change_detection"] as? String == (triggers ? "notify" : "polling"))

            // Insert an insight and a relationship with SQL.
            try writer.execute("""
                INSERT INTO character_insights (character_id, insight_type, insight_content, confidence_score, triggers)
                VALUES (1, 'preference', 'Kelp forests at dawn', 0.6, '{kelp}')
                """)
            _ = try await secondsUntil(client, "/v1/characters/elena/stats") { insightCount($0) == 3 }
            let retrieve = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(#"{"character":"elena","message":"kelp"}"#))
            #expect(try json(retrieve.body)["ids"] as? [Int] == [1001])
            try writer.execute("""
                INSERT INTO character_insight_relationships (from_insight_id, to_insight_id, relationship_type, strength)
                VALUES (1001, 10, 'builds_on', 0.5)
                """)
            _ = try await secondsUntil(client, "/v1/characters/elena/stats") { $0["relationships"] as? Int == 2 }

            if triggers {
                // Updates and deletes arrive through the triggers too.
                try writer.execute("UPDATE character_insight_relationships SET relationship_type = 'contradicts' WHERE id = 100")
                _ = try await secondsUntil(client, "/v1/characters/elena/stats") {
                    ($0["relationship_types"] as? [String: Int])?["contradicts"] == 1
                }
                    try writer.execute("DELETE FROM character_insight_relationships WHERE id = 1001")
                try writer.execute("DELETE FROM character_insights WHERE id = 1001")
                _ = try await secondsUntil(client, "/v1/characters/elena/stats") { insightCount($0) == 2 }
                }
        }
    }

    /// Without triggers, an update that only moved a row's date is found by the date check, which
    /// polling runs as paced (share 1: every poll; 0: never). New rows are found by id either way.
    @Test(arguments: [0.0, 1.0])
    func pollingFindsDateUpdatesOnlyWhenTheDateCheckRuns(share: Double) async throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let setup = try database.connect()
        try database.seed(on: setup)
        // An id far past the others puts insight 10 outside the id lookback (1000), so only the date
        // check can find its update.
        try setup.execute("""
            INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score)
            VALUES (5000, 1, 'fact', 'Far away id', 0.5)
            """)
        let source = PostgresSnapshotSource(conninfo: database.conninfo, dateScanShare: share)
        _ = try await source.loadFull()
        #expect(await source.changeDetection == "polling")
        try setup.execute("UPDATE character_insights SET triggers = '{tidepool}', discovery_date = now() WHERE id = 10")
        try setup.execute("""
            INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score)
            VALUES (5001, 1, 'fact', 'A new one', 0.5)
            """)
        let next = try #require(try await source.loadChanges())
        #expect(next.node(forInsightId: 5001) != nil)
        let updated = next.insight(at: try #require(next.node(forInsightId: 10)))
        #expect((updated.triggers == ["tidepool"]) == (share > 0), "share \(share): triggers \(String(describing: updated.triggers))")
    }

    @Test func keepsAnsweringWhilePostgresIsDownAndRecovers() async throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        try database(in: cluster)
        let service = makeService(conninfo: cluster.conninfo + " dbname=app")
        try await service.makeApplication().test(.live) { client in
            _ = try await secondsUntil(client, "/healthz") { $0["status"] as? String == "ok" }

            try cluster.stop()
            _ = try await secondsUntil(client, "/healthz") { $0["status"] as? String == "degraded" }
            let health = try json(try await client.execute(uri: "/healthz", method: .get).body)
            let refresh = try #require(health["refresh"] as? [String: Any])
            #expect(refresh["last_error"] as? String == "database unreachable")
            // Still answering from the last snapshot.
            for _ in 0..<20 {
                let stats = try await client.execute(uri: "/v1/characters/elena/stats", method: .get)
                #expect(stats.status == .ok)
                #expect(insightCount(try json(stats.body)) == 2)
                try await Task.sleep(for: .milliseconds(25))
            }

            try cluster.start()
            let writer = try Connection(cluster.conninfo + " dbname=app")
            try writer.execute("""
                INSERT INTO character_insights (character_id, insight_content, triggers) VALUES (1, 'After the restart', '{restart}')
                """)
            _ = try await secondsUntil(client, "/v1/characters/elena/stats", timeout: 15) { insightCount($0) == 3 }
            let after = try json(try await client.execute(uri: "/healthz", method: .get).body)
            #expect(after["status"] as? String == "ok")
            #expect(((after["refresh"] as? [String: Any])?["failures"] as? Int ?? 0) >= 1)
        }
    }

    private func database(in cluster: PrivateCluster) throws {
        let admin = try Connection(cluster.conninfo)
        try admin.execute("CREATE DATABASE app")
        let connection = try Connection(cluster.conninfo + " dbname=app")
        _ = try SchemaDDL.apply(on: connection)
        try connection.execute("INSERT INTO characters (id, name, normalized_name) VALUES (1, 'Elena', 'elena')")
        try connection.execute("""
            INSERT INTO character_insights (id, character_id, insight_content, triggers)
            VALUES (10, 1, 'ocean', '{ocean}'), (11, 1, 'reef', '{reef}')
            """)
        try connection.execute("SELECT setval(pg_get_serial_sequence('character_insights', 'id'), 1000)")
        try NotifyTriggers.apply(on: connection)
    }
}
