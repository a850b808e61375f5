import Testing
@testable import InsightGraph
import GraphTestSupport

@Suite struct StrongestPathTests {
    /// 1–2 0.9, 2–3 0.9, 1–3 0.5, 3–4 0.5, 5 alone. Strongest 1 → 3: via 2, 0.81 > 0.5;
    /// 1 → 4: 0.81 · 0.5 = 0.405 via 2 and 3.
    func graph() -> GraphSnapshot {
        var g = TestGraph()
        for i in 1...5 { g.insight(i) }
        g.edge(1, 2, 0.9)
        g.edge(2, 3, 0.9)
        g.edge(1, 3, 0.5)
        g.edge(3, 4, 0.5)
        return g.build()
    }

    @Test func strongestPathIsTheLargestProduct() throws {
        let search = PathSearch(graph: WalkGraph(snapshot: graph(), policy: .retrieval))
        let toThree = try #require(search.strongestPath(from: 0, to: 2))
        #expect(toThree.path == [0, 1, 2])
        #expect(abs(toThree.strength - 0.81) < 1e-15)
        let toFour = try #require(search.strongestPath(from: 0, to: 3))
        #expect(toFour.path == [0, 1, 2, 3])
        #expect(abs(toFour.strength - 0.405) < 1e-15)
        #expect(search.strongestPath(from: 0, to: 4) == nil)
        #expect(search.strongestPath(from: 2, to: 2)?.path == [2])
    }

    /// Weighted seeds: seed 1 at 1.0 and seed 4 at 0.6. best(3) = max(0.81, 0.6·0.5) = 0.81 from 1;
    /// with one hop: max(0.5, 0.3) = 0.5 (the 0.81 path needs two).
    @Test func bestPathScoresFromWeightedSeeds() {
        let search = PathSearch(graph: WalkGraph(snapshot: graph(), policy: .retrieval))
        search.search(from: [(0, 1.0), (3, 0.6)], maxHops: nil)
        #expect(abs(search.score(2) - 0.81) < 1e-15)
        #expect(search.originSeed(of: 2) == 0)
        #expect(search.score(4) == 0)
        search.search(from: [(0, 1.0), (3, 0.6)], maxHops: 1)
        #expect(search.score(2) == 0.5)
        #expect(search.path(to: 2) == [0, 2])
        #expect(abs(search.score(1) - 0.9) < 1e-15)
    }

    /// Two equally strong paths 1→2→4 and 1→3→4: the lower node settles first, so the path goes via 2.
    @Test func tiesAreDeterministic() {
        var g = TestGraph()
        for i in 1...4 { g.insight(i) }
        g.edge(1, 3, 0.5)
        g.edge(3, 4, 0.5)
        g.edge(1, 2, 0.5)
        g.edge(2, 4, 0.5)
        let search = PathSearch(graph: WalkGraph(snapshot: g.build(), policy: .retrieval))
        #expect(search.strongestPath(from: 0, to: 3)?.path == [0, 1, 3])
    }

    /// Raising a strength never lowers the best-path score of any node.
    @Test func raisingAStrengthNeverLowersABestPathScore() {
        var rng = SplitMix(seed: 3)
        for _ in 0..<20 {
            var rows: [Relationship] = (1...30).map {
                Relationship(id: $0, fromInsightId: Int.random(in: 1...10, using: &rng),
                             toInsightId: Int.random(in: 1...10, using: &rng), type: "t",
                             strength: Double.random(in: 0.05...0.9, using: &rng))
            }
            func scores() -> [Double] {
                var b = GraphBuilder()
                b.add(Character(id: 1, name: "a", normalizedName: "a"))
                for i in 1...10 { b.add(Insight(id: i, characterId: 1)) }
                rows.forEach { b.add($0) }
                let search = PathSearch(graph: WalkGraph(snapshot: b.build(), policy: .retrieval))
                search.search(from: [(0, 1)], maxHops: nil)
                return (0..<10).map { search.score(NodeIndex($0)) }
            }
            let before = scores()
            let k = Int.random(in: 0..<rows.count, using: &rng)
            rows[k].strength = min(1, rows[k].strength! + 0.2)
            let after = scores()
            #expect(zip(before, after).allSatisfy { $1 >= $0 })
        }
    }

    /// The backward search explanations use (from the result to the nearest seed) finds the same
    /// strongest product as a forward search from every seed at once, and a path that really has
    /// that product, on random graphs walked both ways and one way.
    @Test func backwardSearchAgreesWithForwardSearchFromAllSeeds() throws {
        var rng = SplitMix(seed: 11)
        for direction in [WalkPolicy.Direction.both, .outgoing, .incoming] {
            for _ in 0..<30 {
                var b = GraphBuilder()
                b.add(Character(id: 1, name: "a", normalizedName: "a"))
                for i in 1...25 { b.add(Insight(id: i, characterId: 1)) }
                for id in 1...50 {
                    b.add(Relationship(id: id, fromInsightId: Int.random(in: 1...25, using: &rng),
                                       toInsightId: Int.random(in: 1...25, using: &rng), type: "t",
                                       strength: Double.random(in: 0.05...1, using: &rng)))
                }
                let snapshot = b.build()
                var policy = WalkPolicy.retrieval
                policy.direction = direction
                policy.parallel = .strongest
                let walk = WalkGraph(snapshot: snapshot, policy: policy)
                var reversedPolicy = policy
                reversedPolicy.direction = direction == .both ? .both : (direction == .outgoing ? .incoming : .outgoing)
                let reverse = WalkGraph(snapshot: snapshot, policy: reversedPolicy)
                let seeds = (0..<4).map { _ in NodeIndex(Int.random(in: 0..<25, using: &rng)) }
                let marks = NodeMarks(count: 25)
                marks.clear()
                for s in seeds { marks.insert(Int(s)) }
                let forward = PathSearch(graph: walk)
                forward.search(from: seeds.map { ($0, 1.0) }, maxHops: nil)
                let backward = PathSearch(graph: walk)
                for target in 0..<25 {
                    let expected = forward.score(NodeIndex(target))
                    let found = backward.strongestPath(fromAnyOf: marks, to: NodeIndex(target), over: reverse)
                    guard let found else {
                        #expect(expected == 0, "target \(target): forward reached it, backward did not")
                        continue
                    }
                    // Equal up to rounding: equally strong paths multiply in different orders.
                    #expect(abs(found.strength - expected) <= 1e-12 * expected, "target \(target), \(direction)")
                    #expect(marks.contains(Int(found.path[0])) && found.path.last == NodeIndex(target))
                    // The path's product, step by step over the walk graph, is the reported strength.
                    var product = 1.0
                    for (u, v) in zip(found.path, found.path.dropFirst()) {
                        let k = try #require(walk.range(of: u).first { walk.neighbors[$0] == v }, "no step \(u) → \(v)")
                        product *= walk.weights[k]
                    }
                    #expect(product == found.strength)
                }
            }
        }
    }
}
