/// `insightgraph ingest FILE.jsonl`: one JSON object per line (see ``IngestRecordDecoder``),
/// written through one ``IngestSession``. Blank lines are ignored; a bad line becomes an
/// ``IngestProblem`` naming its line number and column, and is skipped (or, with `strict`,
/// makes the whole file be refused). Lines are decoded on a second thread
/// (``LineDecodingPipeline``) while this one writes.
public enum JSONLIngest {
    /// Reads `path` (`-` for standard input) and writes it. `progress` gets the number of the
    /// last line handled, about every 100,000 lines.
    public static func ingest(
        path: String, connection: Connection, options: IngestOptions,
        progress: ((Int) -> Void)? = nil
    ) throws(IngestError) -> IngestSummary {
        let reader = try LineReader(path: path)
        let session = try InsightWriter(connection: connection, options: options).begin()
        let pipeline = LineDecodingPipeline(reader: reader, decoder: IngestRecordDecoder())
        defer { pipeline.close() }
        var reported = 0
        while let chunk = pipeline.next() {
            for (line, result) in chunk {
                switch result {
                case let .success(record): try session.add(record, line: line)
                case let .failure(problem): session.reject(problem)
                }
            }
            if let progress, let last = chunk.last?.line, last / 100_000 > reported {
                reported = last / 100_000
                progress(last)
            }
        }
        if let line = pipeline.readError {
            throw .unreadableInput(path: path, message: "read error after line \(line)")  // the session rolls back
        }
        return try session.finish()
    }
}
