import InsightGraph

/// The small fixed graph the IGQ and HTTP harnesses run against: two characters with typed,
/// dated insights, a few relationships (one of them a contradiction) and timeline events, so the
/// binder, planner and executor have names, fields and edges to resolve.
public enum FuzzGraph {
    static func day(_ y: Int64, _ m: Int64, _ d: Int64) -> Timestamp { Timestamp.utc(year: y, month: m, day: d)! }

    /// When `recency()` measures from, fixed so runs repeat.
    public static let now = day(2025, 6, 1)

    public static let snapshot: GraphSnapshot = {
        var b = GraphBuilder()
        b.add(Character(id: 1, name: "Elena Rodriguez", normalizedName: "elena"))
        b.add(Character(id: 2, name: "Marcus Thompson", normalizedName: "marcus"))
        b.add(Character(id: 3, name: nil, normalizedName: nil))
        b.add(Insight(id: 10, characterId: 1, type: "emotional_pattern", content: "I feel calm near the ocean",
                      confidence: 0.9, discoveryDate: day(2025, 1, 10), importance: 8, emotionalValence: 0.6,
                      triggers: ["ocean", "marine conservation"]))
        b.add(Insight(id: 11, characterId: 1, type: "preference", content: "I prefer quiet mornings for writing",
                      confidence: 0.7, discoveryDate: day(2025, 3, 1), importance: 5, emotionalValence: 0.2,
                      triggers: ["morning", "writing"]))
        b.add(Insight(id: 12, characterId: 1, type: "knowledge_evolution", content: "Coral reefs recover when protected",
                      confidence: 0.8, discoveryDate: day(2025, 2, 15), importance: 7, triggers: ["coral", "reef"]))
        b.add(Insight(id: 13, characterId: 1, type: "emotional_pattern", content: "Crowds make me anxious",
                      confidence: 0.5, discoveryDate: day(2024, 11, 1), importance: 4, emotionalValence: -0.4,
                      triggers: ["crowds"]))
        b.add(Insight(id: 14, characterId: 1, type: "preference", content: "I dislike quiet mornings", confidence: 0.4))
        b.add(Insight(id: 20, characterId: 2, type: "knowledge_evolution", content: "Neural networks fascinate me",
                      confidence: 0.85, importance: 6, triggers: ["ai"]))
        b.add(Insight(id: 21, characterId: 2, type: "emotional_pattern", content: "I doubt the AI hype",
                      confidence: 0.6, importance: 5, triggers: ["ai", "hype"]))
        // Values real databases hold and clean fixtures miss: NaN, infinite dates, extreme numbers,
        // NULL elements, an unknown type, a NULL strength and a self-loop.
        b.add(Insight(id: 22, characterId: 2, type: "odd type", content: "", confidence: .nan,
                      discoveryDate: .infinity, importance: .max, emotionalValence: -.infinity,
                      triggers: [nil, "", "ai"], supportingEvidence: ["\u{1}", nil]))
        b.add(Insight(id: 23, characterId: 2, type: nil, content: nil, confidence: 1e308,
                      discoveryDate: .negativeInfinity, importance: .min, triggers: []))
        b.add(Relationship(id: 106, fromInsightId: 22, toInsightId: 23, type: "supports", strength: nil))
        b.add(Relationship(id: 107, fromInsightId: 23, toInsightId: 23, type: "leads_to", strength: .infinity))
        b.add(Relationship(id: 108, fromInsightId: 20, toInsightId: 22, type: "builds_on", strength: .nan))
        b.add(Relationship(id: 100, fromInsightId: 10, toInsightId: 12, type: "supports", strength: 0.8))
        b.add(Relationship(id: 101, fromInsightId: 12, toInsightId: 11, type: "builds_on", strength: 0.5))
        b.add(Relationship(id: 102, fromInsightId: 11, toInsightId: 14, type: "contradicts", strength: 0.9))
        b.add(Relationship(id: 103, fromInsightId: 13, toInsightId: 10, type: "leads_to", strength: 0.3))
        b.add(Relationship(id: 104, fromInsightId: 10, toInsightId: 11, type: "supports", strength: 0.2))
        b.add(Relationship(id: 105, fromInsightId: 21, toInsightId: 20, type: "contradicts", strength: 0.6))
        b.add(LearningEvent(id: 1, characterId: 1, event: "Felt calm at sea", learningType: "emotional_growth",
                            learningDate: day(2025, 1, 5), significance: 0.7))
        b.add(LearningEvent(id: 2, characterId: 1, event: "Learned about reef recovery", learningType: "knowledge_evolution",
                            learningDate: day(2025, 2, 20), significance: 0.9))
        return b.build()
    }()
}

/// The input libFuzzer hands over, as a byte array.
public func fuzzInput(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
}
