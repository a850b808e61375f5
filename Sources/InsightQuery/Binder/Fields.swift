/// Columns of `character_insights` as IGQ names them (aliases: the table's own column names).
enum InsightField: String, CaseIterable, Hashable, Sendable {
    case id, characterId = "character_id", character, type, content, confidence
    case discoveryDate = "discovery_date", conversationContext = "conversation_context", importance
    case emotionalValence = "emotional_valence", triggers, supportingEvidence = "supporting_evidence"

    var type: ValueType {
        switch self {
        case .id, .characterId, .importance: return .integer
        case .confidence, .emotionalValence: return .number
        case .character, .type, .content, .conversationContext: return .text
        case .discoveryDate: return .timestamp
        case .triggers, .supportingEvidence: return .textList
        }
    }

    static let aliases: [String: InsightField] = [
        "insight_type": .type, "insight_content": .content, "confidence_score": .confidence,
        "importance_level": .importance, "valence": .emotionalValence,
    ]
}

/// Columns of `character_insight_relationships`, plus `from_<field>` / `to_<field>` for the insights
/// at either end (`to_type = 'preference'`).
enum RelationshipField: Hashable, Sendable {
    case id, fromId, toId, type, strength, createdDate
    case from(InsightField)
    case to(InsightField)

    static let own: [(String, RelationshipField)] = [
        ("id", .id), ("from_id", .fromId), ("to_id", .toId), ("type", .type), ("strength", .strength),
        ("created_date", .createdDate),
    ]
    static let aliases: [String: RelationshipField] = [
        "from_insight_id": .fromId, "to_insight_id": .toId, "relationship_type": .type,
    ]

    var type: ValueType {
        switch self {
        case .id, .fromId, .toId: return .integer
        case .type: return .text
        case .strength: return .number
        case .createdDate: return .timestamp
        case .from(let f), .to(let f): return f.type
        }
    }

    var name: String {
        switch self {
        case .from(let f): return "from_" + f.rawValue
        case .to(let f): return "to_" + f.rawValue
        default: return Self.own.first { $0.1 == self }!.0
        }
    }
}

/// Columns of `character_learning_timeline`.
enum EventField: String, CaseIterable, Hashable, Sendable {
    case id, event, learningType = "learning_type", beforeState = "before_state", afterState = "after_state"
    case triggerConversation = "trigger_conversation", date, significance, character

    var type: ValueType {
        switch self {
        case .id: return .integer
        case .significance: return .number
        case .date: return .timestamp
        default: return .text
        }
    }

    static let aliases: [String: EventField] = [
        "learning_event": .event, "learning_date": .date, "significance_score": .significance,
    ]
}

/// What a `WHERE` filters: decides which field names are valid there.
enum FieldContext: Hashable, Sendable {
    case insight, relationship, event

    var noun: String {
        switch self {
        case .insight: return "insight"
        case .relationship: return "relationship"
        case .event: return "timeline"
        }
    }
}

/// A field resolved in its context.
enum FieldRef: Hashable, Sendable {
    case insight(InsightField)
    case relationship(RelationshipField)
    case event(EventField)

    var type: ValueType {
        switch self {
        case .insight(let f): return f.type
        case .relationship(let f): return f.type
        case .event(let f): return f.type
        }
    }

    var name: String {
        switch self {
        case .insight(let f): return f.rawValue
        case .relationship(let f): return f.name
        case .event(let f): return f.rawValue
        }
    }

    /// Resolves a (case-insensitive) name in a context.
    static func resolve(_ name: String, in context: FieldContext) -> FieldRef? {
        let key = name.lowercased()
        switch context {
        case .insight:
            return (InsightField(rawValue: key) ?? InsightField.aliases[key]).map(FieldRef.insight)
        case .event:
            return (EventField(rawValue: key) ?? EventField.aliases[key]).map(FieldRef.event)
        case .relationship:
            if let own = RelationshipField.own.first(where: { $0.0 == key })?.1 ?? RelationshipField.aliases[key] {
                return .relationship(own)
            }
            for (prefix, make) in [("from_", RelationshipField.from), ("to_", RelationshipField.to)] where key.hasPrefix(prefix) {
                let rest = String(key.dropFirst(prefix.count))
                if let field = InsightField(rawValue: rest) ?? InsightField.aliases[rest] {
                    return .relationship(make(field))
                }
            }
            return nil
        }
    }

    /// The names offered as "did you mean" candidates in a context.
    static func names(in context: FieldContext) -> [String] {
        switch context {
        case .insight: return InsightField.allCases.map(\.rawValue)
        case .event: return EventField.allCases.map(\.rawValue)
        case .relationship:
            return RelationshipField.own.map(\.0) + InsightField.allCases.flatMap { ["from_" + $0.rawValue, "to_" + $0.rawValue] }
        }
    }
}
