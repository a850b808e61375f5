import InsightGraph

/// The body of `GET /v1/characters`: one entry per character.
struct CharacterSummary: Encodable {
    var id: Int
    var name: String?
    var normalized_name: String?
    var insights: Int
    var learning_events: Int

    init(index: Int, graph: GraphSnapshot) {
        let character = graph.characters[index]
        id = character.id
        name = character.name
        normalized_name = character.normalizedName
        insights = graph.nodes(ofCharacter: index).count
        learning_events = graph.learningEvents(ofCharacter: index).count
    }
}

/// The body of `GET /v1/characters/{name}/stats`, computed from one snapshot.
struct CharacterStats: Encodable {
    struct Dates: Encodable { var first: String?; var last: String? }

    var character: CharacterSummary
    /// Relationships leaving the character's insights (to its own or, flagged, to others').
    var relationships: Int
    var cross_character_relationships: Int
    var insight_types: [String: Int]
    var relationship_types: [String: Int]
    var distinct_triggers: Int
    /// Mean of the non-NULL confidence scores; `null` when there are none.
    var mean_confidence: Double?
    var discovery_dates: Dates
    var snapshot_generation: Int

    init(index: Int, served: ServedSnapshot) {
        let graph = served.graph
        character = CharacterSummary(index: index, graph: graph)
        var relationships = 0, cross = 0
        var insightTypes: [String: Int] = [:], relationshipTypes: [String: Int] = [:]
        var confidenceSum = 0.0, confidenceCount = 0
        var first: Timestamp?, last: Timestamp?
        for node in graph.nodes(ofCharacter: index) {
            let insight = graph.insight(at: node)
            insightTypes[insight.type ?? "null", default: 0] += 1
            if let confidence = insight.confidence, confidence.isFinite {
                confidenceSum += confidence
                confidenceCount += 1
            }
            if let date = insight.discoveryDate {
                first = min(first ?? date, date)
                last = max(last ?? date, date)
            }
            for adjacency in graph.outgoing(node) {
                relationships += 1
                if graph.edgeFlags[Int(adjacency.edge)].contains(.crossCharacter) { cross += 1 }
                relationshipTypes[graph.relationshipType(ofEdge: adjacency.edge) ?? "null", default: 0] += 1
            }
        }
        self.relationships = relationships
        cross_character_relationships = cross
        insight_types = insightTypes
        relationship_types = relationshipTypes
        distinct_triggers = graph.triggers(ofCharacter: index).count
        mean_confidence = confidenceCount == 0 ? nil : confidenceSum / Double(confidenceCount)
        discovery_dates = Dates(first: first?.iso8601, last: last?.iso8601)
        snapshot_generation = served.generation
    }
}
