import Testing
@testable import InsightGraph
import GraphTestSupport

@Suite struct WalkGraphTests {
    /// Node 0 = insight 1. Walkable: 1→2 (0.5) and 2→1 (0.25) combine; 1→3 above 1 counts as 1.
    /// Not walkable: the self-loop, the cross-character edge, NULL, NaN, negative.
    @Test func flaggedRowsAndParallelRules() {
        var g = TestGraph(characters: [(1, "a"), (2, "b")])
        for i in 1...3 { g.insight(i) }
        g.insight(9, character: 2)
        g.edge(1, 2, 0.5)
        g.edge(2, 1, 0.25, type: "leads_to")
        g.edge(1, 3, 7)
        g.edge(1, 1, 0.9)
        g.edge(1, 9, 0.9)
        g.edge(2, 3, nil)
        g.edge(3, 2, .nan)
        g.edge(3, 2, -1)
        let snapshot = g.build()
        let sum = WalkGraph(snapshot: snapshot, policy: WalkPolicy(typeWeights: [:]))
        #expect(Array(sum.neighbors[sum.range(of: 0)]) == [1, 2])
        #expect(Array(sum.weights[sum.range(of: 0)]) == [0.75, 1])
        #expect(sum.degrees[0] == 1.75)
        #expect(sum.range(of: 3).isEmpty)  // insight 9: only the cross-character edge
        let strongest = WalkGraph(snapshot: snapshot, policy: WalkPolicy(parallel: .strongest, typeWeights: [:]))
        #expect(Array(strongest.weights[strongest.range(of: 0)]) == [0.5, 1])
        #expect(snapshot.edgeIds[Int(strongest.edges[strongest.range(of: 0).lowerBound])] == 1)
        let atLeastHalf = WalkGraph(snapshot: snapshot, policy: WalkPolicy(minimumStrength: 0.3, typeWeights: [:]))
        #expect(Array(atLeastHalf.neighbors[atLeastHalf.range(of: 0)]) == [1, 2])
        #expect(Array(atLeastHalf.weights[atLeastHalf.range(of: 0)]) == [0.5, 1])  // 0.25 < 0.3
        let outgoing = WalkGraph(snapshot: snapshot, policy: WalkPolicy(direction: .outgoing, typeWeights: [:]))
        #expect(Array(outgoing.neighbors[outgoing.range(of: 1)]) == [0])
        #expect(Array(outgoing.weights[outgoing.range(of: 1)]) == [0.25])
    }

    /// With a StrengthPolicy that walks NULL at 0.5, the walk graph follows it unless told not to.
    @Test func unusableStrengthFollowsPolicyWhenAllowed() {
        var builder = GraphBuilder(strengthPolicy: StrengthPolicy(unusableWeight: 0.5))
        builder.add(Character(id: 1, name: "a", normalizedName: "a"))
        builder.add(Insight(id: 1, characterId: 1))
        builder.add(Insight(id: 2, characterId: 1))
        builder.add(Relationship(id: 1, fromInsightId: 1, toInsightId: 2, type: "x", strength: nil))
        let snapshot = builder.build()
        #expect(WalkGraph(snapshot: snapshot, policy: WalkPolicy(excludeUnusableStrengths: false)).weights == [0.5, 0.5])
        #expect(WalkGraph(snapshot: snapshot, policy: .retrieval).weights.isEmpty)
    }
}
