import Testing
@testable import InsightGraph
import GraphTestSupport

/// Kept walk rows (``MaskedSteps``) must change nothing a walk returns: the same breadth-first
/// order and parents, the same local walk graph, on graphs with every awkward kind of relationship.
@Suite struct MaskedStepsTests {
    static let types = ["supports", "contradicts", "leads_to", "builds_on"]

    /// A random mask over one character: any direction, a random subset of the types (or all),
    /// a minimum strength that keeps or drops the weak, over-1 and NULL/NaN strengths.
    func randomMask(_ graph: GraphSnapshot, character: Int, rng: inout SplitMix) -> EdgeMask {
        let direction = WalkPolicy.Direction.allCases.randomElement(using: &rng)!
        var codes: Set<UInt16>?
        if Bool.random(using: &rng) {
            let names = Set(Self.types.filter { _ in Bool.random(using: &rng) })
            codes = Set(graph.relationshipTypes.indices.filter { graph.relationshipTypes[$0].map(names.contains) ?? false }
                .map { UInt16($0) })
        }
        var mask = EdgeMask(direction: direction, allowedTypeCodes: codes,
                            minimumStrength: [0, 0.3, 0.5, 1.2].randomElement(using: &rng)!,
                            nodes: graph.nodes(ofCharacter: character))
        mask.includesUnwalkable = Int.random(in: 0..<4, using: &rng) == 0
        return mask
    }

    func parents(_ walk: BreadthFirstWalk) -> [[Int32]] {
        walk.parents.map { $0.map { [$0.node, $0.edge] } ?? [] }
    }

    func arrays(_ walk: LocalWalk) -> [[Double]] {
        let g = walk.graph
        return [walk.nodes.map(Double.init), g.offsets.map(Double.init), g.neighbors.map(Double.init), g.weights,
                g.edges.map(Double.init), g.degrees, g.pushEntries.map { Double($0.factor) }]
    }

    @Test(arguments: 1...12)
    func walksAreTheSameWithKeptRows(seed: Int) {
        var rng = SplitMix(seed: UInt64(seed))
        let graph = randomGraph(seed: UInt64(seed), characters: 3, insights: 150, relationships: 900).snapshot
        let cache = MaskedStepsCache(snapshot: graph, buildsInBackground: false)
        let scratch = WalkScratch(nodeCount: graph.nodeCount)
        var checked = 0
        for character in graph.characters.indices where !graph.nodes(ofCharacter: character).isEmpty {
            let range = graph.nodes(ofCharacter: character)
            for _ in 0..<6 {
                let plain = randomMask(graph, character: character, rng: &rng)
                let kept = cache.attach(to: plain)
                #expect(kept.precomputed != nil)
                let starts = (0..<Int.random(in: 1...4, using: &rng)).map { _ in NodeIndex.random(in: range, using: &rng) }
                let hops = Int.random(in: 0...4, using: &rng)
                let a = graph.breadthFirst(from: starts, maxHops: hops, mask: plain)
                let b = graph.breadthFirst(from: starts, maxHops: hops, mask: kept, scratch: scratch)
                #expect(a.order == b.order)
                #expect(parents(a) == parents(b))
                #expect(a.end == b.end)

                let some = range.filter { _ in Int.random(in: 0..<3, using: &rng) > 0 }
                for rule in [WalkPolicy.ParallelRule.sum, .strongest] {
                    let x = LocalWalk(snapshot: graph, nodes: some, mask: plain, parallel: rule)
                    let y = LocalWalk(snapshot: graph, nodes: some, mask: kept, parallel: rule, scratch: scratch)
                    #expect(arrays(x) == arrays(y))
                }
                checked += 1
            }
        }
        #expect(checked >= 12)
        // Six masks a character, each kept once: repeats are found, not made again.
        #expect(cache.count <= 18)
    }

