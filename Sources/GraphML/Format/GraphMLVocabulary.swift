/// The columns InsightGraph writes, and reads back by `attr.name`.
///
/// Node rows come from three tables, told apart by `kind`; edges are relationships plus, optionally,
/// `has_insight` (character → insight) and `learned` (character → learning event) links.
enum GraphMLVocabulary {
    static let isoDesc = "ISO-8601 timestamp in UTC ending in Z (infinity / -infinity for PostgreSQL's infinite timestamps)"
    static let listDesc = "text[] as a JSON array string, e.g. [\"calm\",null]; control characters inside are \\u escapes"
    static let doubleDesc = "double; NaN, Infinity and -Infinity are written literally"

    enum NodeKind: String { case insight, character, learningEvent = "learning_event" }
    enum EdgeKind: String { case relationship, hasInsight = "has_insight", learned }

    // Node keys shared by every kind.
    static let nodeKind = GraphMLKey(id: "n_kind", domain: .node, name: "kind", type: .string,
                                     desc: "which table the node's row comes from: insight (character_insights), character (characters) or learning_event (character_learning_timeline)")
    static let nodeLabel = GraphMLKey(id: "n_label", domain: .node, name: "label", type: .string,
                                      desc: "display text: insight content shortened to \(labelLength) characters, a character's name, or a learning event shortened")
    static let nodeRowId = GraphMLKey(id: "n_db_id", domain: .node, name: "db_id", type: .long,
                                      desc: "the row's id in its table (see kind)")
    static let characterId = GraphMLKey(id: "n_character_id", domain: .node, name: "character_id", type: .long, desc: nil)

    // Insights.
    static let insightType = GraphMLKey(id: "n_insight_type", domain: .node, name: "insight_type", type: .string, desc: nil)
    static let insightContent = GraphMLKey(id: "n_insight_content", domain: .node, name: "insight_content", type: .string, desc: nil)
    static let confidence = GraphMLKey(id: "n_confidence_score", domain: .node, name: "confidence_score", type: .double, desc: doubleDesc)
    static let discoveryDate = GraphMLKey(id: "n_discovery_date", domain: .node, name: "discovery_date", type: .string, desc: isoDesc)
    static let conversationContext = GraphMLKey(id: "n_conversation_context", domain: .node, name: "conversation_context", type: .string, desc: nil)
    static let importance = GraphMLKey(id: "n_importance_level", domain: .node, name: "importance_level", type: .int, desc: nil)
    static let valence = GraphMLKey(id: "n_emotional_valence", domain: .node, name: "emotional_valence", type: .double, desc: doubleDesc)
    static let triggers = GraphMLKey(id: "n_triggers", domain: .node, name: "triggers", type: .string, desc: listDesc)
    static let evidence = GraphMLKey(id: "n_supporting_evidence", domain: .node, name: "supporting_evidence", type: .string, desc: listDesc)

    // Characters.
    static let characterName = GraphMLKey(id: "n_name", domain: .node, name: "name", type: .string, desc: nil)
    static let normalizedName = GraphMLKey(id: "n_normalized_name", domain: .node, name: "normalized_name", type: .string, desc: nil)

    // Learning events.
    static let learningEvent = GraphMLKey(id: "n_learning_event", domain: .node, name: "learning_event", type: .string, desc: nil)
    static let learningType = GraphMLKey(id: "n_learning_type", domain: .node, name: "learning_type", type: .string, desc: nil)
    static let beforeState = GraphMLKey(id: "n_before_state", domain: .node, name: "before_state", type: .string, desc: nil)
    static let afterState = GraphMLKey(id: "n_after_state", domain: .node, name: "after_state", type: .string, desc: nil)
    static let triggerConversation = GraphMLKey(id: "n_trigger_conversation", domain: .node, name: "trigger_conversation", type: .string, desc: nil)
    static let learningDate = GraphMLKey(id: "n_learning_date", domain: .node, name: "learning_date", type: .string, desc: isoDesc)
    static let significance = GraphMLKey(id: "n_significance_score", domain: .node, name: "significance_score", type: .double, desc: doubleDesc)

    // Edges.
    static let edgeKind = GraphMLKey(id: "e_kind", domain: .edge, name: "kind", type: .string,
                                     desc: "relationship (character_insight_relationships), has_insight (character to insight) or learned (character to learning event)")
    static let edgeLabel = GraphMLKey(id: "e_label", domain: .edge, name: "label", type: .string,
                                      desc: "the relationship type (has_insight / learned for the other kinds)")
    static let weight = GraphMLKey(id: "e_weight", domain: .edge, name: "weight", type: .double,
                                   desc: "the relationship's strength as stored (not clamped); NaN and infinities literal; absent when NULL")
    static let edgeRowId = GraphMLKey(id: "e_db_id", domain: .edge, name: "db_id", type: .long,
                                      desc: "the relationship's id in character_insight_relationships")
    static let relationshipType = GraphMLKey(id: "e_relationship_type", domain: .edge, name: "relationship_type", type: .string, desc: nil)
    static let strength = GraphMLKey(id: "e_strength", domain: .edge, name: "strength", type: .double, desc: doubleDesc)
    static let createdDate = GraphMLKey(id: "e_created_date", domain: .edge, name: "created_date", type: .string, desc: isoDesc)

    static let labelLength = 80

    static let insightKeys = [nodeKind, nodeLabel, nodeRowId, characterId, insightType, insightContent, confidence,
                              discoveryDate, conversationContext, importance, valence, triggers, evidence]
    static let characterKeys = [characterName, normalizedName]
    static let timelineKeys = [learningEvent, learningType, beforeState, afterState, triggerConversation,
                               learningDate, significance]
    static let edgeKeys = [edgeKind, edgeLabel, weight, edgeRowId, relationshipType, strength, createdDate]

    /// yEd's graphics keys (yed flavour only).
    static let yedNodeGraphicsId = "y_nodegraphics"
    static let yedEdgeGraphicsId = "y_edgegraphics"

    /// Display text cut to ``labelLength`` characters, ending in "…" when cut.
    static func shortLabel(_ text: String) -> String {
        // Index arithmetic stops after labelLength characters, so long contents cost nothing extra.
        guard let end = text.index(text.startIndex, offsetBy: labelLength, limitedBy: text.endIndex),
              end < text.endIndex else { return text }
        return String(text.prefix(labelLength - 1)) + "…"
    }
}
