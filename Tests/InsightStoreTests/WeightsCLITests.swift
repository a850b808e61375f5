import Foundation
import Testing

/// `--weights FILE.json` on retrieve and eval, flags over the file, and `tune` writing a file eval
/// accepts, on the demo export (Exports/demo.graphml) and the labelled demo set: no database needed.
@Suite struct WeightsCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let demo = root.appendingPathComponent("Exports/demo.graphml").path
    static let questions = root.appendingPathComponent("Tests/Relevance/demo-questions.jsonl").path

    func withDirectory(_ body: (URL) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ig-weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir)
    }

    /// `retrieve --now` takes an ISO-8601 instant as IGQ writes it, or seconds since 1970: both
    /// spellings of one instant give the same answer; anything else is refused naming the option.
    @Test func retrieveNowTakesISODatesAndSeconds() throws {
        let base = ["retrieve", "--source", Self.demo, "--character", "elena", "--message", "coral bleaching on the reef",
                    "--format", "json"]
        let iso = try CLITests.run(base + ["--now", "2025-03-01T00:00:00Z"])
        let date = try CLITests.run(base + ["--now", "2025-03-01"])
        let seconds = try CLITests.run(base + ["--now", "1740787200"])
        #expect(iso.status == 0 && date.status == 0 && seconds.status == 0, "\(iso.stderr)\(date.stderr)\(seconds.stderr)")
        func withoutMicros(_ text: String) -> String { text.replacingOccurrences(of: #""micros":\d+"#, with: "", options: .regularExpression) }
        #expect(withoutMicros(iso.stdout) == withoutMicros(seconds.stdout))
        #expect(withoutMicros(date.stdout) == withoutMicros(seconds.stdout))
        let bad = try CLITests.run(base + ["--now", "yesterday"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--now 'yesterday'"))
        let help = try CLITests.run(["retrieve", "--help"])
        let helpText = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(helpText.contains("except for retrieve, which ranks for exactly one"))
    }

    @Test func retrieveFlagsOverrideTheWeightsFile() throws {
        try withDirectory { dir in
            let file = dir.appendingPathComponent("w.json").path
            try ###"{"min_score": 1000, "prompt": {"heading": "## From the file", "template": "* {content}"}, "limit": 2}"###
                .write(toFile: file, atomically: true, encoding: .utf8)
            let base = ["retrieve", "--source", Self.demo, "--character", "elena", "--message", "I'm worried about coral bleaching on the reef",
                        "--format", "prompt", "--weights", file]
            let gated = try CLITests.run(base)
            #expect(gated.status == 0, "\(gated.stderr)")
            #expect(gated.stdout == "## From the file\n" || gated.stdout == "\n")
            let open = try CLITests.run(base + ["--min-score", "0.3"])
            #expect(open.status == 0, "\(open.stderr)")
            #expect(open.stdout.hasPrefix("## From the file\n* "))
            #expect(open.stdout.split(separator: "\n").count == 3)  // heading + limit 2 from the file
            let flags = try CLITests.run(base + ["--min-score", "0.3", "--heading", "## From the flag", "--limit", "3",
                                                 "--graph-boost", "0", "--recency-half-life-days", "30", "--method", "boost"])
            #expect(flags.status == 0, "\(flags.stderr)")
            #expect(flags.stdout.hasPrefix("## From the flag\n* "))
            #expect(flags.stdout.split(separator: "\n").count == 4)
            let badFlag = try CLITests.run(base + ["--damping", "1.5"])
            #expect(badFlag.status != 0)
            #expect(badFlag.stderr.contains("--damping"))
            try #"{"graph_bost": 1}"#.write(toFile: file, atomically: true, encoding: .utf8)
            let badFile = try CLITests.run(base)
            #expect(badFile.status != 0)
            #expect(badFile.stderr.contains("graph_bost: unknown option (known: "))
        }
    }

    @Test func tuneWritesAFileEvalAndRetrieveAccept() throws {
        try withDirectory { dir in
            let out = dir.appendingPathComponent("tuned.json").path
            let tune = try CLITests.run(["tune", "--source", Self.demo, "--questions", Self.questions, "--folds", "3", "--seed", "7",
                                         "--out", out])
            #expect(tune.status == 0, "\(tune.stderr)")
            #expect(tune.stdout.contains("held-out mean R@10"))
            #expect(tune.stdout.split(separator: "\n").filter { $0.hasPrefix("1 ") || $0.hasPrefix("2 ") || $0.hasPrefix("3 ") }.count == 3)
            let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
            #expect(written["graph_boost"] is Double)
            #expect((written["bm25"] as? [String: Any])?["k1"] is Double)
            let eval = try CLITests.run(["eval", "--source", Self.demo, "--questions", Self.questions, "--weights", out, "--format", "json",
                                         "--resamples", "10"])
            #expect(eval.status == 0, "\(eval.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
            let methods = try #require(report["methods"] as? [[String: Any]])
            let shipped = try #require(methods.first { $0["method"] as? String == "shipped" })
            let all = try #require((shipped["groups"] as? [[String: Any]])?.first)
            #expect(((all["recall"] as? [String: Double])?["10"] ?? 0) > 0.9)
            let retrieve = try CLITests.run(["retrieve", "--source", Self.demo, "--character", "elena", "--message", "sharks",
                                             "--weights", out, "--format", "json"])
            #expect(retrieve.status == 0, "\(retrieve.stderr)")
        }
    }

    /// `eval --seeds`: dense, hybrid and hybrid-no-relationships rows; a seeds file of the wrong length is refused.
    @Test func evalWithCallerSeeds() throws {
        try withDirectory { dir in
            let lines = try String(contentsOfFile: Self.questions, encoding: .utf8).split(separator: "\n").filter { !$0.isEmpty }
            // Seeds from the labels themselves (a perfect "vector store"), weight 0.9; fillers get none.
            var seeds = ""
            for line in lines {
                let q = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let ids = (q["relevant_insight_ids"] as? [Int]) ?? []
                seeds += #"{"seeds": [\#(ids.map { "[\($0), 0.9]" }.joined(separator: ", "))]}"# + "\n"
            }
            let file = dir.appendingPathComponent("seeds.jsonl").path
            try seeds.write(toFile: file, atomically: true, encoding: .utf8)
            let eval = try CLITests.run(["eval", "--source", Self.demo, "--questions", Self.questions, "--seeds", file, "--format", "json",
                                         "--resamples", "10"])
            #expect(eval.status == 0, "\(eval.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
            let methods = try #require(report["methods"] as? [[String: Any]])
            let names = methods.compactMap { $0["method"] as? String }
            #expect(names.contains("dense") && names.contains("hybrid") && names.contains("hybrid-no-relationships"))
            let dense = try #require(methods.first { $0["method"] as? String == "dense" })
            #expect((((dense["groups"] as? [[String: Any]])?.first?["recall"] as? [String: Double])?["10"] ?? 0) > 0.99)
            let short = dir.appendingPathComponent("short.jsonl").path
            try #"{"seeds": []}"#.write(toFile: short, atomically: true, encoding: .utf8)
            let bad = try CLITests.run(["eval", "--source", Self.demo, "--questions", Self.questions, "--seeds", short])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("seed lines for"))
        }
    }
}
