import InsightStore

/// Writes one character's batch for `POST /v1/characters/{name}/insights` (PostgreSQL in
/// production: ``PostgresBatchWriter``). Throws ``BatchWriteError``.
public protocol BatchWriter: Sendable {
    func write(_ batch: RecordBatch, character: String, strict: Bool) async throws -> BatchWriteResult
}

/// What a batch did. Problems name the record's 1-based position in the batch as their `line`
/// (the route turns it into the 0-based `index` clients see).
public struct BatchWriteResult: Sendable {
    /// The character's `normalized_name` as stored (the path may differ in case).
    public var character: String
    public var summary: IngestSummary

    public init(character: String, summary: IngestSummary) {
        self.character = character
        self.summary = summary
    }
}

/// Why a whole batch was not written (a bad record is an ``IngestProblem`` in the summary instead).
public enum BatchWriteError: Error, Sendable, CustomStringConvertible {
    /// No character has this `normalized_name` (compared case-insensitively).
    case unknownCharacter(String)
    /// The database failed or refused the ingest; nothing was written.
    case ingest(IngestError)

    public var description: String {
        switch self {
        case let .unknownCharacter(name): return "no character named '\(name)'"
        case let .ingest(error): return error.description
        }
    }
}
