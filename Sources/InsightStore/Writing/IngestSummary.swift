/// What an ingest did. When ``committed`` is false nothing was written (`--strict` and a problem).
public struct IngestSummary: Sendable, Equatable {
    public var committed = false
    /// Records handed to the writer (lines with a problem included).
    public var recordsRead = 0

    /// New rows in `character_insights`.
    public var insightsInserted = 0
    /// Existing insights whose values changed by the merge.
    public var insightsMerged = 0
    /// Existing insights the merge left as they were (e.g. a second ingest of the same file).
    public var insightsUnchanged = 0
    /// Insight records folded into an earlier record of the same input (same character and content).
    public var insightsMergedInInput = 0

    public var relationshipsInserted = 0
    public var relationshipsMerged = 0
    public var relationshipsUnchanged = 0
    public var relationshipsMergedInInput = 0

    public var timelineInserted = 0
    /// Events already recorded (same character, event and date), not written again.
    public var timelineUnchanged = 0
    public var timelineMergedInInput = 0

    public var charactersCreated = 0
    /// normalized_names of the characters whose rows this ingest wrote (for cache invalidation).
    public var charactersWritten: [String] = []
    /// Records not written, in line order.
    public var problems: [IngestProblem] = []
    /// Rows inserted or changed (with ``IngestOptions/collectWrittenIds``; empty unless committed).
    public var writtenIds = WrittenRowIds()

    public init() {}

    /// Rows written or confirmed: insights + relationships + timeline events that reached the database.
    public var rowsApplied: Int {
        insightsInserted + insightsMerged + insightsUnchanged + relationshipsInserted + relationshipsMerged
            + relationshipsUnchanged + timelineInserted + timelineUnchanged
    }
}

/// Ids of the rows an ingest inserted or changed, per table. Rows the merge left as they were
/// are not listed.
public struct WrittenRowIds: Sendable, Equatable {
    public var insights: [Int] = []
    public var relationships: [Int] = []
    public var timeline: [Int] = []

    public init() {}

    public var isEmpty: Bool { insights.isEmpty && relationships.isEmpty && timeline.isEmpty }

    /// The ids of an `int8[]` column in text form (`{1,2,3}`); NULL is none.
    static func parse(_ text: String?) -> [Int] {
        guard let text else { return [] }
        return text.split(whereSeparator: { $0 == "{" || $0 == "}" || $0 == "," }).compactMap { Int($0) }
    }
}

/// Errors that stop an ingest as a whole (a bad line is an ``IngestProblem`` instead).
/// Nothing is written when one is thrown: the transaction is rolled back.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    case database(StoreError)
    /// The upsert needs this unique constraint, which the seed schema has.
    case missingUniqueConstraint(table: String, columns: [String])
    /// The input file could not be opened or read.
    case unreadableInput(path: String, message: String)
    /// The session was used after ``IngestSession/finish()``.
    case sessionFinished

    public var description: String {
        switch self {
        case let .database(error): return error.description
        case let .missingUniqueConstraint(table, columns):
            return "table \(table) has no UNIQUE(\(columns.joined(separator: ", "))) constraint, which ingest merges on; "
                + "add it (see `insightgraph schema print`) and retry"
        case let .unreadableInput(path, message): return "cannot read \(path): \(message)"
        case .sessionFinished: return "the ingest session is already finished"
        }
    }
}

/// Runs a database call, wrapping its error.
@inline(__always) @discardableResult
func database<T>(_ body: () throws(StoreError) -> T) throws(IngestError) -> T {
    do { return try body() } catch { throw .database(error) }
}
