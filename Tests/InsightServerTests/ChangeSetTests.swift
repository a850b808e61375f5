import InsightGraph
import Testing
@testable import InsightServer

@Suite struct ChangeSetTests {
    @Test func insertUpdateDelete() throws {
        let base = makeTestGraph()
        var changes = ChangeSet()
        changes.insights = [Insight(id: 15, characterId: 1, content: "new", triggers: ["kelp"])]
        changes.relationships = [Relationship(id: 104, fromInsightId: 15, toInsightId: 10, type: "supports", strength: 0.7),
                                 Relationship(id: 100, fromInsightId: 10, toInsightId: 11, type: "supports", strength: 0.2)]
        changes.deletedRelationshipIds = [101]
        let next = try #require(base.applying(changes))
        #expect(next.nodeCount == 7)
        #expect(next.nodes(withTrigger: "kelp", character: 0).map { next.insight(at: $0).id } == [15])
        #expect(next.edgeIds == [100, 102, 103, 104])
        #expect(next.relationship(at: 0).strength == 0.2)
        // The base snapshot is untouched (requests holding it keep a consistent view).
        #expect(base.edgeIds == [100, 101, 102, 103])
        #expect(base.node(forInsightId: 15) == nil)
    }

    @Test func rereadingUnchangedRowsIsNoChange() {
        var builder = GraphBuilder()
        builder.add(Character(id: 1, name: "E", normalizedName: "e"))
        builder.add(Insight(id: 1, characterId: 1, confidence: .nan))
        builder.add(Insight(id: 2, characterId: 1))
        builder.add(Relationship(id: 7, fromInsightId: 1, toInsightId: 2, type: nil, strength: .nan))
        let base = builder.build()
        var changes = ChangeSet()
        changes.characters = [Character(id: 1, name: "E", normalizedName: "e")]
        changes.insights = [Insight(id: 1, characterId: 1, confidence: .nan)]
        changes.relationships = [Relationship(id: 7, fromInsightId: 1, toInsightId: 2, type: nil, strength: .nan)]
        changes.deletedInsightIds = [999]
        #expect(base.applying(changes) == nil)
        changes.relationships[0].strength = 0.5
        #expect(base.applying(changes)?.relationship(at: 0).strength == 0.5)
    }

    @Test func deletingACharacterOrphansItsInsights() throws {
        var changes = ChangeSet()
        changes.deletedCharacterIds = [2]
        let next = try #require(makeTestGraph().applying(changes))
        #expect(next.characters.map(\.normalizedName) == ["elena"])
        #expect(next.orphanNodes.count == 2)
        #expect(next.anomalies.count(.insightCharacterUnknown) == 2)
    }
}
