import Foundation
import Testing
@testable import InsightStore

/// `insightgraph retrieve` and `insightgraph bench` against a real database (TestDatabase.fixtureRows:
/// elena 10 "reefs" (conf 0.9, triggers ocean, Reef) and 11 "science" (0.75), 10→11 0.8, 11→10 0.4;
/// marcus 12 (0.6, triggers ai, safety)).
@Suite struct RetrievalCLITests {
    static let setup = SchemaDDL.seedSQL + TestDatabase.fixtureRows

    /// A new, empty directory under the system's temporary one (the caller removes it).
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func retrieveJSONExplainsItsResults() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let run = try CLITests.run(["retrieve", "--database", conninfo, "--character", "Elena",
                                        "--message", "Tell me about the REEF", "--format", "json", "--now", "1750000000"])
            #expect(run.status == 0, "\(run.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(json["character"] as? String == "elena")
            #expect(json["micros"] is Int)
            let results = try #require(json["results"] as? [[String: Any]])
            #expect(results.compactMap { $0["id"] as? Int }.sorted() == [10, 11])
            let eleven = try #require(results.first { $0["id"] as? Int == 11 })
            #expect(eleven["path"] as? [Int] == [10, 11])
            #expect(eleven["path_types"] as? [String] == ["leads_to"])
            let components = try #require(eleven["components"] as? [String: Double])
            #expect(components["confidence"] == 0.75)
            #expect((eleven["seeds"] as? [[String: Any]])?.first?["id"] as? Int == 10)
            let prompt = try #require(json["prompt"] as? String)
            #expect(prompt.hasPrefix("## What you have learned about yourself\n- "))
            #expect(prompt.contains("I light up talking about reefs"))
        }
    }

    /// `--min-score` gates the whole answer: above the best score nothing comes back and the prompt is empty.
    @Test func retrieveMinScoreGates() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let base = ["retrieve", "--database", conninfo, "--character", "elena", "--message", "Tell me about the REEF", "--format", "prompt"]
            let open = try CLITests.run(base)
            #expect(open.status == 0)
            #expect(open.stdout.contains("I light up talking about reefs"))
            let gated = try CLITests.run(base + ["--min-score", "100"])
            #expect(gated.status == 0)
            #expect(gated.stdout == "\n")
            let filler = try CLITests.run(["retrieve", "--database", conninfo, "--character", "elena", "--message", "thanks, that's all for now",
                                           "--format", "prompt"])
            #expect(filler.stdout == "\n")
            let bad = try CLITests.run(base + ["--min-score", "-1"])
            #expect(bad.status != 0)
        }
    }

    /// `eval` against PostgreSQL runs the seed project's SQL as a baseline too; fillers are counted apart.
    @Test func evalRunsEveryRankerIncludingTheSeedSQL() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let dir = try Self.temporaryDirectory("ig-eval")
            defer { try? FileManager.default.removeItem(at: dir) }
            let questions = dir.appendingPathComponent("questions.jsonl")
            try """
            {"character": "elena", "message": "Tell me about the reef", "category": "direct", "relevant_insight_ids": [10]}
            {"character": "elena", "message": "How do you explain science?", "category": "direct", "relevant_insight_ids": [11]}
            {"character": "elena", "message": "thanks, that's all for now", "category": "filler", "relevant_insight_ids": []}
            """.write(to: questions, atomically: true, encoding: .utf8)
            let run = try CLITests.run(["eval", "--database", conninfo, "--questions", questions.path, "--format", "json",
                                        "--resamples", "50"])
            #expect(run.status == 0, "\(run.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(json["questions"] as? Int == 2)
            #expect(json["fillers"] as? Int == 1)
            let methods = try #require(json["methods"] as? [[String: Any]])
            #expect(methods.compactMap { $0["method"] as? String }
                    == ["shipped", "shipped-no-relationships", "shipped-no-diversity", "pagerank-push", "bm25", "seed-sql", "random"])
            let shipped = try #require(methods.first)
            #expect(shipped["fillers_empty"] as? Int == 1)
            let all = try #require((shipped["groups"] as? [[String: Any]])?.first)
            #expect((all["recall"] as? [String: Double])?["10"] == 1)
            #expect(all["mrr10"] as? Double == 1)
            let sql = try #require(methods.first { $0["method"] as? String == "seed-sql" })
            let sqlAll = try #require((sql["groups"] as? [[String: Any]])?.first)
            #expect((sqlAll["recall"] as? [String: Double])?["10"] == 1)  // both questions share a word with their insight
            #expect((json["intervals"] as? [Any])?.count == 2)
            let table = try CLITests.run(["eval", "--database", conninfo, "--questions", questions.path, "--resamples", "50"])
            #expect(table.stdout.contains("shipped − bm25, recall@10"))
        }
    }

    /// The seed SQL's word arrays are parameters: every element quoted, quotes and backslashes escaped.
    @Test func seedSQLArrayLiteral() {
        #expect(SeedProjectRetrieval.arrayLiteral([]) == "{}")
        #expect(SeedProjectRetrieval.arrayLiteral(["reef", "%ocean%"]) == "{\"reef\",\"%ocean%\"}")
        #expect(SeedProjectRetrieval.arrayLiteral(["a\"b\\c", "NULL"]) == "{\"a\\\"b\\\\c\",\"NULL\"}")
    }

    @Test func retrieveRejectsBadSeedsAndNames() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let other = try CLITests.run(["retrieve", "--database", conninfo, "--character", "elena", "--message", "x", "--seed", "12:1"])
            #expect(other.status == 1)
            #expect(other.stderr.contains("seed insight 12 is not loaded"))  // only elena is loaded
            let malformed = try CLITests.run(["retrieve", "--database", conninfo, "--character", "elena", "--message", "x", "--seed", "ten"])
            #expect(malformed.status == 1)
            #expect(malformed.stderr.contains("--seed 'ten'"))
            let none = try CLITests.run(["retrieve", "--database", conninfo, "--message", "x"])
            #expect(none.status == 1)
            #expect(none.stderr.contains("exactly one --character"))
            let prompt = try CLITests.run(["retrieve", "--database", conninfo, "--character", "elena", "--message", "nothing matches", "--format", "prompt"])
            #expect(prompt.status == 0)
            #expect(prompt.stdout == "\n")
        }
    }

    /// R-HOP for "Science?": seed 11; best(10) = max(0.8, 0.4) = 0.8 → scores 11: 0.75, 10: 0.72.
    /// R-PPR: x11 = 3/20 + d·x10, x10 = d·x11 → 0.5405, 0.4595; × conf: 11: 0.4054, 10: 0.4135.
    @Test func benchWritesTheSpecsAnswers() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let dir = try Self.temporaryDirectory("ig-bench")
            defer { try? FileManager.default.removeItem(at: dir) }
            let queries = dir.appendingPathComponent("queries.jsonl")
            try """
            {"character": "elena", "message": "Science?"}
            {"character": "marcus", "message": "AI safety"}
            {"character": "nobody", "message": "science"}

            {"character": "elena", "message": "nothing here"}
            """.write(to: queries, atomically: true, encoding: .utf8)
            let expected: [String: [[Int]]] = ["hop": [[11, 10], [12], [], []], "ppr": [[10, 11], [12], [], []]]
            for (task, flags) in [("hop", []), ("ppr", ["--exact"]), ("ppr", [])] as [(String, [String])] {
                let answers = dir.appendingPathComponent("\(task).jsonl")
                let run = try CLITests.run(["bench", "--database", conninfo, "--queries", queries.path, "--task", task,
                                            "--answers", answers.path, "--format", "json"] + flags)
                #expect(run.status == 0, "\(run.stderr)")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
                #expect(json["task"] as? String == task)
                #expect(json["queries"] as? Int == 4)
                #expect(json["p50_us"] is Double && json["p99_us"] is Double)
                #expect(json["cpu_p50_us"] is Double && json["cpu_p99_us"] is Double)
                let lines = try String(contentsOf: answers, encoding: .utf8).split(separator: "\n")
                #expect(lines.first == (task == "hop" ? "{\"q\": 0, \"ids\": [11, 10]}" : "{\"q\": 0, \"ids\": [10, 11]}"))
                let ids = try lines.map { line in
                    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["ids"] as? [Int]
                }
                #expect(ids == expected[task]!)
            }
            try "{\"character\": \"elena\", \"message\": \"x\"}\n{\"character\": 3}\n".write(to: queries, atomically: true, encoding: .utf8)
            let bad = try CLITests.run(["bench", "--database", conninfo, "--queries", queries.path, "--task", "hop"])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("queries.jsonl line 2"))
        }
    }

    /// `bench --task igq`: a prompt-style query and retrieve, timed per message; the rows the
    /// query returned are counted (elena's "Science?" seeds 11, which reaches 10: two rows;
    /// marcus's "AI safety": 12 alone), and a query that fails (the default one names `builds_on`,
    /// a type the fixture lacks) names itself and exits 1.
    @Test func benchComparesIGQWithRetrieve() throws {
        try TestDatabase.with(setup: Self.setup) { conninfo in
            let dir = try Self.temporaryDirectory("ig-bench-igq")
            defer { try? FileManager.default.removeItem(at: dir) }
            let queries = dir.appendingPathComponent("queries.jsonl")
            try "{\"character\": \"elena\", \"message\": \"Science?\"}\n{\"character\": \"marcus\", \"message\": \"AI safety\"}\n"
                .write(to: queries, atomically: true, encoding: .utf8)
            // The prompt-style query over the fixture's two relationship types (VIA names only known types).
            let promptStyle = "FROM CHARACTER $c SEED MESSAGE $m EXPAND 2 HOPS VIA supports, leads_to MIN STRENGTH 0.3 BOTH "
                + "RANK BY ppr(damping: 0.85) * confidence LIMIT 10 RETURN id, score"
            let run = try CLITests.run(["bench", "--database", conninfo, "--queries", queries.path, "--task", "igq",
                                        "--query", promptStyle, "--format", "json"])
            #expect(run.status == 0, "\(run.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(json["task"] as? String == "igq")
            #expect(json["queries"] as? Int == 2)
            #expect(json["rows"] as? Int == 3)
            for key in ["p50_us", "p99_us", "cpu_p50_us", "retrieve_p50_us", "retrieve_p99_us", "retrieve_cpu_p50_us", "ratio_p50"] {
                #expect((json[key] as? Double).map { $0 > 0 } == true, "\(key)")
            }
            let table = try CLITests.run(["bench", "--database", conninfo, "--queries", queries.path, "--task", "igq",
                                          "--query", "FROM CHARACTER $c SEED MESSAGE $m LIMIT 1 RETURN id"])
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout.contains("igq p50 / retrieve p50") && table.stdout.contains("(2 rows returned)"))
            let bad = try CLITests.run(["bench", "--database", conninfo, "--queries", queries.path, "--task", "igq"])
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("--query:1:") && bad.stderr.contains("builds_on"), "\(bad.stderr)")
            let answers = try CLITests.run(["bench", "--database", conninfo, "--queries", queries.path, "--task", "igq",
                                            "--answers", dir.appendingPathComponent("a.jsonl").path])
            #expect(answers.status == 1)
            #expect(answers.stderr.contains("--answers"))
        }
    }
}
