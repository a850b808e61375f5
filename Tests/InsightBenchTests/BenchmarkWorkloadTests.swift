import Foundation
import GraphTestSupport
@testable import InsightBench
import InsightGraph
import Testing

/// The shared benchmark's workload (shared/bench/README.md, peers.py), hand-computed and against an
/// independent straightforward implementation.
@Suite struct BenchmarkWorkloadTests {
    /// Path 1—2—3 (weights 1), seed 1. PPR with d = 17/20 (derivation):
    ///   x3 = d·x2/2, x2 = d·(x1 + x3), x1 = 3/20 + d·x2/2
    ///   → x2 = 680/511·x1, x1 = 3/20 + 289/511·x1 → x1 = 1533/4440, x2 = 2040/4440, x3 = 867/4440.
    /// Scores x·conf with conf 0.5 (1), NULL → 0.5 (2), 1.0 (3): 0.17264, 0.22973, 0.19527 → [2, 3, 1].
    /// Flagged rows must change nothing: strength 0.2 (< 0.3), NULL, NaN, a self-loop, a
    /// cross-character edge. Parallel relationships add up: 2→3 0.5 + 3→2 0.5 = 1.
    @Test func pprHandComputedWithFlaggedRows() {
        var g = TestGraph(characters: [(1, "a"), (2, "b")])
        g.insight(1, confidence: 0.5, triggers: ["Ocean"])
        g.insight(2, confidence: nil)
        g.insight(3, confidence: 1.0)
        g.insight(10, character: 2, confidence: 1.0)
        g.edge(1, 2, 1.0)
        g.edge(2, 3, 0.5)
        g.edge(3, 2, 0.5, type: "contradicts")
        g.edge(1, 3, 0.2)
        g.edge(1, 3, nil)
        g.edge(3, 1, .nan)
        g.edge(3, 3, 0.9)
        g.edge(1, 10, 0.9)
        let index = BenchmarkWorkloadIndex(snapshot: g.build())
        let retriever = BenchmarkWorkloadRetriever(index: index)
        #expect(retriever.answer(.pprExact, character: "a", message: "the OCEAN!") == [2, 3, 1])
        // The iterate itself, against the fractions above.
        let expected = [1533.0 / 4440, 2040.0 / 4440, 867.0 / 4440]
        for (k, value) in expected.enumerated() {
            #expect(abs(retriever.pageRank.score(NodeIndex(k)) - value) < 1e-12)
        }
        #expect(retriever.answer(.pprPush(epsilon: 1e-6), character: "a", message: "ocean") == [2, 3, 1])
    }

    /// Seeds 1 (no edge: dangling) and 2 (edge 2—3 weight 1), teleport 1/2 each; the dangling mass
    /// goes back to the teleport vector:
    ///   x1 = d·x1/2 + 3/40 → x1 = 3/23 = 111/851
    ///   x2 = d·(x3 + x1/2) + 3/40, x3 = d·x2 → x2 = 400/851, x3 = 340/851 (sum 1).
    @Test func pprDanglingMassReturnsToSeeds() {
        var g = TestGraph()
        g.insight(1, triggers: ["x"])
        g.insight(2, triggers: ["x"])
        g.insight(3)
        g.edge(2, 3, 1)
        let retriever = BenchmarkWorkloadRetriever(index: BenchmarkWorkloadIndex(snapshot: g.build()))
        #expect(retriever.answer(.pprExact, character: "a", message: "x") == [2, 3, 1])
        let expected = [111.0 / 851, 400.0 / 851, 340.0 / 851]
        var total = 0.0
        for (k, value) in expected.enumerated() {
            #expect(abs(retriever.pageRank.score(NodeIndex(k)) - value) < 1e-12)
            total += retriever.pageRank.score(NodeIndex(k))
        }
        #expect(abs(total - 1) < 1e-12)
    }

