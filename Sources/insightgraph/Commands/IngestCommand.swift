import ArgumentParser
import Foundation
import InsightStore

/// `insightgraph ingest FILE.jsonl [--strict]`: writes insights, relationships and learning events
/// from JSON Lines through ``InsightWriter`` (merge rules documented there and in README "Ingest").
///
/// Exit codes: 0 every line written; 5 `--strict` refused the file (nothing written);
/// 6 some lines were skipped (the rest written); 2/3 as for every command (database, schema).
///
/// JSON (`--format json`, keys sorted): `{"committed", "records_read", "skipped",
/// "insights": {"inserted","merged","unchanged","merged_in_input"},
/// "relationships": {"inserted","merged","unchanged","merged_in_input"},
/// "timeline": {"inserted","unchanged","merged_in_input"}, "characters_created",
/// "problems": [{"line","column"?,"field"?,"reason"}], "elapsed_seconds", "rows_per_second"}`.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Write insights, relationships and learning events from a JSON Lines file (merging on conflicts).",
        discussion: """
        One JSON object per line: "kind" (insight, relationship or timeline), "character" (its normalized_name) \
        and the table's own column names. A relationship names its ends by from_insight_id/to_insight_id or \
        from_content/to_content (insights of the same character). Insights merge on (character, content): \
        higher confidence and importance, union of triggers and evidence, earliest discovery date.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: ArgumentHelp("The JSON Lines file; - reads standard input.", valueName: "file.jsonl"))
    var file: String

    @Flag(name: .long, help: "Refuse the whole file (write nothing) if any line has a problem.")
    var strict = false

    @Flag(name: .long, help: "Create characters that do not exist (name = normalized_name) instead of skipping their lines.")
    var createCharacters = false

    @Option(name: .long, help: "Records per COPY + upsert round.")
    var batchSize = 20_000

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    @Flag(name: .long, help: "No progress display.")
    var quiet = false

    @OptionGroup var database: DatabaseOptions

    static let refusedExitCode: Int32 = 5
    static let skippedExitCode: Int32 = 6

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let connection = try database.connect()
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        let started = Date()
        let summary: IngestSummary
        do {
            summary = try JSONLIngest.ingest(
                path: file, connection: connection,
                options: IngestOptions(batchSize: batchSize, strict: strict, createMissingCharacters: createCharacters),
                progress: showProgress ? { lines in
                    let rate = Double(lines) / max(Date().timeIntervalSince(started), 0.001)
                    FileHandle.standardError.write(Data("\r\u{1B}[Kingesting: \(lines) lines, \(Int(rate)) lines/s".utf8))
                } : nil)
        } catch {
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            if case let .database(inner) = error { throw inner }  // exit codes 2/3 for connection and schema
            FileHandle.standardError.write(Data("insightgraph: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let elapsed = Date().timeIntervalSince(started)
        switch format {
        case .json:
            let data = try JSONSerialization.data(withJSONObject: Self.json(summary, elapsed: elapsed), options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        case .table:
            print(Self.table(summary, elapsed: elapsed), terminator: "")
            Self.reportProblems(summary.problems)
        }
        if !summary.committed { throw ExitCode(Self.refusedExitCode) }
        if !summary.problems.isEmpty { throw ExitCode(Self.skippedExitCode) }
    }

    static func rowsPerSecond(_ summary: IngestSummary, elapsed: Double) -> Int {
        Int(Double(summary.rowsApplied) / max(elapsed, 0.001))
    }

    static func json(_ s: IngestSummary, elapsed: Double) -> [String: Any] {
        [
            "committed": s.committed, "records_read": s.recordsRead, "skipped": s.problems.count,
            "insights": ["inserted": s.insightsInserted, "merged": s.insightsMerged, "unchanged": s.insightsUnchanged,
                         "merged_in_input": s.insightsMergedInInput],
            "relationships": ["inserted": s.relationshipsInserted, "merged": s.relationshipsMerged,
                              "unchanged": s.relationshipsUnchanged, "merged_in_input": s.relationshipsMergedInInput],
            "timeline": ["inserted": s.timelineInserted, "unchanged": s.timelineUnchanged, "merged_in_input": s.timelineMergedInInput],
            "characters_created": s.charactersCreated,
            "problems": s.problems.map { problem -> [String: Any] in
                var object: [String: Any] = ["line": problem.line, "reason": problem.reason]
                if let column = problem.column { object["column"] = column }
                if let field = problem.field { object["field"] = field }
                return object
            },
            "elapsed_seconds": (elapsed * 1000).rounded() / 1000,
            "rows_per_second": rowsPerSecond(s, elapsed: elapsed),
        ]
    }

    static func table(_ s: IngestSummary, elapsed: Double) -> String {
        var out = "insights       \(s.insightsInserted) inserted, \(s.insightsMerged) merged, \(s.insightsUnchanged) unchanged, \(s.insightsMergedInInput) merged within the input\n"
        out += "relationships  \(s.relationshipsInserted) inserted, \(s.relationshipsMerged) merged, \(s.relationshipsUnchanged) unchanged, \(s.relationshipsMergedInInput) merged within the input\n"
        out += "timeline       \(s.timelineInserted) inserted, \(s.timelineUnchanged) already recorded, \(s.timelineMergedInInput) merged within the input\n"
        if s.charactersCreated > 0 { out += "characters     \(s.charactersCreated) created\n" }
        out += "skipped        \(s.problems.count) line(s)\n"
        let time = String(format: "%.2f s, %d rows/s", elapsed, rowsPerSecond(s, elapsed: elapsed))
        out += s.committed ? "committed      \(s.recordsRead) records in \(time)\n"
            : "refused        nothing written (--strict and \(s.problems.count) problem line(s))\n"
        return out
    }

    /// Problems go to stderr, at most 100 (all of them are in `--format json`).
    static func reportProblems(_ problems: [IngestProblem]) {
        var text = ""
        for problem in problems.prefix(100) { text += "insightgraph: \(problem)\n" }
        if problems.count > 100 { text += "insightgraph: ... and \(problems.count - 100) more (all in --format json)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