    @Test func onlyMasksOfOneWholeCharacterWithoutARelationshipTestAreKept() {
        let graph = randomGraph(seed: 7, characters: 3, insights: 90, relationships: 400).snapshot
        let cache = MaskedStepsCache(snapshot: graph, buildsInBackground: false)
        let range = graph.nodes(ofCharacter: 0)
        #expect(cache.attach(to: EdgeMask(nodes: range)).precomputed != nil)
        #expect(cache.attach(to: EdgeMask()).precomputed == nil)
        #expect(cache.attach(to: EdgeMask(nodes: range.lowerBound..<(range.upperBound - 1))).precomputed == nil)
        #expect(cache.attach(to: EdgeMask(nodes: range, accepts: { _ in true })).precomputed == nil)
        // Changing a kept mask drops its rows: they were made for the old rules.
        var changed = cache.attach(to: EdgeMask(nodes: range))
        changed.minimumStrength = 0.5
        #expect(changed.precomputed == nil)
        // Too large for the budget: walked directly, nothing kept.
        let small = MaskedStepsCache(snapshot: graph, maximumEntries: 4, buildsInBackground: false)
        #expect(small.attach(to: EdgeMask(nodes: range)).precomputed == nil)
        #expect(small.count == 0)
    }

    @Test func keptRowsStayWithinTheBudgetAndTheLeastRecentlyUsedGoFirst() throws {
        let graph = randomGraph(seed: 11, characters: 3, insights: 150, relationships: 900).snapshot
        let stored = graph.characters.indices.map { c -> Int in
            let lo = Int(graph.nodes(ofCharacter: c).lowerBound), hi = Int(graph.nodes(ofCharacter: c).upperBound)
            return Int(graph.outOffsets[hi] - graph.outOffsets[lo] + graph.inOffsets[hi] - graph.inOffsets[lo])
        }
        let masks = graph.characters.indices.flatMap { c in
            [0, 0.2, 0.4, 0.6].map { EdgeMask(minimumStrength: $0, nodes: graph.nodes(ofCharacter: c)) }
        }
        let unbounded = MaskedStepsCache(snapshot: graph, maximumEntries: .max, buildsInBackground: false)
        let total = masks.reduce(0) { $0 + (unbounded.attach(to: $1).precomputed?.entryCount ?? 0) }
        let cache = MaskedStepsCache(snapshot: graph, maximumEntries: 4 * stored.max()!, buildsInBackground: false)
        try #require(total > cache.maximumEntries)  // so that something must go

        let hot = try #require(cache.attach(to: masks[0]).precomputed)
        let early = try #require(cache.attach(to: masks[1]).precomputed)
        for mask in masks.dropFirst(2) {
            #expect(cache.attach(to: mask).precomputed != nil)
            #expect(cache.entryCount <= cache.maximumEntries)
            #expect(cache.attach(to: masks[0]).precomputed === hot)  // used after every other: never the oldest
        }
        // The second mask's rows were the least recently used when room ran out: made again now.
        #expect(cache.attach(to: masks[1]).precomputed !== early)
        #expect(cache.count < masks.count)
    }

    /// In the background (the service's way), a query that finds no rows walks without them while
    /// they are made; once made they are attached, and the walk is the same either way.
    @Test func rowsMadeInTheBackgroundAreAttachedOnceMade() throws {
        let graph = randomGraph(seed: 5, characters: 2, insights: 100, relationships: 500).snapshot
        let cache = MaskedStepsCache(snapshot: graph)
        #expect(cache.buildsInBackground)
        let mask = EdgeMask(direction: .both, minimumStrength: 0.2, nodes: graph.nodes(ofCharacter: 0))
        let first = cache.attach(to: mask)
        #expect(first.precomputed == nil)
        cache.waitForBackgroundWork()
        #expect(cache.count == 1)
        let later = cache.attach(to: mask)
        let rows = try #require(later.precomputed)
        #expect(cache.attach(to: mask).precomputed === rows)
        let starts = Array(graph.nodes(ofCharacter: 0).prefix(3))
        let a = graph.breadthFirst(from: starts, maxHops: 3, mask: first)
        let b = graph.breadthFirst(from: starts, maxHops: 3, mask: later)
        #expect(a.order == b.order && parents(a) == parents(b))
    }
}
