import DemoGraph
import Foundation
import InsightGraph
import Testing
@testable import InsightQuery

/// `ppr()` on the core's PageRank: exact values on small graphs, NetworkX's answers on random
/// graphs with walk filters, and the same numbers in debug and release builds (CI runs this suite
/// in both; the release build once computed these scores through a miscompiled loop).
@Suite struct PageRankTests {
    /// 1 → 2 (strength 1), walked forward from 1: 2 has no step, so its mass returns to the seed.
    /// Fixed point: x1 = 0.15 + 0.85·x2, x2 = 0.85·x1, so x1 = 0.15 / (1 − 0.85²).
    @Test func twoInsightChainHasTheExactFixedPoint() throws {
        var b = GraphBuilder()
        b.add(Character(id: 1, name: "Ana", normalizedName: "ana"))
        b.add(Insight(id: 1, characterId: 1, content: "first"))
        b.add(Insight(id: 2, characterId: 1, content: "second"))
        b.add(Relationship(id: 1, fromInsightId: 1, toInsightId: 2, type: "leads_to", strength: 1))
        let graph = b.build()
        let r = try IGQ.run("FROM CHARACTER 'ana' SEED INSIGHT 1 EXPAND 1 HOP OUT RANK BY ppr(tolerance: 0.000000001) RETURN id, score",
                            graph: graph, now: Fixtures.now)
        let x1 = 0.15 / (1 - 0.85 * 0.85)
        #expect(Fixtures.ints(r, "id") == [1, 2])
        #expect(abs(number(r, row: 0) - x1) < 1e-8)
        #expect(abs(number(r, row: 1) - 0.85 * x1) < 1e-8)
        // The default, the engine's local push: the same order, mass 1, the seed above its restart share.
        let push = try IGQ.run("FROM CHARACTER 'ana' SEED INSIGHT 1 EXPAND 1 HOP OUT RANK BY ppr RETURN id, score",
                               graph: graph, now: Fixtures.now)
        #expect(Fixtures.ints(push, "id") == [1, 2])
        #expect(abs(number(push, row: 0) + number(push, row: 1) - 1) < 1e-9)
        #expect(number(push, row: 0) >= 0.15)
        #expect(abs(number(push, row: 0) - x1) < 0.02)
    }

