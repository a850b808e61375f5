/// One character's records as a service receives them: JSON texts, written in one transaction.
extension InsightWriter {
    /// Decodes each of `records` (one JSON object each, through ``IngestRecordDecoder`` with the
    /// character) and writes them in one transaction; a record that does not decode becomes an
    /// ``IngestProblem`` naming its 1-based position as `line`.
    ///
    /// - Parameter character: compared with `normalized_name` ignoring case (an exact match first).
    /// - Returns: the character's stored `normalized_name` and the summary; `nil` when no character
    ///   has this name (nothing is written).
    public func write(
        jsonRecords records: [[UInt8]], character: String
    ) throws(IngestError) -> (character: String, summary: IngestSummary)? {
        let found: PostgresResult
        do {
            found = try connection.execute(WriterSQL.findCharacterIgnoringCase, [character])
        } catch {
            throw .database(error)
        }
        guard found.rowCount == 1, let name = found.string(0, 0) else { return nil }
        let decoder = IngestRecordDecoder(character: name)
        let session = try begin()
        for (index, record) in records.enumerated() {
            switch decoder.decode(line: record, lineNumber: index + 1) {
            case let .success(decoded): try session.add(decoded, line: index + 1)
            case let .failure(problem): session.reject(problem)
            }
        }
        return (name, try session.finish())
    }
}
