import InsightGraph
import InsightStore

/// Reads selected rows of the four tables with plain parameterised SELECTs (small batches, unlike
/// the full load's COPY): rows by id (after a notification) or past a watermark (polling).
struct ChangeReader {
    let connection: Connection
    let timelinePresent: Bool

    enum Table: String, CaseIterable, Sendable {
        case characters
        case insights = "character_insights"
        case relationships = "character_insight_relationships"
        case timeline = "character_learning_timeline"

        /// Columns in model order, cast to the types the decoders expect.
        var selectList: String {
            switch self {
            case .characters: return "id::bigint, name::text, normalized_name::text"
            case .insights:
                return "id::bigint, character_id::bigint, insight_type::text, insight_content::text, "
                    + "confidence_score::float8, discovery_date, conversation_context::text, importance_level::bigint, "
                    + "emotional_valence::float8, triggers::text[], supporting_evidence::text[]"
            case .relationships:
                return "id::bigint, from_insight_id::bigint, to_insight_id::bigint, relationship_type::text, "
                    + "strength::float8, created_date"
            case .timeline:
                return "id::bigint, character_id::bigint, learning_event::text, learning_type::text, before_state::text, "
                    + "after_state::text, trigger_conversation::text, learning_date, significance_score::float8"
            }
        }

        /// The date column polled as a second watermark (catches updates that touch it).
        var dateColumn: String? {
            switch self {
            case .characters: return nil
            case .insights: return "discovery_date"
            case .relationships: return "created_date"
            case .timeline: return "learning_date"
            }
        }
    }

    /// Rows whose id is in `ids`; ids not returned no longer exist.
    func rows(of table: Table, ids: Set<Int>, into changes: inout ChangeSet) throws -> Set<Int> {
        guard !ids.isEmpty, table != .timeline || timelinePresent else { return [] }
        let list = "{" + ids.sorted().map(String.init).joined(separator: ",") + "}"
        let result = try connection.execute(
            "SELECT \(table.selectList) FROM \(table.rawValue) WHERE id = ANY($1::bigint[])", [list])
        return try decode(result, table: table, into: &changes)
    }

    /// Rows with `id > afterId` (a primary-key range scan).
    func rows(of table: Table, afterId: Int, into changes: inout ChangeSet) throws -> Set<Int> {
        guard table != .timeline || timelinePresent else { return [] }
        let sql = "SELECT \(table.selectList) FROM \(table.rawValue) WHERE id > $1"
        return try decode(try connection.execute(sql, [String(afterId)]), table: table, into: &changes)
    }

    /// Rows with `date >= sinceDate` and `id <= throughId` (those above are read by id), for tables
    /// with a date column. Without an index on the column this scans the table.
    func rows(of table: Table, sinceDate: Timestamp, throughId: Int, into changes: inout ChangeSet) throws -> Set<Int> {
        guard let column = table.dateColumn, table != .timeline || timelinePresent else { return [] }
        let sql = "SELECT \(table.selectList) FROM \(table.rawValue) WHERE \(column) >= $1::timestamptz AND id <= $2"
        return try decode(try connection.execute(sql, [sinceDate.iso8601, String(throughId)]), table: table, into: &changes)
    }

    /// Appends the decoded rows to `changes` and returns their ids.
    private func decode(_ result: QueryResult, table: Table, into changes: inout ChangeSet) throws -> Set<Int> {
        var ids = Set<Int>()
        for row in 0..<result.rowCount {
            guard let id = result.int(row, 0) else { continue }
            ids.insert(id)
            switch table {
            case .characters:
                changes.characters.append(Character(id: id, name: result.string(row, 1), normalizedName: result.string(row, 2)))
            case .insights:
                changes.insights.append(Insight(
                    id: id, characterId: result.int(row, 1), type: result.string(row, 2), content: result.string(row, 3),
                    confidence: result.double(row, 4), discoveryDate: try timestamp(result, row, 5, table),
                    conversationContext: result.string(row, 6), importance: result.int(row, 7),
                    emotionalValence: result.double(row, 8), triggers: try array(result, row, 9, table),
                    supportingEvidence: try array(result, row, 10, table)))
            case .relationships:
                changes.relationships.append(Relationship(
                    id: id, fromInsightId: result.int(row, 1), toInsightId: result.int(row, 2),
                    type: result.string(row, 3), strength: result.double(row, 4),
                    createdDate: try timestamp(result, row, 5, table)))
            case .timeline:
                changes.learningEvents.append(LearningEvent(
                    id: id, characterId: result.int(row, 1), event: result.string(row, 2),
                    learningType: result.string(row, 3), beforeState: result.string(row, 4),
                    afterState: result.string(row, 5), triggerConversation: result.string(row, 6),
                    learningDate: try timestamp(result, row, 7, table), significance: result.double(row, 8)))
            }
        }
        return ids
    }

    private func timestamp(_ result: QueryResult, _ row: Int, _ column: Int, _ table: Table) throws -> Timestamp? {
        guard let text = result.string(row, column) else { return nil }
        do {
            return try TimestampParser.parse(Array(text.utf8))
        } catch {
            throw StoreError.badValue(table: table.rawValue, column: "column \(column + 1)", rowId: result.int(row, 0),
                                      message: error.description)
        }
    }

    private func array(_ result: QueryResult, _ row: Int, _ column: Int, _ table: Table) throws -> [String?]? {
        guard let text = result.string(row, column) else { return nil }
        do {
            return try ArrayParser.parse(Array(text.utf8))
        } catch {
            throw StoreError.badValue(table: table.rawValue, column: "column \(column + 1)", rowId: result.int(row, 0),
                                      message: error.description)
        }
    }
}