    /// The demo query of the release-build report: mass 1 over what the walk reaches, the seed
    /// first with NetworkX's score.
    @Test func demoSeedKeepsItsShareAndMassSumsToOne() throws {
        for formula in ["ppr(tolerance: 0.000001)", "ppr"] {
            let r = try IGQ.run("FROM CHARACTER 'elena' SEED INSIGHT 130 EXPAND 6 HOPS BOTH RANK BY \(formula) LIMIT 100 RETURN id, score",
                                graph: DemoData.graph, now: Fixtures.now)
            let scores = (0..<r.rows.count).map { number(r, row: $0) }
            #expect(r.rows.count == 31, "\(formula)")
            #expect(abs(scores.reduce(0, +) - 1) < 1e-6, "\(formula)")
            #expect(Fixtures.ints(r, "id").first == 130, "\(formula)")
            // Power iteration reaches every row; the push scores only what its residuals reached.
            if formula != "ppr" { #expect(scores.allSatisfy { $0 > 0 }, "\(formula)") }
            // Power iteration: NetworkX's value; the local push is within its error of it.
            #expect(abs(scores[0] - 0.267) < (formula == "ppr" ? 0.02 : 0.0005), "\(formula)")
        }
    }

    /// The max-nodes limit applies to what the walk touches, not to the character's size: a seed
    /// in a small component ranks in a character larger than the limit; a larger component fails
    /// with the limit's name.
    @Test func nodeLimitCountsWhatTheWalkTouches() throws {
        var b = GraphBuilder()
        b.add(Character(id: 1, name: "Ana", normalizedName: "ana"))
        for id in 1...12 { b.add(Insight(id: id, characterId: 1, content: "insight \(id)")) }
        b.add(Relationship(id: 1, fromInsightId: 1, toInsightId: 2, type: "supports", strength: 0.5))
        for id in 3...7 { b.add(Relationship(id: id, fromInsightId: id, toInsightId: id + 1, type: "supports", strength: 0.5)) }
        let graph = b.build()
        var limits = QueryLimits.default
        limits.maxNodesExpanded = 4
        let small = try IGQ.run("FROM CHARACTER 'ana' SEED INSIGHT 1 RANK BY ppr RETURN id, score", graph: graph, limits: limits,
                                now: Fixtures.now)
        #expect(Fixtures.ints(small, "id") == [1])
        do {
            _ = try IGQ.run("FROM CHARACTER 'ana' SEED INSIGHT 3 RANK BY ppr RETURN id", graph: graph, limits: limits, now: Fixtures.now)
            Issue.record("a component of 6 insights passed a limit of 4")
        } catch {
            #expect(error.stage == .limit)
            #expect(error.description.contains("ppr() would walk more than 4 insights"))
        }
    }

    /// Random graphs: IGQ's `ppr()` under VIA / MIN STRENGTH / direction equals NetworkX's
    /// `pagerank` (alpha 0.85, personalization = seed weights) on the graph those filters leave.
    @Test(arguments: NetworkXCases.all.indices)
    func agreesWithNetworkX(_ index: Int) throws {
        let c = NetworkXCases.all[index]
        var query = "FROM CHARACTER 'c\(index)' SEED "
        query += c.seeds.map { "INSIGHT \($0.id) WEIGHT \($0.weight)" }.joined(separator: ", ")
        query += " EXPAND 60 HOPS"
        if let via = c.via { query += " VIA " + via.joined(separator: ", ") }
        if let minimum = c.minStrength { query += " MIN STRENGTH \(minimum)" }
        query += " \(c.direction) RANK BY ppr(tolerance: 0.000000000001) LIMIT 1000 RETURN id, score"
        var limits = QueryLimits.default
        limits.maxHops = 60
        let r = try IGQ.run(query, graph: NetworkXCases.graph, limits: limits, now: Fixtures.now)
        var actual: [Int: Double] = [:]
        for row in 0..<r.rows.count where number(r, row: row) > 1e-14 {
            actual[Int(Fixtures.ints(r, "id")[row])] = number(r, row: row)
        }
        #expect(Set(actual.keys) == Set(c.expected.keys), "case \(index): \(query)")
        for (id, expected) in c.expected {
            #expect(abs((actual[id] ?? 0) - expected) < 1e-9, "case \(index), insight \(id)")
        }
    }

    func number(_ r: QueryResult, row: Int) -> Double {
        if case .number(let d)? = r.value("score", row: row) { return d }
        return .nan
    }
}

/// `Resources/ppr-networkx.json`, written by `Resources/make_ppr_fixtures.py`.
enum NetworkXCases {
    struct Case {
        var via: [String]?
        var minStrength: Double?
        var direction: String
        var seeds: [(id: Int, weight: Double)]
        var expected: [Int: Double]
    }

    static let (all, graph): ([Case], GraphSnapshot) = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/ppr-networkx.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else {
            Issue.record("Resources/ppr-networkx.json is missing or unreadable")
            var empty = GraphBuilder()
            return ([], empty.build())
        }
        var b = GraphBuilder()
        var all: [Case] = []
        for (index, c) in cases.enumerated() {
            b.add(Character(id: index + 1, name: "C\(index)", normalizedName: "c\(index)"))
            for id in c["insights"] as? [Int] ?? [] { b.add(Insight(id: id, characterId: index + 1, content: "insight \(id)")) }
            for r in c["relationships"] as? [[String: Any]] ?? [] {
                b.add(Relationship(id: r["id"] as! Int, fromInsightId: r["from"] as? Int, toInsightId: r["to"] as? Int,
                                   type: r["type"] as? String, strength: r["strength"] as? Double))
            }
            let seeds = (c["seeds"] as? [[Any]] ?? []).map { (id: $0[0] as! Int, weight: ($0[1] as! NSNumber).doubleValue) }
            var expected: [Int: Double] = [:]
            for (key, value) in c["expected"] as? [String: Double] ?? [:] { expected[Int(key)!] = value }
            all.append(Case(via: c["via"] as? [String], minStrength: c["min_strength"] as? Double,
                            direction: c["direction"] as! String, seeds: seeds, expected: expected))
        }
        return (all, b.build())
    }()
}
