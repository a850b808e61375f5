import Foundation
import InsightGraph
import Testing
@testable import InsightQuery

/// Runs queries on the hand-built graph in ``Fixtures`` (drawn there) and checks rows exactly.
@Suite struct ExecutorTests {
    func run(_ text: String) throws -> QueryResult { try Fixtures.run(text) }
    func ids(_ r: QueryResult, _ column: String) -> [Int64] { Fixtures.ints(r, column) }

    @Test func filtersWithThreeValuedLogic() throws {
        #expect(ids(try run("FROM CHARACTER 'elena' WHERE confidence >= 0.6"), "id") == [10, 11, 12])
        // 14 has no importance: neither `< 5` nor `NOT (< 5)` is true for it.
        #expect(ids(try run("FROM CHARACTER 'elena' WHERE importance < 5"), "id") == [13])
        #expect(ids(try run("FROM CHARACTER 'elena' WHERE NOT importance < 5"), "id") == [10, 11, 12])
        #expect(ids(try run("FROM CHARACTER 'elena' WHERE importance IS NULL"), "id") == [14])
        #expect(ids(try run("FROM ALL WHERE triggers CONTAINS 'AI'"), "id") == [20, 21])
        #expect(ids(try run("FROM ALL WHERE content CONTAINS 'QUIET'"), "id") == [11, 14])
        #expect(ids(try run("FROM ALL WHERE content MATCHES 'quiet mornings' AND NOT content MATCHES 'writing'"), "id") == [14])
        #expect(ids(try run("FROM ALL WHERE TRIGGERED BY 'Marine-Conservation matters'"), "id") == [10])
        #expect(ids(try run("FROM ALL WHERE type IN ('preference') OR emotional_valence < 0"), "id") == [11, 13, 14])
        #expect(ids(try run("FROM ALL WHERE discovery_date >= 2025-02-01 AND discovery_date < 2025-03-01T00:00:01Z"), "id") == [11, 12])
        #expect(ids(try run("FROM ALL WHERE character = 'marcus' AND importance != 6"), "id") == [21])
        #expect(ids(try run("FROM ALL WHERE confidence > emotional_valence AND emotional_valence < 0"), "id") == [13])
    }

    @Test func seedsExpandAndProximityRanking() throws {
        // Seed 10 (trigger 'ocean'); out-walk 2 hops: 12 (0.8), 11 (0.2 direct, 0.8 × 0.5 = 0.4 via 12),
        // 14 (within 2 hops only 10→11→14: 0.2 × 0.9; the stronger 10→12→11→14 takes 3).
        let r = try run("FROM CHARACTER 'elena' SEED MESSAGE 'near the OCEAN today' EXPAND 2 HOPS RANK BY proximity RETURN id, hops, score")
        #expect(ids(r, "id") == [10, 12, 11, 14])
        #expect(ids(r, "hops") == [0, 1, 1, 2])
        let scores = (0..<r.rows.count).map { r.value("score", row: $0) }
        #expect(scores == [.number(1), .number(0.8), .number(0.4), .number(0.2 * 0.9)])
    }

    /// Without RANK BY, a seeded query ranks as `retrieve` does: with only LIMIT, the same ids,
    /// order and scores; with EXPAND, retrieve's order among the visited rows, unscored rows last.
    @Test func seededQueryWithoutRankByRanksAsRetrieve() throws {
        var options = RetrievalOptions()
        options.explain = false
        options.weights.now = Fixtures.now
        let retriever = Retriever(index: RetrievalIndex(snapshot: Fixtures.graph))
        for limit in [1, 2, 10] {
            options.limit = limit
            let expected = try retriever.retrieve(character: "elena", message: "near the OCEAN today", options: options)
            let r = try run("FROM CHARACTER 'elena' SEED MESSAGE 'near the OCEAN today' LIMIT \(limit) RETURN id, score")
            #expect(ids(r, "id") == expected.results.map { Int64($0.id) })
            #expect((0..<r.rows.count).map { r.value("score", row: $0) } == expected.results.map { .number($0.score) })
        }
        let all = try retriever.scoreAll(character: "elena", message: "near the OCEAN today", options: options).map { Int64($0.id) }
        let expanded = try run("FROM CHARACTER 'elena' SEED MESSAGE 'near the OCEAN today' EXPAND 1 HOP OUT RETURN id")
        let visited: Set<Int64> = [10, 12, 11]
        #expect(ids(expanded, "id") == all.filter(visited.contains) + [10, 11, 12].filter { !all.contains($0) })
    }

