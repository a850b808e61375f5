import InsightStore

/// The body of a `POST /v1/characters/{name}/insights` answer: the ingest summary with the keys of
/// `insightgraph ingest --format json`, problems placed by record `index` (0-based) rather than
/// file line, and the ids of the rows written (inserted or changed).
struct BatchResponse: Encodable {
    struct Counts: Encodable {
        var inserted: Int, merged: Int, unchanged: Int, merged_in_input: Int
    }
    struct TimelineCounts: Encodable {
        var inserted: Int, unchanged: Int, merged_in_input: Int
    }
    struct Ids: Encodable {
        var insights: [Int], relationships: [Int], timeline: [Int]
    }
    struct Problem: Encodable {
        /// 0-based position of the record in the batch.
        var index: Int
        /// NDJSON bodies: the line, and the column within it.
        var line: Int?
        var column: Int?
        var field: String?
        var reason: String
        /// `body[2].confidence_score: 1.5 is outside 0.0...1.0`
        var message: String
    }

    var character: String
    var committed: Bool
    var records_read: Int
    var skipped: Int
    var insights: Counts
    var relationships: Counts
    var timeline: TimelineCounts
    var characters_created: Int
    var written_ids: Ids
    var problems: [Problem]

    init(_ result: BatchWriteResult, batch: RecordBatch) {
        let s = result.summary
        character = result.character
        committed = s.committed
        records_read = s.recordsRead
        skipped = s.problems.count
        insights = Counts(inserted: s.insightsInserted, merged: s.insightsMerged, unchanged: s.insightsUnchanged,
                          merged_in_input: s.insightsMergedInInput)
        relationships = Counts(inserted: s.relationshipsInserted, merged: s.relationshipsMerged,
                               unchanged: s.relationshipsUnchanged, merged_in_input: s.relationshipsMergedInInput)
        timeline = TimelineCounts(inserted: s.timelineInserted, unchanged: s.timelineUnchanged,
                                  merged_in_input: s.timelineMergedInInput)
        characters_created = s.charactersCreated
        written_ids = Ids(insights: s.writtenIds.insights.sorted(), relationships: s.writtenIds.relationships.sorted(),
                          timeline: s.writtenIds.timeline.sorted())
        problems = s.problems.map { Self.problem($0, batch: batch) }
    }

    /// The writer numbers records from 1 (`line`); clients see the 0-based index and, for NDJSON, the line.
    static func problem(_ problem: IngestProblem, batch: RecordBatch) -> Problem {
        let index = min(max(problem.line - 1, 0), max(batch.records.count - 1, 0))
        let lines = batch.shape == .lines
        var place = batch.place(of: index)
        if let field = problem.field { place += lines ? " (\(field))" : ".\(field)" }
        return Problem(index: index, line: lines ? batch.records[index].line : nil, column: lines ? problem.column : nil,
                       field: problem.field, reason: problem.reason, message: "\(place): \(problem.reason)")
    }
}