    /// R-PPR ranks all of V: nodes the walk never reaches score 0 and follow by id.
    /// Seed 1, edge 1—2: x1 = 3/20 + d·x2, x2 = d·x1 → x1 = 0.5405, x2 = 0.4595.
    @Test func pprZeroScoresFollowById() {
        var g = TestGraph()
        for i in 1...12 { g.insight(i, triggers: i == 1 ? ["seed"] : nil) }
        g.edge(1, 2, 0.9)
        let retriever = BenchmarkWorkloadRetriever(index: BenchmarkWorkloadIndex(snapshot: g.build()))
        #expect(retriever.answer(.pprExact, character: "a", message: "seed") == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        #expect(retriever.answer(.pprPush(epsilon: 0.02), character: "a", message: "seed") == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    }

    /// Seed 1. Parallel 1—2 at 0.6 and 0.9: the strongest (0.9) counts. best: 1 → 1, 2 → 0.9,
    /// 5 → 0.4, 3 → 0.9·0.8 = 0.72; 4 is three hops away (not reached). conf 0.5, 0.5, 1, 1, 1:
    /// scores 0.5, 0.45, 0.72, -, 0.4 → [3, 1, 2, 5].
    @Test func hopHandComputed() {
        var g = TestGraph()
        g.insight(1, confidence: 0.5, triggers: ["seed"])
        g.insight(2, confidence: 0.5)
        g.insight(3, confidence: 1)
        g.insight(4, confidence: 1)
        g.insight(5, confidence: 1)
        g.edge(1, 2, 0.6)
        g.edge(2, 1, 0.9)
        g.edge(2, 3, 0.8)
        g.edge(3, 4, 0.9)
        g.edge(5, 1, 0.4)
        let retriever = BenchmarkWorkloadRetriever(index: BenchmarkWorkloadIndex(snapshot: g.build()))
        #expect(retriever.answer(.hop, character: "a", message: "seed") == [3, 1, 2, 5])
    }

    /// 0.95 × 0.96 = 0.9119999999999999 in binary floating point, 0.912 typed directly: equal at 12
    /// significant digits, so they tie and the lower id wins (3 before 4) — plain float comparison
    /// would put 4 first. Equal scores of symmetric neighbours also fall to the id (6 before 7).
    @Test func hopTiesAtTwelveDigitsGoToLowerId() {
        var g = TestGraph()
        g.insight(1, confidence: 0.1, triggers: ["seed"])
        g.insight(2, confidence: 0.5)
        g.insight(3, confidence: 1)
        g.insight(4, confidence: 1)
        g.insight(6, confidence: 0.2)
        g.insight(7, confidence: 0.2)
        g.edge(1, 2, 0.95)
        g.edge(2, 3, 0.96)
        g.edge(1, 4, 0.912)
        g.edge(1, 7, 0.5)
        g.edge(6, 1, 0.5)
        #expect(0.95 * 0.96 < 0.912)
        let retriever = BenchmarkWorkloadRetriever(index: BenchmarkWorkloadIndex(snapshot: g.build()))
        #expect(retriever.answer(.hop, character: "a", message: "seed") == [3, 4, 2, 1, 6, 7])
    }

    @Test func noSeedsUnknownCharacterAndExactNames() {
        var g = TestGraph()
        g.insight(1, triggers: ["ocean"])
        let retriever = BenchmarkWorkloadRetriever(index: BenchmarkWorkloadIndex(snapshot: g.build()))
        #expect(retriever.answer(.pprExact, character: "a", message: "nothing here").isEmpty)
        #expect(retriever.answer(.hop, character: "nobody", message: "ocean").isEmpty)
        #expect(retriever.answer(.hop, character: "A", message: "ocean").isEmpty)  // the spec compares exactly
        #expect(retriever.answer(.hop, character: "a", message: "oceans, oceanic").isEmpty)  // no stemming
        #expect(retriever.answer(.hop, character: "a", message: "x_ocean") == [1])
    }

    /// Non-ASCII messages take the String path: Python's lower() (final sigma included), no folding.
    @Test func nonASCIISeedsFollowPythonLowerCasing() {
        var g = TestGraph()
        g.insight(1, triggers: ["Café"])
        g.insight(2, triggers: ["ΟΔΟΣ"])
        g.insight(3, triggers: ["cafe"])
        let retriever = BenchmarkWorkloadRetriever(index: BenchmarkWorkloadIndex(snapshot: g.build()))
        #expect(retriever.answer(.hop, character: "a", message: "CAFÉ?") == [1])
        #expect(retriever.answer(.hop, character: "a", message: "η οδος!") == [2])
        #expect(retriever.answer(.hop, character: "a", message: "cafe") == [3])
    }

    /// E: strength not NULL/NaN and >= 0.3, min(strength, 1), both directions, every type alike.
    @Test func walkEdgesFollowTheSpec() {
        var g = TestGraph(characters: [(1, "a"), (2, "b")])
        for i in 1...3 { g.insight(i) }
        g.insight(9, character: 2)
        g.edge(1, 2, 0.5)
        g.edge(2, 1, 0.25, type: "leads_to")
        g.edge(1, 3, 7, type: "contradicts")
        g.edge(1, 1, 0.9)
        g.edge(1, 9, 0.9)
        g.edge(2, 3, nil)
        g.edge(3, 2, .nan)
        let snapshot = g.build()
        let sum = WalkGraph(snapshot: snapshot, policy: .benchmarkWorkload(.sum))
        #expect(Array(sum.neighbors[sum.range(of: 0)]) == [1, 2])
        #expect(Array(sum.weights[sum.range(of: 0)]) == [0.5, 1])  // 0.25 < 0.3; 7 counts as 1
        #expect(sum.range(of: 3).isEmpty)
        g = TestGraph()
        for i in 1...2 { g.insight(i) }
        g.edge(1, 2, 0.4)
        g.edge(2, 1, 0.5)
        let parallel = g.build()
        #expect(WalkGraph(snapshot: parallel, policy: .benchmarkWorkload(.sum)).weights == [0.9, 0.9])
        #expect(WalkGraph(snapshot: parallel, policy: .benchmarkWorkload(.strongest)).weights == [0.5, 0.5])
    }

    /// The bench spec's tokens(m): Python's [^\W_]+ lower-cased — no diacritic folding, "_" and
    /// combining marks separate, final sigma as Python lower-cases it.
    @Test func tokensFollowTheSpec() {
        #expect(BenchmarkWorkloadTokenizer.tokens("Ocean's café_bar, OCEAN 42") == ["ocean", "s", "café", "bar", "42"])
        #expect(BenchmarkWorkloadTokenizer.tokens("Cafe\u{301}") == ["cafe"])
        #expect(BenchmarkWorkloadTokenizer.tokens("ΟΔΟΣ") == ["οδο\u{03C2}"])
        #expect(BenchmarkWorkloadTokenizer.pythonLowercased("ΣΑΣ Σ") == "σας σ")
    }

    @Test func significantDigitsMatchPrintf() {
        var rng = SplitMix(seed: 7)
        var values: [Double] = [0.1002197265625, 821.0 / 8192, 0.95 * 0.96, 0.912, 1, 9.9999999999995, 1e-16, 5e-17, 123456.789012345]
        for _ in 0..<20_000 {
            let exponent = Double(Int.random(in: -15...6, using: &rng))
            values.append(Double.random(in: 1..<10, using: &rng) * pow(10, exponent))
        }
        for x in values {
            let printed = Double(String(format: "%.12g", x))!
            for y in [x.nextUp, x.nextDown, printed] {
                let printedY = Double(String(format: "%.12g", y))!
                #expect((SignificantDigits.key12(x) == SignificantDigits.key12(y)) == (printed == printedY), "\(x) vs \(y)")
                #expect((SignificantDigits.key12(x) < SignificantDigits.key12(y)) == (printed < printedY), "\(x) vs \(y)")
            }
            #expect(SignificantDigits.key12(-x) == -SignificantDigits.key12(x))
        }
        #expect(SignificantDigits.digits12(821.0 / 8192) == (100_219_726_562, -1))  // half to even
        #expect(SignificantDigits.key12(0) == 0)
    }

    /// The engine against a direct transcription of peers.py (dictionaries, the same formulas) on
    /// random graphs full of flagged rows, loaded in two different orders.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func agreesWithStraightforwardImplementation(seed: UInt64) {
        let (rows, snapshot) = randomGraph(seed: seed, characters: 3, insights: 150, relationships: 700)
        let shuffled = randomGraph(seed: seed, characters: 3, insights: 150, relationships: 700, shuffle: true).snapshot
        let naive = NaiveWorkload(rows)
        let engines = [BenchmarkWorkloadRetriever(index: BenchmarkWorkloadIndex(snapshot: snapshot)),
                       BenchmarkWorkloadRetriever(index: BenchmarkWorkloadIndex(snapshot: shuffled))]
        var rng = SplitMix(seed: seed &+ 100)
        let words = ["ocean", "reef", "music", "jazz", "hope", "trust", "family", "data", "ai", "forest", "zzz"]
        var overlap = 0.0, queries = 0
        for _ in 0..<60 {
            let character = "c\(Int.random(in: 1...4, using: &rng))"
            let message = (0..<Int.random(in: 1...3, using: &rng)).map { _ in words.randomElement(using: &rng)!.capitalized }
                .joined(separator: ", ") + "?"
            let exactPPR = naive.ppr(character, message)
            let exactHop = naive.hop(character, message)
            for engine in engines {
                #expect(engine.answer(.pprExact, character: character, message: message) == exactPPR, "\(character) \(message)")
                #expect(engine.answer(.hop, character: character, message: message) == exactHop, "\(character) \(message)")
            }
            let pushed = engines[0].answer(.pprPush(epsilon: 0.02), character: character, message: message)
            let common = Set(pushed).intersection(exactPPR).count
            overlap += exactPPR.isEmpty && pushed.isEmpty ? 10 : Double(common) / Double(max(pushed.count, exactPPR.count)) * 10
            queries += 1
        }
        #expect(overlap / Double(queries) >= 9.5)
    }
}