    @Test func filterRestrictsResultsNotTheWalk() throws {
        // 12 fails the filter but the walk still passes through it to reach 11 at 2 hops.
        let r = try run("FROM CHARACTER 'elena' SEED INSIGHT 10 WHERE type != 'knowledge_evolution' EXPAND 2 HOPS VIA supports, builds_on RETURN id")
        #expect(ids(r, "id") == [10, 11])
        #expect(r.subgraph.insightIds == [10, 11] && r.subgraph.relationshipIds == [104])
    }

    @Test func walkOptions() throws {
        #expect(ids(try run("FROM CHARACTER 'elena' SEED INSIGHT 10 EXPAND 1 HOP IN"), "id") == [10, 13])
        #expect(ids(try run("FROM CHARACTER 'elena' SEED INSIGHT 10 EXPAND 1 HOP MIN STRENGTH 0.5 BOTH"), "id") == [10, 12])
        #expect(ids(try run("FROM CHARACTER 'elena' SEED INSIGHT 10 EXPAND 3 HOPS EDGES WHERE to_type != 'preference'"), "id") == [10, 12])
        #expect(ids(try run("FROM CHARACTER 'elena' SEED INSIGHT 10 EXPAND 3 HOPS MAX NODES 2"), "id").count == 2)
    }

    @Test func pageRankMassAndWhy() throws {
        let r = try run("""
            FROM CHARACTER 'elena' SEED INSIGHT 10 EXPAND 6 HOPS BOTH
            RANK BY ppr(damping: 0.85, tolerance: 0.000000001) RETURN id, score, why
            """)
        var total = 0.0
        for row in 0..<r.rows.count { if case .number(let d)? = r.value("score", row: row) { total += d } }
        #expect(abs(total - 1) < 1e-6)
        #expect(ids(r, "id").first == 10)
        guard case .object(let why)? = r.value("why", row: 1) else { Issue.record("why is an object"); return }
        #expect(why.map(\.name) == ["seed", "reasons", "hops", "path", "via", "components"])
    }

    /// A seed's reasons are worded only when a row shows them (seeding keeps weights only), and
    /// then in the order the SEED items were given: the message's matched trigger and BM25, a
    /// trigger seed, an insight seed.
    @Test func seedReasonsFollowTheSeedItems() throws {
        let r = try run("FROM CHARACTER 'elena' SEED MESSAGE 'near the OCEAN today', TRIGGER 'ocean', INSIGHT 10 RETURN id, why")
        #expect(ids(r, "id").first == 10)  // the seed first; retrieve's ranking adds its neighbours
        guard case .object(let why)? = r.value("why", row: 0),
              case .list(let reasons)? = why.first(where: { $0.name == "reasons" })?.value else {
            Issue.record("why.reasons is a list"); return
        }
        let texts = reasons.compactMap { if case .text(let t) = $0 { t } else { nil } }
        #expect(texts.count == 4)
        #expect(texts.first == "trigger 'ocean'")
        #expect(texts.dropFirst().first?.hasPrefix("bm25 ") == true)
        #expect(Array(texts.suffix(2)) == ["trigger 'ocean'", "insight #10"])
        guard case .number(let seed)? = why.first(where: { $0.name == "seed" })?.value else { Issue.record("seed weight"); return }
        #expect(seed > 2)  // 1 (the message's only seed) + 1 (trigger) + 1 (insight)
    }

