import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InsightStore
import NIOCore
import Testing
@testable import InsightServer
@testable import InsightServerPostgres

/// `POST /v1/characters/{name}/insights` over a real socket against a real PostgreSQL.
@Suite(.serialized) struct WriteRouteTests {
    /// Without triggers, a poll interval far beyond every wait below: a write shows only because it
    /// wakes the refresh. With triggers the interval only bounds one wait for notifications (which
    /// the commit's NOTIFY ends), and shutdown waits for it: keep it short.
    static func refresh(triggers: Bool) -> RefreshPolicy {
        RefreshPolicy(pollInterval: triggers ? .milliseconds(250) : .seconds(120), fullReloadInterval: .seconds(3600),
                      initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(400))
    }
    static let auth: HTTPFields = [.authorization: "Bearer tok", .contentType: "application/json"]

    func makeService(_ database: TestDatabase, triggers: Bool = false, maxBodyBytes: Int = 1 << 20) -> InsightService {
        InsightService(source: PostgresSnapshotSource(conninfo: database.conninfo),
                       engines: Engines(retrieval: TriggerMatchRetrievalEngine()),
                       writer: PostgresBatchWriter(conninfo: database.conninfo),
                       configuration: ServerConfiguration(port: 0, bearerToken: "tok", maxBodyBytes: maxBodyBytes,
                                                          refresh: Self.refresh(triggers: triggers)),
                       logger: testLogger)
    }