/// peers.py's Prepared, ppr and hop, transcribed with dictionaries and no shared code.
struct NaiveWorkload {
    var character: [String: Int] = [:]
    var members: [Int: [Int]] = [:]
    var triggers: [Int: [String: Set<Int>]] = [:]
    var conf: [Int: Double] = [:]
    var edges: [Int: [Pair: (sum: Double, max: Double)]] = [:]
    struct Pair: Hashable { var a: Int; var b: Int }

    init(_ rows: GraphRows) {
        for c in rows.characters.sorted(by: { $0.id < $1.id }) { if let n = c.normalizedName { character[n] = c.id } }
        var characterOf: [Int: Int] = [:]
        for i in rows.insights.sorted(by: { $0.id < $1.id }) {
            characterOf[i.id] = i.characterId!
            conf[i.id] = i.confidence ?? 0.5
            members[i.characterId!, default: []].append(i.id)
            for case let t? in i.triggers ?? [] { triggers[i.characterId!, default: [:]][t.lowercased(), default: []].insert(i.id) }
        }
        for r in rows.relationships.sorted(by: { $0.id < $1.id }) {
            guard let a = r.fromInsightId, let b = r.toInsightId, a != b, let ca = characterOf[a], let cb = characterOf[b],
                  ca == cb, let s = r.strength, !s.isNaN, s >= 0.3 else { continue }
            let w = min(s, 1)
            let key = a < b ? Pair(a: a, b: b) : Pair(a: b, b: a)
            if let e = edges[ca]?[key] { edges[ca]![key] = (e.sum + w, max(e.max, w)) } else { edges[ca, default: [:]][key] = (w, w) }
        }
    }

