/// How an ingest behaves.
public struct IngestOptions: Sendable, Equatable {
    /// Records per COPY + upsert round.
    public var batchSize: Int
    /// Refuse everything (write nothing) when any record has a problem.
    public var strict: Bool
    /// Create characters that do not exist yet (name = normalized_name) instead of refusing their lines.
    public var createMissingCharacters: Bool
    /// Report the ids of the rows written in ``IngestSummary/writtenIds`` (a service refreshes just
    /// those rows); off for bulk ingests, where the list would be as long as the input.
    public var collectWrittenIds: Bool

    public init(batchSize: Int = 20_000, strict: Bool = false, createMissingCharacters: Bool = false,
                collectWrittenIds: Bool = false) {
        self.batchSize = max(1, batchSize)
        self.strict = strict
        self.createMissingCharacters = createMissingCharacters
        self.collectWrittenIds = collectWrittenIds
    }
}

/// The one safe way to write what a character learned: insights, relationships between them, and
/// learning events, in one transaction per call.
///
/// Merge rules (an insight is identified by `UNIQUE(character_id, insight_content)`):
/// - `confidence_score`, `importance_level`: the higher value is kept;
/// - `discovery_date`: the earlier one;
/// - `triggers`, `supporting_evidence`: the union — stored elements first, then new ones not yet present;
/// - `insight_type`, `conversation_context`, `emotional_valence`: the stored value, or the new one when NULL.
/// Absent fields take the column defaults before merging (importance 5, dates now, strength 0.5),
/// so merging a record equals merging the row it would insert. Relationships are de-duplicated on
/// (from, to, type) — with or without the production UNIQUE constraint — keeping the higher
/// strength and the earlier date; learning events already recorded are not recorded again.
/// Writers take one advisory lock for the length of their transaction, so concurrent ingests
/// wait for each other rather than deadlock; no row is lost. Applying the same input twice leaves
/// the same state.
///
/// For a service: `try InsightWriter(connection: c).write(records)` with records decoded by
/// ``IngestRecordDecoder`` (give it the character from the URL).
public struct InsightWriter {
    public let connection: Connection
    public var options: IngestOptions

    public init(connection: Connection, options: IngestOptions = IngestOptions()) {
        self.connection = connection
        self.options = options
    }

    /// Starts a transaction for a stream of records (``IngestSession/add(_:line:)`` then ``IngestSession/finish()``).
    public func begin() throws(IngestError) -> IngestSession {
        try IngestSession(connection: connection, options: options)
    }

    /// Writes `records` in one transaction; problems name the record's 1-based index as `line`.
    public func write(_ records: [IngestRecord]) throws(IngestError) -> IngestSummary {
        let session = try begin()
        for (index, record) in records.enumerated() { try session.add(record, line: index + 1) }
        return try session.finish()
    }
}
