import Testing
@testable import InsightGraph
import GraphTestSupport

@Suite struct ScoringTests {
    /// The bound the ranking uses to skip nodes never falls below a total actually computed, for
    /// any row (NULLs, NaN, out-of-range values, future dates) and any non-negative weights.
    @Test func scoreBoundIsNeverBelowTheTotal() throws {
        var rng = SplitMix(seed: 5)
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &rng) ? value : nil }
        var g = TestGraph()
        let now = Timestamp(secondsSinceEpoch: 1_800_000_000)
        for id in 1...300 {
            let confidence = maybe([Double.nan, -0.5, 0, 0.3, 1, 1.7].randomElement(using: &rng)!)
            g.insight(id, confidence: confidence, importance: maybe(Int.random(in: -3...14, using: &rng)),
                      valence: maybe(Double.random(in: -2...2, using: &rng)),
                      discovered: maybe(Timestamp(secondsSinceEpoch: Double.random(in: 1_500_000_000...1_900_000_000, using: &rng))))
        }
        let index = RetrievalIndex(snapshot: g.build())
        for _ in 0..<200 {
            var w = ScoreWeights()
            w.graph = Double.random(in: 0...2, using: &rng)
            w.confidence = Double.random(in: 0...2, using: &rng)
            w.importance = Double.random(in: 0...2, using: &rng)
            w.recency = Double.random(in: 0...2, using: &rng)
            w.valence = Double.random(in: 0...2, using: &rng)
            w.neutral = Double.random(in: 0...1.5, using: &rng)
            w.valenceTarget = maybe(Double.random(in: -1...1, using: &rng))
            w.now = maybe(now)
            let bound = try #require(ScoreBound(w))
            let graphMax = Double.random(in: 0.001...1, using: &rng)
            for u in 0..<index.snapshot.nodeCount {
                let graphRaw = Double.random(in: 0...graphMax, using: &rng)
                let total = w.components(node: u, graphRaw: graphRaw, graphMax: graphMax, index: index).total
                #expect(!bound.isBelow(total, graphRaw: graphRaw, graphMax: graphMax), "node \(u), weights \(w)")
                // And it is a bound that prunes: a score beyond every weight's reach is out of reach.
                #expect(bound.isBelow(w.graph + 4 * 2 * 1.5 + 1, graphRaw: graphRaw, graphMax: graphMax))
            }
        }
        var negative = ScoreWeights()
        negative.recency = -0.1
        #expect(ScoreBound(negative) == nil)
    }
}
