import InsightGraph

/// A column the importer understands, found by a key's `for` and `attr.name` (never by key id, so
/// files re-saved by NetworkX, yEd or Gephi, which renumber keys, still map).
enum GraphMLColumn: Int, CaseIterable {
    // Nodes.
    case kind, label, rowId, characterId
    case insightType, insightContent, confidence, discoveryDate, conversationContext, importance, valence
    case triggers, evidence
    case name, normalizedName
    case learningEvent, learningType, beforeState, afterState, triggerConversation, learningDate, significance
    // Edges (kind, label and rowId are shared).
    case weight, relationshipType, strength, createdDate

    /// How the column's text is parsed (independently of the key's declared attr.type).
    enum Format { case string, integer, int32, double, timestamp, list }

    var format: Format {
        switch self {
        case .rowId, .characterId: return .integer
        case .importance: return .int32
        case .confidence, .valence, .significance, .weight, .strength: return .double
        case .discoveryDate, .learningDate, .createdDate: return .timestamp
        case .triggers, .evidence: return .list
        default: return .string
        }
    }

    /// `for="all"` keys may serve both; resolved per element.
    static func find(element: GraphMLDomain, name: String) -> GraphMLColumn? {
        element == .edge ? edgeColumns[name] : nodeColumns[name]
    }

    private static let nodeColumns: [String: GraphMLColumn] = [
        "kind": .kind, "label": .label, "db_id": .rowId, "character_id": .characterId,
        "insight_type": .insightType, "insight_content": .insightContent, "confidence_score": .confidence,
        "discovery_date": .discoveryDate, "conversation_context": .conversationContext,
        "importance_level": .importance, "emotional_valence": .valence, "triggers": .triggers,
        "supporting_evidence": .evidence, "name": .name, "normalized_name": .normalizedName,
        "learning_event": .learningEvent, "learning_type": .learningType, "before_state": .beforeState,
        "after_state": .afterState, "trigger_conversation": .triggerConversation,
        "learning_date": .learningDate, "significance_score": .significance,
    ]

    private static let edgeColumns: [String: GraphMLColumn] = [
        "kind": .kind, "label": .label, "db_id": .rowId, "weight": .weight,
        "relationship_type": .relationshipType, "strength": .strength, "created_date": .createdDate,
    ]
}

/// A value read from one element's `<data>` children, parsed into its column's type.
enum GraphMLValue {
    case string(String)
    case integer(Int)
    case double(Double)
    case timestamp(Timestamp)
    case list([String?])
}

/// The parsed column values of one node or edge.
struct GraphMLRow {
    /// Indexed by column (no hashing on the per-value path).
    private var slots = [GraphMLValue?](repeating: nil, count: GraphMLColumn.allCases.count)

    subscript(_ column: GraphMLColumn) -> GraphMLValue? {
        get { slots[column.rawValue] }
        set { slots[column.rawValue] = newValue }
    }

    func string(_ column: GraphMLColumn) -> String? {
        if case .string(let v)? = self[column] { return v }
        return nil
    }
    func integer(_ column: GraphMLColumn) -> Int? {
        if case .integer(let v)? = self[column] { return v }
        return nil
    }
    func double(_ column: GraphMLColumn) -> Double? {
        if case .double(let v)? = self[column] { return v }
        return nil
    }
    func timestamp(_ column: GraphMLColumn) -> Timestamp? {
        if case .timestamp(let v)? = self[column] { return v }
        return nil
    }
    func list(_ column: GraphMLColumn) -> [String?]? {
        if case .list(let v)? = self[column] { return v }
        return nil
    }
}
