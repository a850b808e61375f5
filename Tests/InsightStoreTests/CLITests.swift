import Foundation
import Testing
@testable import InsightStore

/// The `insightgraph` binary's store commands, run as a user would: output, JSON and exit codes.
@Suite struct CLITests {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    struct BinaryMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) not found: run `swift build` (or Scripts/test.sh) first" }
    }

    /// The binary next to the test bundle (`swift test` builds it with the tests).
    static var binary: URL {
        let tests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return tests.appendingPathComponent("insightgraph")
    }

    /// Runs the binary; `environment` is added to (or overrides) this process's environment.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BinaryMissing(path: binary.path)
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func wrongHostExitsWith2AndNamesIt() throws {
        let run = try Self.run(["stats", "--database", "host=/nonexistent/ig-socket dbname=catalog"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("insightgraph: could not connect to database \"catalog\" on host \"/nonexistent/ig-socket\""))
        #expect(run.stdout.isEmpty)
    }

    @Test func missingSchemaExitsWith3() throws {
        try TestDatabase.with(setup: "CREATE TABLE characters (id int, name text, normalized_name text);") { conninfo in
            let run = try Self.run(["stats", "--database", conninfo])
            #expect(run.status == 3)
            #expect(run.stderr == "insightgraph: schema missing: table \"character_insights\" does not exist (create it with `insightgraph schema apply`)\n")
        }
    }

    @Test func usageErrorsExitWith1() throws {
        let run = try Self.run(["stats", "--format", "xml"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("xml"))
    }

    @Test func unknownCharacterExitsWith1WithCloseNames() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + TestDatabase.fixtureRows) { conninfo in
            let run = try Self.run(["stats", "--database", conninfo, "--character", "elen"])
            #expect(run.status == 1)
            #expect(run.stderr.contains("no character named \"elen\"") && run.stderr.contains("close names: elena"))
        }
    }

    @Test func statsJSONAgreesWithTheDatabase() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + TestDatabase.fixtureRows + """
            INSERT INTO character_insight_relationships (id, from_insight_id, to_insight_id, relationship_type, strength)
            VALUES (102, 10, 12, 'contradicts', 'NaN'), (103, 12, 12, NULL, 0.3);
            """) { conninfo in
            let run = try Self.run(["stats", "--database", conninfo, "--format", "json"])
            #expect(run.status == 0)
            #expect(run.stderr.isEmpty)  // no progress on a pipe
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let totals = try #require(json["totals"] as? [String: Int])
            #expect(totals["characters"] == 2 && totals["insights"] == 3 && totals["relationships"] == 4)
            let anomalies = try #require(json["anomalies"] as? [String: Int])
            #expect(anomalies["relationship_strength_nan"] == 1)
            #expect(anomalies["relationship_cross_character"] == 1)
            #expect(anomalies["relationship_self_loop"] == 1)
            #expect(anomalies["relationship_type_null"] == 1)
            #expect(anomalies["insight_content_null"] == 0)
            let examples = try #require(json["anomaly_examples"] as? [String: [Int]])
            #expect(examples["relationship_strength_nan"] == [102])
            let characters = try #require(json["characters"] as? [[String: Any]])
            #expect(characters.map { $0["normalized_name"] as? String } == ["elena", "marcus"])
            #expect(characters.map { $0["insights"] as? Int } == [2, 1])
            #expect(characters.map { $0["relationships"] as? Int } == [3, 1])  // by from-insight
            #expect(characters[0]["relationship_types"] as? [String: Int] == ["leads_to": 1, "supports": 1, "contradicts": 1])
            #expect(characters[1]["relationship_types"] as? [String: Int] == ["(null)": 1])
            #expect(characters[0]["insight_types"] as? [String: Int] == ["emotional_pattern": 1, "preference": 1])

            let subset = try Self.run(["stats", "--database", conninfo, "--format", "json", "--character", "marcus"])
            let subsetJSON = try #require(try JSONSerialization.jsonObject(with: Data(subset.stdout.utf8)) as? [String: Any])
            #expect((subsetJSON["totals"] as? [String: Int])?["insights"] == 1)
            #expect((subsetJSON["anomalies"] as? [String: Int])?["relationship_endpoint_outside_selection"] == 1)

            let table = try Self.run(["stats", "--database", conninfo])
            #expect(table.status == 0)
            #expect(table.stdout.contains("1   elena            Elena Rodriguez  2         3"))
        }
    }

    @Test func schemaPrintAndApply() throws {
        let printed = try Self.run(["schema", "print"])
        #expect(printed.status == 0)
        #expect(printed.stdout == SchemaDDL.seedSQL)
        try TestDatabase.with { conninfo in
            let first = try Self.run(["schema", "apply", "--database", conninfo])
            #expect(first.status == 0)
            #expect(first.stdout == """
                created characters
                created character_insights
                created character_insight_relationships
                created character_learning_timeline
                created index character_insights_triggers_gin
                created index character_insights_character_id_idx
                created index character_insight_relationships_from_idx
                created index character_insight_relationships_to_idx
                created index character_insights_discovery_date_idx
                created index character_insight_relationships_created_date_idx
                created index character_learning_timeline_learning_date_idx

                """)
            let second = try Self.run(["schema", "apply", "--database", conninfo])
            #expect(second.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("exists  ") }.count == 11)  // 4 tables + 7 indexes
            #expect(try Self.run(["stats", "--database", conninfo]).status == 0)
        }
    }
}
