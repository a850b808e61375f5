import Foundation
import Testing
@testable import InsightStore

/// `insightgraph ingest` and `schema check` / `apply --production` as a user runs them.
@Suite struct IngestCLITests {
    typealias S = IngestTestSupport

    @Test func ingestExitCodesAndJSON() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + S.characters) { conninfo in
            let good = try S.file([S.insight("elena", "a", #""confidence_score":0.5"#), S.insight("elena", "b")])
            let bad = try S.file([S.insight("elena", "c"), #"{"kind":"insight","character":"elena","insight_content":7}"#])
            defer { for path in [good, bad] { try? FileManager.default.removeItem(atPath: path) } }

            let ok = try CLITests.run(["ingest", good, "--database", conninfo, "--format", "json"])
            #expect(ok.status == 0)
            let json = try #require(JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
            #expect(json["committed"] as? Bool == true)
            #expect((json["insights"] as? [String: Int])?["inserted"] == 2)

            let refused = try CLITests.run(["ingest", bad, "--strict", "--database", conninfo])
            #expect(refused.status == 5)
            #expect(refused.stderr == "insightgraph: line 2, column 57 (insight_content): expected a string, found a number\n")
            #expect(refused.stdout.contains("refused        nothing written"))
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights") == "2")

            let skipped = try CLITests.run(["ingest", bad, "--database", conninfo])
            #expect(skipped.status == 6)
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights") == "3")

            let missing = try CLITests.run(["ingest", "/nonexistent/in.jsonl", "--database", conninfo])
            #expect(missing.status == 1)
            #expect(missing.stderr == "insightgraph: cannot read /nonexistent/in.jsonl: No such file or directory\n")
        }
    }

    /// `--strict` lists every problem of the file, also relationships whose ends do not resolve.
    @Test func strictListsRelationshipProblemsToo() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + S.characters) { conninfo in
            let path = try S.file([
                #"{"kind":"insight","character":"elena","insight_content":7}"#,
                S.insight("elena", "kept aside"),
                #"{"kind":"relationship","character":"elena","from_content":"kept aside","to_content":"nowhere","relationship_type":"supports"}"#,
            ])
            defer { try? FileManager.default.removeItem(atPath: path) }
            let refused = try CLITests.run(["ingest", path, "--strict", "--database", conninfo])
            #expect(refused.status == 5)
            #expect(refused.stderr == "insightgraph: line 1, column 57 (insight_content): expected a string, found a number\n"
                + "insightgraph: line 3 (to_content): no insight of this character has this content (in the database or this input)\n")
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights") == "0")
        }
    }

    @Test func ingestReadsStandardInput() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + S.characters) { conninfo in
            let path = try S.file([S.insight("marcus", "from stdin")])
            defer { try? FileManager.default.removeItem(atPath: path) }
            let process = Process()
            process.executableURL = CLITests.binary
            process.arguments = ["ingest", "-", "--database", conninfo, "--format", "json"]
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            process.standardOutput = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(try S.scalar(conninfo, "SELECT count(*) FROM character_insights WHERE insight_content = 'from stdin'") == "1")
        }
    }

    @Test func schemaCheckAndProductionFromTheCommandLine() throws {
        let setup = SchemaDDL.seedSQL + S.characters + """
        INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score) VALUES (7, 1, NULL, 'x', 0.5);
        """
        try TestDatabase.with(setup: setup) { conninfo in
            let differs = try CLITests.run(["schema", "check", "--database", conninfo, "--format", "json"])
            #expect(differs.status == 7)
            let json = try #require(JSONSerialization.jsonObject(with: Data(differs.stdout.utf8)) as? [String: Any])
            #expect(json["identical"] as? Bool == false)
            #expect((json["differences"] as? [[String: Any]])?.count == 7)  // the seven recommended indexes

            let refused = try CLITests.run(["schema", "apply", "--production", "--database", conninfo])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("NOT NULL character_insights.insight_type — 1 row(s) break it, ids 7"))
            let stillDiffers = try CLITests.run(["schema", "check", "--database", conninfo])
            #expect(stillDiffers.status == 7)  // the failed --production run added no index either

            #expect(try CLITests.run(["schema", "apply", "--database", conninfo]).status == 0)
            let same = try CLITests.run(["schema", "check", "--database", conninfo])
            #expect(same.status == 0 && same.stdout == "identical to the seed schema\n")
        }
    }
}
