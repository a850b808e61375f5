import Foundation
import InsightGraph
@testable import GraphML

/// Small graphs with every awkward value the writer must handle.
enum SampleGraphs {
    static let t0 = Timestamp.utc(year: 2025, month: 3, day: 1, hour: 12)!
    static let t1 = Timestamp(microsecondsSinceEpoch: t0.microsecondsSinceEpoch + 250_000)

    /// Two characters, insights with NULLs, control characters, lists with NULL elements, and
    /// relationships with NaN, infinite, NULL and out-of-range strengths, a self loop and a
    /// cross-character edge; a timeline with an event of an unknown character.
    static func awkward() -> GraphSnapshot {
        var b = GraphBuilder()
        b.add(Character(id: 1, name: "Elena Rodriguez", normalizedName: "elena"))
        b.add(Character(id: 2, name: "Marcus <Thompson> & co", normalizedName: "marcus"))
        b.add(Insight(id: 10, characterId: 1, type: "emotional_pattern",
                      content: "I feel calm when it rains.\nReally.\r\nTabs\there & <tags>",
                      confidence: 0.75, discoveryDate: t0, conversationContext: "rain talk", importance: 7,
                      emotionalValence: -0.25, triggers: ["rain", nil, "calm \"quoted\""],
                      supportingEvidence: []))
        b.add(Insight(id: 11, characterId: 1, type: "preference",
                      content: "bell\u{07} and null\u{00} and nonchar\u{FFFE}\u{FFFF} end", confidence: .nan,
                      discoveryDate: t1, importance: 3, emotionalValence: .infinity,
                      triggers: ["ctl\u{01}x", "\u{FFFE}"]))
        b.add(Insight(id: 12, characterId: 2, content: String(repeating: "long text ", count: 30),
                      confidence: -.infinity, discoveryDate: .infinity))
        b.add(Insight(id: 13, characterId: 2))
        b.add(Insight(id: 14, characterId: nil, type: "orphan", content: "  leading and trailing  ",
                      confidence: 1e-300, discoveryDate: .negativeInfinity, importance: -2147483648))
        b.add(Relationship(id: 100, fromInsightId: 10, toInsightId: 11, type: "leads_to", strength: 0.5, createdDate: t0))
        b.add(Relationship(id: 101, fromInsightId: 11, toInsightId: 10, type: "supports", strength: .nan))
        b.add(Relationship(id: 102, fromInsightId: 10, toInsightId: 12, type: "contradicts", strength: .infinity))
        b.add(Relationship(id: 103, fromInsightId: 12, toInsightId: 13, type: nil, strength: nil, createdDate: t1))
        b.add(Relationship(id: 104, fromInsightId: 13, toInsightId: 13, type: "builds_on", strength: 1.5))
        b.add(Relationship(id: 105, fromInsightId: 14, toInsightId: 10, type: "leads_to", strength: -0.0))
        b.add(Relationship(id: 106, fromInsightId: 12, toInsightId: 13, type: "builds_on", strength: 0.1))
        b.add(LearningEvent(id: 1000, characterId: 1, event: "Learned about rain", learningType: "insight",
                            beforeState: "anxious", afterState: "calm", triggerConversation: "c-1",
                            learningDate: t0, significance: 0.9))
        b.add(LearningEvent(id: 1001, characterId: 2, event: nil, learningDate: nil, significance: .nan))
        b.add(LearningEvent(id: 1002, characterId: 99, event: "ghost\u{02}", learningDate: t1))
        return b.build()
    }

    /// A larger, regular graph for streaming and determinism checks.
    static func chain(characters: Int, insightsPerCharacter: Int) -> GraphSnapshot {
        var b = GraphBuilder()
        var relationshipId = 1
        for c in 1...characters {
            b.add(Character(id: c, name: "Character \(c)", normalizedName: "char\(c)"))
            for i in 0..<insightsPerCharacter {
                let id = c * 100_000 + i
                b.add(Insight(id: id, characterId: c, type: "t\(i % 5)", content: "insight \(id) of \(c)",
                              confidence: Double(i % 10) / 10, importance: i % 10 + 1,
                              triggers: ["k\(i % 7)"]))
                if i > 0 {
                    b.add(Relationship(id: relationshipId, fromInsightId: id - 1, toInsightId: id,
                                       type: "leads_to", strength: Double(i % 100) / 100))
                    relationshipId += 1
                }
            }
        }
        return b.build()
    }
}

/// Test file helpers: temporary directories and the committed schema.
enum TestFiles {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Resources")
    static var schemaPath: String { resources.appendingPathComponent("graphml.xsd").path }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("graphml-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }

    static func export(_ snapshot: GraphSnapshot, _ options: GraphMLExportOptions = .init(),
                       in directory: URL, name: String = "out.graphml") throws -> (String, GraphMLExportReport) {
        let path = directory.appendingPathComponent(name).path
        let report = try GraphMLExporter(snapshot: snapshot, options: options).write(toFile: path)
        return (path, report)
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