    func seeds(_ name: String, _ message: String) -> (Int, [Int])? {
        guard let c = character[name] else { return nil }
        var tokens = Set<String>(), current = ""
        for ch in message + " " {
            if ch.isLetter || ch.isNumber { current.append(ch) } else if !current.isEmpty { tokens.insert(current.lowercased()); current = "" }
        }
        var found = Set<Int>()
        for t in tokens { found.formUnion(triggers[c]?[t] ?? []) }
        return found.isEmpty ? nil : (c, found.sorted())
    }

    func neighbours(_ c: Int) -> [Int: [(Int, Double, Double)]] {
        var out: [Int: [(Int, Double, Double)]] = [:]
        for (pair, w) in edges[c] ?? [:] {
            out[pair.a, default: []].append((pair.b, w.sum, w.max))
            out[pair.b, default: []].append((pair.a, w.sum, w.max))
        }
        return out
    }

    func ppr(_ name: String, _ message: String) -> [Int] {
        guard let (c, s) = seeds(name, message) else { return [] }
        let nodes = members[c]!, adj = neighbours(c)
        let p = Dictionary(uniqueKeysWithValues: s.map { ($0, 1.0 / Double(s.count)) })
        var x = p
        let n = Double(nodes.count)
        for _ in 0..<10_000 {
            var next: [Int: Double] = [:]
            var dangling = 0.0
            for u in nodes {
                let xu = x[u] ?? 0
                let list = adj[u] ?? []
                if list.isEmpty { dangling += xu; continue }
                let degree = list.reduce(0) { $0 + $1.1 }
                for (v, w, _) in list { next[v, default: 0] += xu * (w / degree) }
            }
            var err = 0.0
            for u in nodes {
                let value = 0.85 * ((next[u] ?? 0) + dangling * (p[u] ?? 0)) + 0.15 * (p[u] ?? 0)
                err += abs(value - (x[u] ?? 0))
                next[u] = value
            }
            x = next
            if err < n * (1e-12 / n) { break }
        }
        return top10(nodes.map { ($0, (x[$0] ?? 0) * conf[$0]!) })
    }

    func hop(_ name: String, _ message: String) -> [Int] {
        guard let (c, s) = seeds(name, message) else { return [] }
        let adj = neighbours(c)
        var best = Dictionary(uniqueKeysWithValues: s.map { ($0, 1.0) })
        var frontier = s
        for _ in 0..<2 {
            var reached: [Int: Double] = [:]
            for u in frontier {
                for (v, _, w) in adj[u] ?? [] {
                    let product = best[u]! * w
                    if product > (best[v] ?? 0) && product > (reached[v] ?? 0) { reached[v] = product }
                }
            }
            for (v, product) in reached where product > (best[v] ?? 0) { best[v] = product }
            frontier = Array(reached.keys)
        }
        return top10(best.map { ($0.key, $0.value * conf[$0.key]!) })
    }

    func top10(_ items: [(Int, Double)]) -> [Int] {
        func round12(_ x: Double) -> Double { Double(String(format: "%.12g", x))! }
        var items = items
        if items.count > 10 {
            var cut = items.map(\.1).sorted(by: >)[9]
            cut -= abs(cut) * 1e-11
            items = items.filter { $0.1 >= cut }
        }
        items.sort { round12($0.1) != round12($1.1) ? round12($0.1) > round12($1.1) : $0.0 < $1.0 }
        return items.prefix(10).map(\.0)
    }
}
