/// The four tables InsightGraph reads; the raw value is the table's name.
public enum CharacterTable: String, CaseIterable, Sendable {
    case characters
    case insights = "character_insights"
    case relationships = "character_insight_relationships"
    case timeline = "character_learning_timeline"

    /// Its columns, their types and the order rows are decoded in.
    var spec: TableSpec {
        switch self {
        case .characters: return .characters
        case .insights: return .insights
        case .relationships: return .relationships
        case .timeline: return .timeline
        }
    }
}

/// The tables and columns InsightGraph reads, in the order rows are decoded: the one description
/// the loader's COPY, the change reader's SELECTs and ``RowDecoder`` all follow.
///
/// Other columns are ignored. Each column accepts a family of PostgreSQL types (so the seed and
/// production variants, and near variants such as `real` or `bigint`, load as they are); any
/// other type is cast on the server to the family's canonical type.
struct TableSpec: Sendable {
    var table: CharacterTable
    var columns: [ColumnSpec]
    /// Loaded only when present (`character_learning_timeline`).
    var isOptional = false
    /// The date a change reader polls as a second watermark (an update that touches it shows).
    var dateColumn: String?

    var name: String { table.rawValue }
    var columnNames: [String] { columns.map(\.name) }

    static let characters = TableSpec(table: .characters, columns: [
        .init("id", .integer), .init("name", .text), .init("normalized_name", .text),
    ])

    static let insights = TableSpec(table: .insights, columns: [
        .init("id", .integer), .init("character_id", .integer), .init("insight_type", .text),
        .init("insight_content", .text), .init("confidence_score", .float), .init("discovery_date", .timestamp),
        .init("conversation_context", .text), .init("importance_level", .integer),
        .init("emotional_valence", .float), .init("triggers", .textArray), .init("supporting_evidence", .textArray),
    ], dateColumn: "discovery_date")

    static let relationships = TableSpec(table: .relationships, columns: [
        .init("id", .integer), .init("from_insight_id", .integer), .init("to_insight_id", .integer),
        .init("relationship_type", .text), .init("strength", .float), .init("created_date", .timestamp),
    ], dateColumn: "created_date")

    static let timeline = TableSpec(table: .timeline, columns: [
        .init("id", .integer), .init("character_id", .integer), .init("learning_event", .text),
        .init("learning_type", .text), .init("before_state", .text), .init("after_state", .text),
        .init("trigger_conversation", .text), .init("learning_date", .timestamp), .init("significance_score", .float),
    ], isOptional: true, dateColumn: "learning_date")

    static let all: [TableSpec] = CharacterTable.allCases.map(\.spec)
}

struct ColumnSpec: Sendable {
    var name: String
    var kind: ColumnKind
    init(_ name: String, _ kind: ColumnKind) {
        self.name = name
        self.kind = kind
    }
}

enum ColumnKind: Sendable {
    case integer, float, text, timestamp, textArray

    /// `pg_type.typname`s whose text output the parsers read directly.
    var acceptedTypes: Set<String> {
        switch self {
        case .integer: return ["int2", "int4", "int8"]
        case .float: return ["float4", "float8", "numeric", "int2", "int4", "int8"]
        case .text: return ["text", "varchar", "bpchar", "name", "citext"]
        case .timestamp: return ["timestamp", "timestamptz", "date"]
        case .textArray: return ["_text", "_varchar", "_bpchar", "_name", "_citext"]
        }
    }

    /// The cast applied to any other type.
    var canonicalType: String {
        switch self {
        case .integer: return "int8"
        case .float: return "float8"
        case .text: return "text"
        case .timestamp: return "timestamptz"
        case .textArray: return "text[]"
        }
    }
}

/// `"name"` with embedded quotes doubled, for identifiers that come from our own constants.
func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingQuotes() + "\""
}

private extension String {
    func replacingQuotes() -> String {
        var out = ""
        for character in self { out += character == "\"" ? "\"\"" : String(character) }
        return out
    }
}
