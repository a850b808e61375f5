/// Counts that describe a snapshot: totals, per-character sizes and type histograms.
///
/// A character's `relationships` are the loaded edges whose *from* insight belongs to it (so every
/// edge is counted once, under its source; cross-character edges count for the source's character).
/// NULL types are counted under ``nullTypeKey``.
public struct GraphStatistics: Sendable, Equatable {
    public static let nullTypeKey = "(null)"

    public struct CharacterCounts: Sendable, Equatable {
        public var id: Int
        public var name: String?
        public var normalizedName: String?
        public var insights: Int
        public var relationships: Int
        public var insightTypes: [String: Int]
        public var relationshipTypes: [String: Int]
    }

    public var characters: [CharacterCounts]
    public var insights: Int
    public var relationships: Int
    /// Insights whose character is NULL or unknown, and edges leaving them.
    public var unassignedInsights: Int
    public var unassignedRelationships: Int

    public init(_ graph: GraphSnapshot) {
        insights = graph.nodeCount
        relationships = graph.edgeCount
        var perCharacter: [CharacterCounts] = graph.characters.map {
            CharacterCounts(id: $0.id, name: $0.name, normalizedName: $0.normalizedName, insights: 0,
                            relationships: 0, insightTypes: [:], relationshipTypes: [:])
        }
        for (index, _) in graph.characters.enumerated() {
            let nodes = graph.nodes(ofCharacter: index)
            perCharacter[index].insights = nodes.count
            for node in nodes {
                perCharacter[index].insightTypes[graph.insight(at: node).type ?? Self.nullTypeKey, default: 0] += 1
            }
        }
        unassignedInsights = graph.orphanNodes.count
        unassignedRelationships = 0
        // Counted by interned type code (no string hashing per edge), named at the end.
        let typeCount = graph.relationshipTypes.count
        var typeCounts = [Int](repeating: 0, count: graph.characters.count * typeCount)
        for edge in 0..<graph.edgeCount {
            let owner = graph.nodeCharacter[Int(graph.edgeFrom[edge])]
            guard owner >= 0 else {
                unassignedRelationships += 1
                continue
            }
            perCharacter[Int(owner)].relationships += 1
            typeCounts[Int(owner) * typeCount + Int(graph.edgeTypeCodes[edge])] += 1
        }
        for character in 0..<perCharacter.count {
            for code in 0..<typeCount where typeCounts[character * typeCount + code] > 0 {
                let name = graph.relationshipTypes[code] ?? Self.nullTypeKey
                perCharacter[character].relationshipTypes[name, default: 0] += typeCounts[character * typeCount + code]
            }
        }
        characters = perCharacter
    }
}