    /// The ids `/v1/retrieve` returns for elena and `message` (the test engine matches triggers).
    func retrievedIds(_ client: some TestClientProtocol, _ message: String) async throws -> [Int] {
        let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: Self.auth,
                                                body: jsonBody(#"{"character":"elena","message":"\#(message)"}"#))
        return try json(response.body)["ids"] as? [Int] ?? []
    }

    func post(_ client: some TestClientProtocol, _ body: String, character: String = "elena", query: String = "",
              headers: HTTPFields = auth) async throws -> TestResponse {
        try await client.execute(uri: "/v1/characters/\(character)/insights\(query)", method: .post, headers: headers,
                                 body: jsonBody(body))
    }

    func count(_ conninfo: String, _ table: String) throws -> Int? {
        try Connection(conninfo).execute("SELECT count(*) FROM \(table)").int(0, 0)
    }

    @Test(arguments: [false, true])
    func writtenInsightsAreRetrievable(triggers: Bool) async throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let setup = try database.connect()
        try database.seed(on: setup)
        if triggers { try NotifyTriggers.apply(on: setup) }
        let service = makeService(database, triggers: triggers)
        let conninfo = database.conninfo
        try await service.makeApplication().test(.live) { client in
            #expect(try await eventually { service.store.current?.graph.nodeCount == 3 })

            let batch = """
                [{"kind":"insight","insight_type":"preference","insight_content":"Kelp forests at dawn",
                  "confidence_score":0.6,"triggers":["kelp"]},
                 {"kind":"relationship","from_content":"Kelp forests at dawn","to_insight_id":10,"relationship_type":"builds_on"},
                 {"kind":"timeline","learning_event":"Saw a kelp forest","learning_date":"2025-03-02T08:00:00Z"}]
                """
            let response = try await post(client, batch)
            #expect(response.status == .ok)
            let body = try json(response.body)
            #expect(body["committed"] as? Bool == true && body["character"] as? String == "elena")
            #expect((body["insights"] as? [String: Int])?["inserted"] == 1)
            #expect((body["relationships"] as? [String: Int])?["inserted"] == 1)
            #expect((body["timeline"] as? [String: Int])?["inserted"] == 1)
            #expect((body["written_ids"] as? [String: [Int]])?["insights"] == [1001])
            #expect((body["problems"] as? [Any])?.isEmpty == true)
            #expect(try await eventually { service.store.current?.graph.nodeCount == 4 })
            #expect(try await retrievedIds(client, "kelp") == [1001])
            #expect(service.store.current?.graph.edgeCount == 2)

            // A merge of an existing insight (no new id, no later date) is re-read by id as well.
            let merge = try await post(client, #"{"kind":"insight","insight_content":"Kelp forests at dawn","triggers":["forest"]}"#)
            #expect((try json(merge.body)["insights"] as? [String: Int])?["merged"] == 1)
            var seen: [Int] = []
            for _ in 0..<300 where seen != [1001] {
                seen = try await retrievedIds(client, "forest")
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(seen == [1001])

            // The token applies: without it nothing is written.
            let anonymous = try await post(client, #"{"kind":"insight","insight_content":"sneaky"}"#, headers: jsonHeaders)
            #expect(anonymous.status == .unauthorized)
            #expect(try errorBody(anonymous).code == "unauthorized")
            #expect(try count(conninfo, "character_insights") == 4)
        }
    }

    @Test func badRecordsUnknownCharactersAndStrictMode() async throws {
        let database = try TestDatabase()
        defer { database.drop() }
        try database.seed(on: try database.connect())
        let service = makeService(database, maxBodyBytes: 4096)
        let conninfo = database.conninfo
        try await service.makeApplication().test(.live) { client in
            #expect(try await eventually { service.store.current != nil })

            // Some records bad: the good one is written, the bad ones named by index and field.
            let mixed = try await post(client, """
                [{"kind":"insight","insight_content":"good one"},
                 {"kind":"insight","insight_content":"too sure","confidence_score":1.5},
                 {"kind":"insight","insight_contnet":"typo"}]
                """)
            #expect(mixed.status == .ok)
            let problems = try #require(try json(mixed.body)["problems"] as? [[String: Any]])
            #expect(problems.map { $0["index"] as? Int } == [1, 2])
            #expect(problems.map { $0["field"] as? String } == ["confidence_score", "insight_contnet"])
            #expect(problems.first?["message"] as? String == "body[1].confidence_score: 1.5 is outside 0.0...1.0")
            #expect(try count(conninfo, "character_insights") == 4)

            // Nothing valid: 422 naming the record and field.
            let allBad = try await post(client, #"[{"kind":"insight","insight_content":"x","importance_level":"high"}]"#)
            #expect(allBad.status == .unprocessableContent)
            let error = try errorBody(allBad)
            #expect(error.code == "invalid_records")
            #expect(error.message.contains("body[0].importance_level: expected an integer, found a string"))
            #expect((error.fields["problems"] as? [[String: Any]])?.first?["field"] as? String == "importance_level")

            // Strict: one bad record refuses the batch; every problem is listed, relationships included.
            let strict = try await post(client, """
                [{"kind":"insight","insight_content":"strict good"},
                 {"kind":"insight","insight_content":"strict bad","confidence_score":"high"},
                 {"kind":"relationship","from_content":"strict good","to_content":"nowhere","relationship_type":"supports"}]
                """, query: "?strict=true")
            #expect(strict.status == .unprocessableContent)
            let refused = try errorBody(strict)
            #expect(refused.code == "invalid_records" && refused.message.contains("strict"))
            let listed = try #require(refused.fields["problems"] as? [[String: Any]])
            #expect(listed.map { "\($0["index"] as? Int ?? -1):\($0["field"] as? String ?? "-")" } == ["1:confidence_score", "2:to_content"])
            #expect(try count(conninfo, "character_insights") == 4)
            #expect(try await post(client, "[]", query: "?strict=maybe").status == .badRequest)
            for loose in ["", "yes", "1", "TRUE"] {  // the spec's boolean: true or false, nothing else
                #expect(try await post(client, #"[{"kind":"insight","insight_content":"x"}]"#, query: "?strict=\(loose)").status == .badRequest)
            }

            // Unknown character: 404 JSON with close names; a record naming another character is a problem.
            let unknown = try await post(client, #"{"kind":"insight","insight_content":"x"}"#, character: "elenna")
            #expect(unknown.status == .notFound)
            #expect(try errorBody(unknown).code == "unknown_character")
            #expect(try errorBody(unknown).fields["close_names"] as? [String] == ["elena"])
            let other = try await post(client, #"{"kind":"insight","character":"marcus","insight_content":"x"}"#)
            #expect(try errorBody(other).message.contains("body.character: this batch is for character \"elena\""))

            // NDJSON: blank lines skipped, problems by line and column.
            let ndjson: HTTPFields = [.authorization: "Bearer tok", .contentType: "application/x-ndjson"]
            let lines = try await post(client, "{\"kind\":\"insight\",\"insight_content\":\"from ndjson\"}\n\n{\"kind\":\"insight\",\"insight_content\":5}\n",
                                       headers: ndjson)
            #expect(lines.status == .ok)
            let lineProblem = try #require((try json(lines.body)["problems"] as? [[String: Any]])?.first)
            #expect(lineProblem["index"] as? Int == 1 && lineProblem["line"] as? Int == 3 && lineProblem["column"] as? Int == 37)
            #expect(try count(conninfo, "character_insights") == 5)

            // Malformed bodies and limits.
            let broken = try await post(client, #"[{"kind":"insight"}"#)
            #expect(broken.status == .badRequest)
            #expect(try errorBody(broken).code == "invalid_json")
            #expect(try errorBody(broken).message.contains("line 1, column 20"))
            #expect(try errorBody(try await post(client, "[]")).code == "no_records")
            let big = try await post(client, #"{"kind":"insight","insight_content":"\#(String(repeating: "x", count: 5000))"}"#)
            #expect(big.status == .contentTooLarge)
            #expect(try count(conninfo, "character_insights") == 5)
        }
    }
}
