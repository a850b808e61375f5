/// Why a row was flagged or skipped while building a graph.
///
/// Real databases hold rows the seed schema allows but no one intended (NULL ends, NaN strengths,
/// edges to deleted insights). None of them is fatal: each is counted here with a few example ids,
/// and ``action`` says what the builder did with the row. The raw values are the JSON keys of
/// `insightgraph stats --format json`.
public enum AnomalyReason: String, CaseIterable, Sendable, Comparable {
    case characterDuplicateId = "character_duplicate_id"
    case characterNormalizedNameNull = "character_normalized_name_null"
    case characterNormalizedNameDuplicate = "character_normalized_name_duplicate"
    case insightDuplicateId = "insight_duplicate_id"
    case insightCharacterNull = "insight_character_null"
    case insightCharacterUnknown = "insight_character_unknown"
    case insightContentNull = "insight_content_null"
    case insightConfidenceOutOfRange = "insight_confidence_out_of_range"
    case insightImportanceOutOfRange = "insight_importance_out_of_range"
    case relationshipDuplicateId = "relationship_duplicate_id"
    case relationshipEndpointNull = "relationship_endpoint_null"
    case relationshipEndpointNotFound = "relationship_endpoint_not_found"
    case relationshipEndpointOutsideSelection = "relationship_endpoint_outside_selection"
    case relationshipCrossCharacter = "relationship_cross_character"
    case relationshipSelfLoop = "relationship_self_loop"
    case relationshipParallelDuplicate = "relationship_parallel_duplicate"
    case relationshipTypeNull = "relationship_type_null"
    case relationshipStrengthNull = "relationship_strength_null"
    case relationshipStrengthNaN = "relationship_strength_nan"
    case relationshipStrengthInfinite = "relationship_strength_infinite"
    case relationshipStrengthNegative = "relationship_strength_negative"
    case relationshipStrengthAboveOne = "relationship_strength_above_one"
    case timelineDuplicateId = "timeline_duplicate_id"
    case timelineCharacterNull = "timeline_character_null"
    case timelineCharacterUnknown = "timeline_character_unknown"

    /// What the builder does with such a row.
    public enum Action: String, Sendable {
        /// Loaded as stored; counted so the reader knows.
        case kept
        /// Loaded and marked (an edge flag or a neutral value used for scoring).
        case flagged
        /// Not loaded: the graph cannot hold it.
        case skipped
    }

    public var action: Action {
        switch self {
        case .characterDuplicateId, .insightDuplicateId, .relationshipDuplicateId, .timelineDuplicateId,
             .relationshipEndpointNull, .relationshipEndpointNotFound, .relationshipEndpointOutsideSelection:
            return .skipped
        case .relationshipCrossCharacter, .relationshipSelfLoop, .relationshipStrengthNull,
             .relationshipStrengthNaN, .relationshipStrengthInfinite, .relationshipStrengthNegative,
             .relationshipStrengthAboveOne, .insightConfidenceOutOfRange, .insightImportanceOutOfRange:
            return .flagged
        case .characterNormalizedNameNull, .characterNormalizedNameDuplicate, .insightCharacterNull,
             .insightCharacterUnknown, .insightContentNull, .relationshipParallelDuplicate,
             .relationshipTypeNull, .timelineCharacterNull, .timelineCharacterUnknown:
            return .kept
        }
    }

    /// The table whose row ids appear in ``AnomalyReport/examples``.
    public var table: String {
        switch self {
        case .characterDuplicateId, .characterNormalizedNameNull, .characterNormalizedNameDuplicate:
            return "characters"
        case .insightDuplicateId, .insightCharacterNull, .insightCharacterUnknown, .insightContentNull,
             .insightConfidenceOutOfRange, .insightImportanceOutOfRange:
            return "character_insights"
        case .timelineDuplicateId, .timelineCharacterNull, .timelineCharacterUnknown:
            return "character_learning_timeline"
        default:
            return "character_insight_relationships"
        }
    }

    public static func < (lhs: AnomalyReason, rhs: AnomalyReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Counts of anomalies by reason, with up to ``maxExamples`` row ids each (the first seen).
public struct AnomalyReport: Sendable, Equatable {
    public static let maxExamples = 5

    public private(set) var counts: [AnomalyReason: Int] = [:]
    public private(set) var examples: [AnomalyReason: [Int]] = [:]

    public init() {}

    public mutating func record(_ reason: AnomalyReason, rowId: Int) {
        counts[reason, default: 0] += 1
        if examples[reason, default: []].count < Self.maxExamples {
            examples[reason, default: []].append(rowId)
        }
    }

    public func count(_ reason: AnomalyReason) -> Int { counts[reason] ?? 0 }

    public var total: Int { counts.values.reduce(0, +) }

    /// Reasons present, in a stable order.
    public var reasons: [AnomalyReason] { counts.keys.sorted() }
}
