import Testing
@testable import InsightGraph

@Suite struct GraphBuilderTests {
    @Test func groupsNodesByCharacterAndBuildsCSR() {
        var builder = GraphBuilder()
        builder.add(Character(id: 2, name: "Marcus Thompson", normalizedName: "marcus"))
        builder.add(Character(id: 1, name: "Elena Rodriguez", normalizedName: "Elena"))
        builder.add(Insight(id: 30, characterId: 2, content: "c", triggers: ["AI"]))
        builder.add(Insight(id: 10, characterId: 1, content: "a", triggers: ["Ocean", "reef", nil, "ocean"]))
        builder.add(Insight(id: 20, characterId: 1, content: "b", triggers: ["ocean"]))
        builder.add(Relationship(id: 2, fromInsightId: 20, toInsightId: 10, type: "supports", strength: 0.8))
        builder.add(Relationship(id: 1, fromInsightId: 10, toInsightId: 20, type: "leads_to", strength: 0.4))
        let graph = builder.build()

        #expect(graph.characters.map(\.id) == [1, 2])
        #expect(graph.insights.map(\.id) == [10, 20, 30])
        #expect(graph.nodes(ofCharacter: 0) == 0..<2)
        #expect(graph.nodes(ofCharacter: 1) == 2..<3)
        #expect(graph.characterIndex(named: "ELENA") == 0)
        #expect(graph.nodes(withTrigger: "OCEAN", character: 0) == [0, 1])
        #expect(graph.nodes(withTrigger: "ai", character: 1) == [2])
        #expect(graph.edgeIds == [1, 2])
        #expect(graph.outgoing(0).map(\.node) == [1])
        #expect(graph.outgoing(0).map(\.weight) == [0.4])
        #expect(graph.incoming(0).map(\.node) == [1])
        #expect(graph.relationshipType(ofEdge: 1) == "supports")
        #expect(graph.relationship(at: 0) == Relationship(id: 1, fromInsightId: 10, toInsightId: 20,
                                                          type: "leads_to", strength: 0.4))
        #expect(graph.anomalies.total == 0)
    }

    @Test func countsEveryAnomalyAndNeverLetsBadStrengthDominate() {
        var builder = GraphBuilder()
        builder.add(Character(id: 1, name: "A", normalizedName: "a"))
        builder.add(Character(id: 2, name: "B", normalizedName: "b"))
        builder.add(Insight(id: 1, characterId: 1, content: "x"))
        builder.add(Insight(id: 2, characterId: 1, content: nil))
        builder.add(Insight(id: 3, characterId: nil, content: "orphan"))
        builder.add(Insight(id: 4, characterId: 99, content: "unknown"))
        builder.add(Insight(id: 5, characterId: 2, content: "b's"))
        builder.add(Relationship(id: 1, fromInsightId: nil, toInsightId: 1, type: "supports", strength: 0.5))
        builder.add(Relationship(id: 2, fromInsightId: 1, toInsightId: 404, type: "supports", strength: 0.5))
        builder.add(Relationship(id: 3, fromInsightId: 1, toInsightId: 5, type: "supports", strength: 0.5))
        builder.add(Relationship(id: 4, fromInsightId: 1, toInsightId: 1, type: "supports", strength: 0.5))
        builder.add(Relationship(id: 5, fromInsightId: 1, toInsightId: 2, type: "supports", strength: .nan))
        builder.add(Relationship(id: 6, fromInsightId: 1, toInsightId: 2, type: "supports", strength: nil))
        builder.add(Relationship(id: 7, fromInsightId: 1, toInsightId: 2, type: "leads_to", strength: .infinity))
        builder.add(Relationship(id: 8, fromInsightId: 2, toInsightId: 1, type: "leads_to", strength: -3))
        builder.add(Relationship(id: 9, fromInsightId: 2, toInsightId: 1, type: "builds_on", strength: 7))
        let graph = builder.build()
        let a = graph.anomalies
        #expect(a.count(.relationshipEndpointNull) == 1)
        #expect(a.count(.relationshipEndpointNotFound) == 1)
        #expect(a.count(.relationshipCrossCharacter) == 1)
        #expect(a.count(.relationshipSelfLoop) == 1)
        #expect(a.count(.relationshipParallelDuplicate) == 1)
        #expect(a.examples[.relationshipParallelDuplicate] == [6])
        #expect(a.count(.relationshipStrengthNaN) == 1)
        #expect(a.count(.relationshipStrengthNull) == 1)
        #expect(a.count(.relationshipStrengthInfinite) == 1)
        #expect(a.count(.relationshipStrengthNegative) == 1)
        #expect(a.count(.relationshipStrengthAboveOne) == 1)
        #expect(a.count(.insightCharacterNull) == 1)
        #expect(a.count(.insightCharacterUnknown) == 1)
        #expect(a.count(.insightContentNull) == 1)
        #expect(graph.edgeCount == 7)
        let weights = (0..<EdgeIndex(graph.edgeCount)).map { graph.weight(ofEdge: $0) }
        #expect(weights == [0.5, 0.5, 0, 0, 1, 0, 1])
        #expect(graph.orphanNodes.count == 2)
        #expect(graph.relationship(at: 3).strength == nil)
    }

    @Test func resultDoesNotDependOnLoadOrder() {
        func make(_ reversed: Bool) -> GraphSnapshot {
            var builder = GraphBuilder()
            var rows: [Relationship] = (1...20).map {
                Relationship(id: $0, fromInsightId: $0 % 5 + 1, toInsightId: ($0 * 3) % 5 + 1,
                             type: $0.isMultiple(of: 2) ? "supports" : "leads_to", strength: Double($0) / 20)
            }
            var insights = (1...5).map { Insight(id: $0, characterId: 1, content: "i\($0)") }
            if reversed { rows.reverse(); insights.reverse() }
            builder.add(Character(id: 1, name: "A", normalizedName: "a"))
            insights.forEach { builder.add($0) }
            rows.forEach { builder.add($0) }
            return builder.build()
        }
        let a = make(false), b = make(true)
        #expect(a.outAdjacency == b.outAdjacency)
        #expect(a.inAdjacency == b.inAdjacency)
        #expect(a.anomalies == b.anomalies)
    }

    @Test func timestampsFormatAsUTC() {
        #expect(Timestamp(microsecondsSinceEpoch: 0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(Timestamp.utc(year: 2025, month: 3, day: 1, hour: 12, microsecond: 250_000)?.iso8601
                == "2025-03-01T12:00:00.250000Z")
        #expect(Timestamp(microsecondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59.999999Z")
        #expect(Timestamp.utc(year: 2024, month: 2, day: 30) == nil)
        #expect(Timestamp.infinity.iso8601 == "infinity")
    }
}
