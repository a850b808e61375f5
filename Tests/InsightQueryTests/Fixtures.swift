import InsightGraph
@testable import InsightQuery

/// A small hand-built graph every executor and binder test runs on.
///
/// ```
/// elena:  13 --leads_to 0.3--> 10 --supports 0.8--> 12 --builds_on 0.5--> 11 --contradicts 0.9--> 14
///                               \--supports 0.2-------------------------->/
/// marcus: 21 --contradicts 0.6--> 20
/// ```
enum Fixtures {
    static func day(_ y: Int64, _ m: Int64, _ d: Int64) -> Timestamp { Timestamp.utc(year: y, month: m, day: d)! }

    static let graph: GraphSnapshot = {
        var b = GraphBuilder()
        b.add(Character(id: 1, name: "Elena Rodriguez", normalizedName: "elena"))
        b.add(Character(id: 2, name: "Marcus Thompson", normalizedName: "marcus"))
        b.add(Character(id: 3, name: "Jake Sterling", normalizedName: "jake"))
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
        b.add(LearningEvent(id: 3, characterId: 1, event: "Mornings matter", learningType: "preference",
                            learningDate: day(2025, 4, 1), significance: 0.4))
        return b.build()
    }()

    static let now = day(2025, 6, 1)

    static func run(_ text: String, _ parameters: [String: QueryValue] = [:],
                    limits: QueryLimits = .default) throws(QueryError) -> QueryResult {
        try IGQ.run(text, graph: graph, parameters: parameters, limits: limits, now: now)
    }

    /// The error a query raises, or nil if it ran.
    static func error(_ text: String, _ parameters: [String: QueryValue] = [:], file: String = "q.igq",
                      limits: QueryLimits = .default) -> QueryError? {
        do {
            _ = try IGQ.run(text, file: file, graph: graph, parameters: parameters, limits: limits, now: now)
            return nil
        } catch {
            return error
        }
    }

    /// A column of every row, as integers (ids).
    static func ints(_ result: QueryResult, _ column: String) -> [Int64] {
        (0..<result.rows.count).compactMap { if case .integer(let i)? = result.value(column, row: $0) { return i }; return nil }
    }
}
