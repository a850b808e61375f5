/// `insightgraph ingest FILE.jsonl`: one JSON object per line (see ``IngestRecordDecoder``),
/// written through one ``IngestSession``. Blank lines are ignored; a bad line becomes an
/// ``IngestProblem`` naming its line number and column, and is skipped (or, with `strict`,
/// makes the whole file be refused).
public enum JSONLIngest {
    /// Reads `path` (`-` for standard input) and writes it. `progress` gets the lines read so far,
    /// about every 100,000 lines.
    public static func ingest(
        path: String, connection: Connection, options: IngestOptions,
        progress: ((Int) -> Void)? = nil
    ) throws(IngestError) -> IngestSummary {
        let reader = try LineReader(path: path)
        let session = try InsightWriter(connection: connection, options: options).begin()
        let decoder = IngestRecordDecoder()
        var lineNumber = 0
        while let line = reader.next() {
            lineNumber += 1
            if let progress, lineNumber % 100_000 == 0 { progress(lineNumber) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            switch decoder.decode(line: line, lineNumber: lineNumber) {
            case let .success(record): try session.add(record, line: lineNumber)
            case let .failure(problem): session.reject(problem)
            }
        }
        if reader.failed {
            throw .unreadableInput(path: path, message: "read error after line \(lineNumber)")  // session rolls back in deinit
        }
        return try session.finish()
    }
}