    @Test func recencyAndFieldsCombine() throws {
        // recency at now = 2025-06-01 with a 30-day half-life; 11 (Mar 1) is the newest of the seeds.
        let r = try run("FROM CHARACTER 'elena' SEED TRIGGER 'ocean', TRIGGER 'morning' RANK BY recency(half_life: 30d) * confidence RETURN id, score")
        #expect(ids(r, "id") == [11, 10])
        let expected = 0.7 * pow(2, -92.0 / 30.0)
        if case .number(let d)? = r.value("score", row: 0) { #expect(abs(d - expected) < 1e-12) } else { Issue.record("score") }
    }

    /// RANK BY followed by LIMIT keeps the best rows by a bounded selection rather than a sort: the
    /// rows must be exactly the first rows of the full ranking, ties (many, on importance) by id,
    /// within one character and across two.
    @Test func rankWithLimitIsThePrefixOfTheFullRanking() throws {
        var b = GraphBuilder()
        b.add(Character(id: 1, name: "A", normalizedName: "a"))
        b.add(Character(id: 2, name: "B", normalizedName: "b"))
        for i in 0..<120 {
            // Ids interleave the characters, so node order is not id order across them.
            b.add(Insight(id: 1000 - i * 7 % 997, characterId: 1 + i % 2, type: "t", content: "c", confidence: Double(i % 5) / 4,
                          importance: i % 3 == 0 ? nil : i % 4))
        }
        let graph = b.build()
        for source in ["FROM CHARACTER 'a'", "FROM ALL"] {
            for order in ["RANK BY importance", "RANK BY importance ASC", "RANK BY confidence * importance", "RANK BY emotional_valence ASC"] {
                let full = Fixtures.ints(try IGQ.run("\(source) \(order) RETURN id, score", graph: graph, now: Fixtures.now), "id")
                for limit in [1, 2, 5, 7, 100] {
                    let top = Fixtures.ints(try IGQ.run("\(source) \(order) LIMIT \(limit) RETURN id", graph: graph, now: Fixtures.now), "id")
                    #expect(top == Array(full.prefix(limit)), "\(source) \(order) LIMIT \(limit)")
                }
            }
        }
    }

    @Test func diversifyPrefersDifferentWords() throws {
        // 11 and 14 share 'quiet mornings'; with a low lambda the second of them drops below 12.
        let r = try run("FROM CHARACTER 'elena' SEED INSIGHT 11 WEIGHT 1, INSIGHT 14 WEIGHT 0.9, INSIGHT 12 WEIGHT 0.5 RANK BY seed DIVERSIFY 0.3 LIMIT 2")
        #expect(ids(r, "id") == [11, 12])
        #expect(ids(try run("FROM CHARACTER 'elena' SEED INSIGHT 11 WEIGHT 1, INSIGHT 14 WEIGHT 0.9, INSIGHT 12 WEIGHT 0.5 RANK BY seed LIMIT 2"), "id") == [11, 14])
    }

    @Test func strongestPathPrefersTheLargerProduct() throws {
        // 10→11 directly is 0.2; through 12 it is 0.8 × 0.5 = 0.4.
        let r = try run("PATH FROM INSIGHT 10 TO INSIGHT 11")
        #expect(ids(r, "id") == [10, 12, 11])
        #expect(r.value("score", row: 2) == .number(0.4))
        #expect(r.subgraph.relationshipIds == [100, 101])
        #expect(ids(try run("PATH FROM INSIGHT 10 TO INSIGHT 11 MAX HOPS 1"), "id") == [10, 11])
        #expect(try run("PATH FROM INSIGHT 11 TO INSIGHT 10").rows.isEmpty)
        #expect(try run("PATH FROM INSIGHT 10 TO INSIGHT 20 BOTH").rows.isEmpty)
    }

    @Test func neighbourhoodOrdersByHopsThenId() throws {
        let r = try run("NEIGHBOURHOOD OF INSIGHT 12 WITHIN 2 HOPS")
        #expect(ids(r, "id") == [12, 10, 11, 13, 14])
        #expect(ids(r, "parent") == [12, 12, 10, 11])
        #expect(ids(try run("NEIGHBOURHOOD OF INSIGHT 12 WITHIN 2 HOPS WHERE type = 'preference' LIMIT 1"), "id") == [11])
    }

    @Test func countsAndHistograms() throws {
        let byType = try run("COUNT RELATIONSHIPS FROM CHARACTER 'elena' GROUP BY type")
        #expect(byType.columns == ["type", "count"])
        #expect(byType.rows == [[.text("builds_on"), .integer(1)], [.text("contradicts"), .integer(1)],
                                [.text("leads_to"), .integer(1)], [.text("supports"), .integer(2)]])
        let histogram = try run("COUNT RELATIONSHIPS GROUP BY bucket(strength, 0.25)")
        #expect(histogram.rows == [[.number(0), .integer(1)], [.number(0.25), .integer(1)],
                                   [.number(0.5), .integer(2)], [.number(0.75), .integer(2)]])
        #expect(try run("COUNT INSIGHTS WHERE importance IS NULL").rows == [[.integer(1)]])
        #expect(try run("COUNT INSIGHTS WHERE importance > 100").rows == [[.integer(0)]])
        let monthly = try run("COUNT INSIGHTS FROM CHARACTER 'elena' GROUP BY bucket(discovery_date, 3650d)")
        #expect(monthly.rows.first == [.null, .integer(1)])
    }

    @Test func timelineAndContradictions() throws {
        let t = try run("TIMELINE OF CHARACTER 'elena' BETWEEN 2025-01-01 AND 2025-03-01 RETURN id, event")
        #expect(ids(t, "id") == [1, 2])
        #expect(ids(try run("TIMELINE OF CHARACTER 'elena' WHERE significance >= 0.7 RETURN id"), "id") == [1, 2])
        let c = try run("CONTRADICTIONS RETURN id, from_id, to_id")
        #expect(ids(c, "id") == [102, 105])
        #expect(ids(try run("CONTRADICTIONS FROM CHARACTER 'marcus' RETURN id"), "id") == [105])
        #expect(ids(try run("CONTRADICTIONS MIN STRENGTH 0.7 RETURN id"), "id") == [102])
        #expect(ids(try run("CONTRADICTIONS WHERE from_type = 'preference' RETURN id"), "id") == [102])
    }

    @Test func explainReportsEveryStage() throws {
        let r = try run("EXPLAIN FROM CHARACTER 'elena' WHERE confidence > 0.5 LIMIT 2")
        #expect(r.kind == "explain")
        #expect(r.rows.map { $0[1] } == [.text("source"), .text("filter"), .text("limit"), .text("project")])
        #expect(r.rows.map { $0[3] } == [.integer(5), .integer(3), .integer(2), .integer(2)])
    }

    @Test func runtimeLimitsNameTheLimit() {
        let tight = QueryLimits(maxNodesExpanded: 2)
        #expect(Fixtures.error("FROM CHARACTER 'elena' SEED INSIGHT 10 EXPAND 3 HOPS BOTH", limits: tight)?.headline
                == "q.igq:1:40: limit exceeded: the traversal visited more than 2 nodes (the max-nodes limit); lower the hops, add VIA or MIN STRENGTH, or set MAX NODES")
        #expect(Fixtures.error("FROM ALL", limits: QueryLimits(maxRows: 3))?.headline
                == "q.igq:1:1: limit exceeded: the query returns 7 rows, more than the max-rows limit of 3; add LIMIT")
        #expect(Fixtures.error("FROM CHARACTER 'elena' SEED INSIGHT 10 EXPAND 1 HOP", limits: QueryLimits(deadline: .zero))?.headline
                == "q.igq:1:1: limit exceeded: the query ran past its deadline of 0.0 seconds")
        #expect(Fixtures.error("FROM CHARACTER 'marcus' SEED INSIGHT 10")?.headline
                == "q.igq:1:1: execution error: seed insight #10 belongs to elena, outside FROM")
    }

    @Test func outputFormats() throws {
        let r = try run("FROM CHARACTER 'marcus' RETURN id, content, triggers")
        #expect(r.rendered(as: .jsonl) == """
            {"id":20,"content":"Neural networks fascinate me","triggers":["ai"]}
            {"id":21,"content":"I doubt the AI hype","triggers":["ai","hype"]}

            """)
        #expect(r.rendered(as: .table) == """
            id  content                       triggers
            --  ----------------------------  ----------
            20  Neural networks fascinate me  [ai]
            21  I doubt the AI hype           [ai, hype]
            (2 rows)

            """)
        let json = r.rendered(as: .json)
        #expect(json.hasPrefix(#"{"igq":1,"kind":"select","columns":["id","content","triggers"],"rows":[{"id":20,"#))
        #expect(json.contains(#""row_count":2,"subgraph":{"insights":[20,21],"relationships":[105]},"stages":[{"name":"source""#))
    }
}

@Suite struct ExecutorEdgeCaseTests {
    /// Rows the loader keeps as stored: infinite dates, NaN and out-of-range strengths, no type.
    static let odd: GraphSnapshot = {
        var b = GraphBuilder()
        b.add(Character(id: 1, name: "A", normalizedName: "a"))
        b.add(Insight(id: 1, characterId: 1, type: "t", content: "x", confidence: .nan, discoveryDate: .infinity))
        b.add(Insight(id: 2, characterId: 1, type: "t", content: "y", confidence: 2, discoveryDate: .negativeInfinity))
        b.add(Insight(id: 3, characterId: 1, content: nil, confidence: 0.5, discoveryDate: Timestamp(microsecondsSinceEpoch: 0)))
        b.add(Relationship(id: 1, fromInsightId: 1, toInsightId: 2, type: "supports", strength: .nan))
        b.add(Relationship(id: 2, fromInsightId: 2, toInsightId: 3, type: nil, strength: 7))
        b.add(Relationship(id: 3, fromInsightId: 3, toInsightId: 3, type: "contradicts", strength: -1))
        return b.build()
    }()

    func run(_ q: String) throws -> QueryResult { try IGQ.run(q, graph: Self.odd, now: Fixtures.now) }

    @Test func oddRowsNeverCrashAndFollowThePolicy() throws {
        #expect(try run("COUNT INSIGHTS GROUP BY bucket(discovery_date, 30d)").rows.count == 3)
        #expect(try run("COUNT RELATIONSHIPS GROUP BY bucket(strength, 0.5)").rows
                == [[.null, .integer(1)], [.number(-1), .integer(1)], [.number(7), .integer(1)]])
        // NaN strength weighs 0 and is never walked; 7 weighs 1.
        #expect(Fixtures.ints(try run("FROM ALL SEED INSIGHT 1 EXPAND 3 HOPS RETURN id"), "id") == [1])
        #expect(Fixtures.ints(try run("FROM ALL SEED INSIGHT 2 EXPAND 3 HOPS RETURN id"), "id") == [2, 3])
        #expect(try run("FROM ALL SEED INSIGHT 1 RANK BY recency(half_life: 1d) * confidence RETURN id, score").rows.count == 1)
        #expect(Fixtures.ints(try run("FROM ALL WHERE content IS NULL OR confidence > 1 RETURN id"), "id") == [2, 3])
        #expect(Fixtures.ints(try run("CONTRADICTIONS RETURN id"), "id") == [3])
        #expect(try run("COUNT RELATIONSHIPS GROUP BY type").rows.first == [.null, .integer(1)])
        _ = try run("FROM ALL RETURN *").rendered(as: .json)
    }
}
