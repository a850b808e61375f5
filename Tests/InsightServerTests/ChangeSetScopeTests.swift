import InsightGraph
import Testing
@testable import InsightServer

/// ``ChangeSet/restricted(to:servedIds:previous:)``: what a scoped instance keeps of a refresh.
@Suite struct ChangeSetScopeTests {
    /// elena (id 1) alone, as an instance started with `--character elena` loads her.
    func elenaOnly() -> GraphSnapshot {
        var builder = GraphBuilder(isPartialSelection: true)
        builder.add(Character(id: 1, name: "Elena Rodriguez", normalizedName: "elena"))
        builder.add(Insight(id: 10, characterId: 1, content: "ocean", triggers: ["ocean"]))
        builder.add(Insight(id: 11, characterId: 1, content: "reef", triggers: ["reef"]))
        builder.add(LearningEvent(id: 5, characterId: 1, event: "dived"))
        builder.add(Relationship(id: 100, fromInsightId: 10, toInsightId: 11, type: "supports", strength: 0.8))
        return builder.build()
    }

    @Test func otherCharactersRowsAreDroppedAndRowsThatMovedAwayAreDeleted() {
        let previous = elenaOnly()
        var changes = ChangeSet()
        changes.characters = [Character(id: 2, name: "Marcus", normalizedName: "marcus")]
        changes.insights = [Insight(id: 12, characterId: 1, content: "kelp"), Insight(id: 20, characterId: 2, content: "jazz"),
                            Insight(id: 11, characterId: 2, content: "reef, now Marcus's")]
        changes.relationships = [Relationship(id: 101, fromInsightId: 12, toInsightId: 20, type: "supports", strength: 0.5),
                                 Relationship(id: 102, fromInsightId: 20, toInsightId: 21, type: "supports", strength: 0.5),
                                 Relationship(id: 100, fromInsightId: 11, toInsightId: 20, type: "supports", strength: 0.8)]
        changes.learningEvents = [LearningEvent(id: 5, characterId: 2, event: "dived"), LearningEvent(id: 6, characterId: 2)]
        let (kept, reload) = changes.restricted(to: CharacterScope(names: ["elena"]), servedIds: [1], previous: previous)
        #expect(!reload)
        #expect(kept.characters.isEmpty)
        #expect(kept.insights.map(\.id) == [12])
        #expect(kept.deletedInsightIds == [11])
        #expect(kept.relationships.map(\.id) == [101])  // touches elena's 12; the builder drops its outside end
        #expect(kept.deletedRelationshipIds == [100])   // now joins two insights elena no longer has
        #expect(kept.learningEvents.isEmpty)
        #expect(kept.deletedLearningEventIds == [5])

        let next = previous.applying(kept, isPartialSelection: true)
        #expect(next.map { graph in (0..<graph.nodeCount).map { graph.insight(at: NodeIndex($0)).id } } == [10, 12])
        #expect(next?.edgeCount == 0)
        #expect(next?.anomalies.count(.relationshipEndpointOutsideSelection) == 1)
    }

    @Test func aCharacterEnteringOrLeavingTheScopeNeedsAFullReload() {
        let previous = elenaOnly()
        let scope = CharacterScope(names: ["Elena", "jake"])
        var arriving = ChangeSet()
        arriving.characters = [Character(id: 3, name: "Jake Sterling", normalizedName: "jake")]
        #expect(arriving.restricted(to: scope, servedIds: [1], previous: previous).needsFullReload)
        var renamed = ChangeSet()
        renamed.characters = [Character(id: 1, name: "Elena R.", normalizedName: "elena_r")]
        #expect(renamed.restricted(to: scope, servedIds: [1], previous: previous).needsFullReload)
        var unchanged = ChangeSet()
        unchanged.characters = [Character(id: 1, name: "Elena Rodriguez", normalizedName: "elena"),
                                Character(id: 2, name: "Marcus", normalizedName: "marcus")]
        let result = unchanged.restricted(to: scope, servedIds: [1], previous: previous)
        #expect(!result.needsFullReload)
        #expect(result.changes.characters.map(\.id) == [1])
    }

    @Test func scopeMatchesNamesIgnoringCaseAndDropsDuplicates() {
        let scope = CharacterScope(names: ["Elena", "ELENA", "Jake Sterling"])
        #expect(scope.names == ["Elena", "Jake Sterling"])
        #expect(scope.includes(name: "elena") && scope.includes(name: "jake sterling") && !scope.includes(name: "jake"))
        #expect(scope.includes(Character(id: 3, name: "Jake Sterling", normalizedName: "jake")))
        #expect(!scope.includes(Character(id: 2, name: "Marcus", normalizedName: "marcus")))
        #expect(CharacterScope.all.includes(name: "anyone") && CharacterScope.all.isAll)
    }
}
