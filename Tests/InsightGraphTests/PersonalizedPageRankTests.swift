import Testing
@testable import InsightGraph
import GraphTestSupport

@Suite struct PersonalizedPageRankTests {
    /// Two nodes, one edge, teleport on node 0: x0 = 3/20 + d·x1, x1 = d·x0 with d = 17/20
    /// → x0 = (3/20)/(1 − 289/400) = 60/111, x1 = 51/111.
    @Test func twoNodesHandComputed() {
        var g = TestGraph()
        g.insight(1)
        g.insight(2)
        g.edge(1, 2, 0.4)
        let walk = WalkGraph(snapshot: g.build(), policy: .retrieval)
        let ppr = PageRankWorkspace(graph: walk)
        ppr.clearTeleport()
        ppr.addTeleport(0, weight: 3)
        ppr.normalizeTeleport()
        ppr.exact(tolerance: 1e-14)
        #expect(abs(ppr.score(0) - 60.0 / 111) < 1e-12)
        #expect(abs(ppr.score(1) - 51.0 / 111) < 1e-12)
        ppr.push(epsilon: 1e-9)
        #expect(abs(ppr.score(0) - 60.0 / 111) < 1e-8)
        #expect(abs(ppr.score(1) - 51.0 / 111) < 1e-8)
    }

    /// `contradicts` walks at half weight by default: from node 0 (edges to 1 "supports" 0.8 and to 2
    /// "contradicts" 0.8 → 0.4), the walk steps to 1 with probability 2/3, to 2 with 1/3.
    @Test func relationshipTypeWeights() {
        var g = TestGraph()
        for i in 1...3 { g.insight(i) }
        g.edge(1, 2, 0.8, type: "supports")
        g.edge(1, 3, 0.8, type: "contradicts")
        let snapshot = g.build()
        let walk = WalkGraph(snapshot: snapshot, policy: .retrieval)
        #expect(walk.weights == [0.8, 0.4, 0.8, 0.4])
        #expect(abs(walk.transition[0] - 2.0 / 3) < 1e-15)
        var ignoring = WalkPolicy.retrieval
        ignoring.typeWeights = ["contradicts": 0]
        #expect(WalkGraph(snapshot: snapshot, policy: ignoring).neighbors == [1, 0])
    }

    @Test func isolatedSeedKeepsAllMassAndNoSeedsTouchNothing() {
        var g = TestGraph()
        g.insight(1)
        g.insight(2)
        let ppr = PageRankWorkspace(graph: WalkGraph(snapshot: g.build(), policy: .retrieval))
        ppr.clearTeleport()
        ppr.exact()
        #expect(ppr.touched.isEmpty)
        ppr.push()
        #expect(ppr.touched.isEmpty)
        ppr.addTeleport(0, weight: 1)
        ppr.normalizeTeleport()
        ppr.exact()
        #expect(abs(ppr.score(0) - 1) < 1e-12)
        #expect(ppr.score(1) == 0)
        ppr.push()
        #expect(abs(ppr.score(0) - 1) < 1e-9)
    }

    /// Scores sum to 1 (exact and push), push stays close to exact, and nothing leaves the character.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func massSumsToOneAndPushIsClose(seed: UInt64) {
        let snapshot = randomGraph(seed: seed, characters: 2, insights: 200, relationships: 900).snapshot
        let walk = WalkGraph(snapshot: snapshot, policy: .retrieval)
        let ppr = PageRankWorkspace(graph: walk)
        let character = snapshot.nodes(ofCharacter: 0)
        ppr.clearTeleport()
        for (k, node) in character.prefix(8).enumerated() { ppr.addTeleport(node, weight: Double(k + 1)) }
        ppr.normalizeTeleport()
        ppr.exact(tolerance: 1e-13)
        let exact = ppr.touched.map { ($0, ppr.score($0)) }
        #expect(abs(exact.reduce(0) { $0 + $1.1 } - 1) < 1e-10)
        #expect(exact.allSatisfy { character.contains($0.0) })
        ppr.push(epsilon: 1e-4)
        var pushedTotal = 0.0, error = 0.0
        for u in ppr.touched { pushedTotal += ppr.score(u) }
        for (node, value) in exact { error += abs(ppr.score(node) - value) }
        #expect(abs(pushedTotal - 1) < 1e-10)
        #expect(error < 1e-3)
    }

    /// Raising the strength of a relationship into a node never lowers that node's PageRank
    /// (monotonicity, Chien et al. 2001) — checked on directed walks over random graphs.
    @Test func raisingAStrengthNeverLowersItsTarget() {
        var rng = SplitMix(seed: 99)
        for trial in 0..<30 {
            var rows: [Relationship] = []
            for r in 1...40 {
                let a = Int.random(in: 1...12, using: &rng), b = Int.random(in: 1...12, using: &rng)
                rows.append(Relationship(id: r, fromInsightId: a, toInsightId: b, type: "supports",
                                         strength: Double.random(in: 0.1...0.9, using: &rng)))
            }
            let target = rows[trial % rows.count]
            func scoreOfTarget(boost: Double) -> Double {
                var builder = GraphBuilder()
                builder.add(Character(id: 1, name: "a", normalizedName: "a"))
                for i in 1...12 { builder.add(Insight(id: i, characterId: 1, content: "i")) }
                for row in rows {
                    var row = row
                    if row.id == target.id { row.strength = min(1, row.strength! + boost) }
                    builder.add(row)
                }
                let snapshot = builder.build()
                let policy = WalkPolicy(direction: .outgoing, typeWeights: [:])
                let ppr = PageRankWorkspace(graph: WalkGraph(snapshot: snapshot, policy: policy))
                ppr.addTeleport(snapshot.node(forInsightId: 1)!, weight: 1)
                ppr.addTeleport(snapshot.node(forInsightId: 2)!, weight: 1)
                ppr.normalizeTeleport()
                ppr.exact(tolerance: 1e-14)
                return ppr.score(snapshot.node(forInsightId: target.toInsightId!)!)
            }
            if target.fromInsightId == target.toInsightId { continue }
            #expect(scoreOfTarget(boost: 0.1) >= scoreOfTarget(boost: 0) - 1e-12, "trial \(trial)")
        }
    }

    @Test func resultsDoNotDependOnLoadOrder() {
        let a = randomGraph(seed: 5).snapshot, b = randomGraph(seed: 5, shuffle: true).snapshot
        func scores(_ s: GraphSnapshot) -> [Int: Double] {
            let ppr = PageRankWorkspace(graph: WalkGraph(snapshot: s, policy: .retrieval))
            for id in [3, 7, 11] { ppr.addTeleport(s.node(forInsightId: id)!, weight: 1) }
            ppr.normalizeTeleport()
            ppr.exact(tolerance: 1e-13)
            return Dictionary(uniqueKeysWithValues: ppr.touched.map { (s.insights[Int($0)].id, ppr.score($0)) })
        }
        #expect(scores(a) == scores(b))
    }
}
