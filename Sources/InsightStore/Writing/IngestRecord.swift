import InsightGraph

/// One thing to write: an insight, a relationship between two insights, or a learning event.
/// Field names follow the tables' own columns; `character` is the character's `normalized_name`.
public enum IngestRecord: Sendable, Equatable {
    case insight(InsightRecord)
    case relationship(RelationshipRecord)
    case timeline(TimelineRecord)

    public var character: String {
        switch self {
        case let .insight(record): return record.character
        case let .relationship(record): return record.character
        case let .timeline(record): return record.character
        }
    }
}

/// A row for `character_insights`. Absent values take the column defaults (importance 5,
/// discovery date now) before merging; see ``InsightWriter`` for the merge rules.
public struct InsightRecord: Sendable, Equatable {
    public var character: String
    public var content: String
    public var insightType: String?
    public var confidence: Double?
    public var discoveryDate: Timestamp?
    public var conversationContext: String?
    public var importance: Int?
    public var emotionalValence: Double?
    /// Distinct, in order of first appearance.
    public var triggers: [String]?
    public var supportingEvidence: [String]?

    public init(
        character: String, content: String, insightType: String? = nil, confidence: Double? = nil,
        discoveryDate: Timestamp? = nil, conversationContext: String? = nil, importance: Int? = nil,
        emotionalValence: Double? = nil, triggers: [String]? = nil, supportingEvidence: [String]? = nil
    ) {
        self.character = character
        self.content = content
        self.insightType = insightType
        self.confidence = confidence
        self.discoveryDate = discoveryDate
        self.conversationContext = conversationContext
        self.importance = importance
        self.emotionalValence = emotionalValence
        self.triggers = triggers
        self.supportingEvidence = supportingEvidence
    }
}

/// How a relationship names one of its ends: an existing row id, or the content of an insight of
/// the same character (in the database, or written in the same ingest).
public enum InsightReference: Sendable, Equatable {
    case id(Int)
    case content(String)
}

/// A row for `character_insight_relationships`. `strength` defaults to 0.5, `createdDate` to now.
public struct RelationshipRecord: Sendable, Equatable {
    public var character: String
    public var from: InsightReference
    public var to: InsightReference
    public var relationshipType: String
    public var strength: Double?
    public var createdDate: Timestamp?

    public init(
        character: String, from: InsightReference, to: InsightReference, relationshipType: String,
        strength: Double? = nil, createdDate: Timestamp? = nil
    ) {
        self.character = character
        self.from = from
        self.to = to
        self.relationshipType = relationshipType
        self.strength = strength
        self.createdDate = createdDate
    }
}

/// A row for `character_learning_timeline`. `learningDate` defaults to now.
public struct TimelineRecord: Sendable, Equatable {
    public var character: String
    public var learningEvent: String
    public var learningType: String?
    public var beforeState: String?
    public var afterState: String?
    public var triggerConversation: String?
    public var learningDate: Timestamp?
    public var significance: Double?

    public init(
        character: String, learningEvent: String, learningType: String? = nil, beforeState: String? = nil,
        afterState: String? = nil, triggerConversation: String? = nil, learningDate: Timestamp? = nil,
        significance: Double? = nil
    ) {
        self.character = character
        self.learningEvent = learningEvent
        self.learningType = learningType
        self.beforeState = beforeState
        self.afterState = afterState
        self.triggerConversation = triggerConversation
        self.learningDate = learningDate
        self.significance = significance
    }
}

/// Why one input line (or record) was not written: its 1-based line number, the column and
/// field when known, and a reason a user can act on.
public struct IngestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int?
    public var field: String?
    public var reason: String

    public init(line: Int, column: Int? = nil, field: String? = nil, reason: String) {
        self.line = line
        self.column = column
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var place = "line \(line)"
        if let column { place += ", column \(column)" }
        if let field { place += " (\(field))" }
        return "\(place): \(reason)"
    }
}
