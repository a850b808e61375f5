import InsightGraph
import Testing
@testable import InsightQuery

/// Name resolution and type checking: every error here is raised before anything runs.
@Suite struct BinderTests {
    func message(_ text: String, _ parameters: [String: QueryValue] = [:]) -> String? {
        Fixtures.error(text, parameters)?.description
    }

    @Test func goldenNameErrors() {
        #expect(message("FROM CHARACTER 'elenna'") == """
            q.igq:1:16: name error: unknown character 'elenna'; did you mean 'elena'?
            FROM CHARACTER 'elenna'
                           ^~~~~~~~
            """)
        #expect(message("FROM CHARACTER 'zed'") == """
            q.igq:1:16: name error: unknown character 'zed'; known characters: elena, jake, marcus
            FROM CHARACTER 'zed'
                           ^~~~~
            """)
        #expect(message("FROM CHARACTER 'elena'\nWHERE confidnce >= 0.6") == """
            q.igq:2:7: name error: unknown insight field 'confidnce'; did you mean 'confidence'?
            WHERE confidnce >= 0.6
                  ^~~~~~~~~
            """)
        #expect(message("FROM CHARACTER 'elena' SEED TRIGGER 'ocean' EXPAND 1 HOP VIA suports") == """
            q.igq:1:62: name error: unknown relationship type 'suports'; did you mean 'supports'?
            FROM CHARACTER 'elena' SEED TRIGGER 'ocean' EXPAND 1 HOP VIA suports
                                                                         ^~~~~~~
            """)
        #expect(Fixtures.error("FROM ALL WHERE type = 'preferance'")?.headline
                == "q.igq:1:23: name error: no insight has type 'preferance'; did you mean 'preference'?")
        #expect(Fixtures.error("FROM ALL RETURN id, contnet")?.headline
                == "q.igq:1:21: name error: unknown column 'contnet'; did you mean 'content'?")
        #expect(Fixtures.error("FROM ALL SEED INSIGHT 10 RANK BY pagerank")?.headline
                == "q.igq:1:34: name error: unknown ranking signal 'pagerank' (signals: ppr, recency, seed, proximity, confidence, importance, emotional_valence)")
        #expect(Fixtures.error("FROM ALL SEED INSIGHT 10 RANK BY ppr(dampin: 0.5)")?.headline
                == "q.igq:1:38: name error: unknown argument 'dampin'; did you mean 'damping'? (ppr takes damping, tolerance)")
        #expect(Fixtures.error("PATH FROM INSIGHT 10 TO INSIGHT 999")?.headline
                == "q.igq:1:33: name error: no insight with id 999 in the graph")
        #expect(Fixtures.error("COUNT RELATIONSHIPS WHERE strenght > 0.5")?.headline
                == "q.igq:1:27: name error: unknown relationship field 'strenght'; did you mean 'strength'?")
    }

    @Test func goldenTypeErrors() {
        #expect(message("FROM CHARACTER 'elena' WHERE confidence > 'high'") == """
            q.igq:1:43: type error: cannot compare confidence (a number) with 'high' (a string)
            FROM CHARACTER 'elena' WHERE confidence > 'high'
                                                      ^~~~~~
            """)
        #expect(Fixtures.error("FROM ALL WHERE discovery_date > '2025-01-01'")?.headline
                == "q.igq:1:33: type error: cannot compare discovery_date (a timestamp) with '2025-01-01' (a string); write timestamps without quotes, as in 2025-03-01")
        #expect(Fixtures.error("FROM ALL WHERE importance IN (1, 'two')")?.headline
                == "q.igq:1:30: type error: cannot compare importance (an integer) with 'two' (a string)")
        #expect(Fixtures.error("FROM ALL WHERE triggers = 'ocean'")?.headline
                == "q.igq:1:16: type error: 'triggers' is a list; use CONTAINS or MATCHES")
        #expect(Fixtures.error("FROM ALL WHERE confidence = NULL")?.headline
                == "q.igq:1:29: type error: comparisons with NULL are never true; use confidence IS NULL")
        #expect(Fixtures.error("FROM ALL LIMIT 'ten'")?.headline
                == "q.igq:1:16: type error: expected an integer for LIMIT, found a string 'ten'")
        #expect(Fixtures.error("FROM ALL SEED INSIGHT 10 RANK BY recency(half_life: 90)")?.headline
                == "q.igq:1:53: type error: expected a duration for half_life, found an integer 90; add a unit, as in 90d")
        #expect(Fixtures.error("FROM ALL RANK BY content")?.headline
                == "q.igq:1:18: type error: RANK BY multiplies numbers; 'content' is a string (use confidence, importance or emotional_valence)")
        #expect(Fixtures.error("FROM ALL WHERE importance CONTAINS 'x'")?.headline
                == "q.igq:1:16: type error: CONTAINS needs a text or list field; 'importance' is an integer")
        #expect(Fixtures.error("FROM ALL DIVERSIFY 2")?.headline
                == "q.igq:1:20: type error: DIVERSIFY takes a number from 0 (most diverse) to 1 (pure score), got 2.0")
    }

    @Test func semanticChecks() {
        #expect(Fixtures.error("FROM ALL EXPAND 2 HOPS")?.headline
                == "q.igq:1:10: name error: EXPAND walks from seeds; add SEED MESSAGE, SEED INSIGHT or SEED TRIGGER before WHERE")
        #expect(Fixtures.error("FROM ALL RANK BY ppr * confidence")?.headline
                == "q.igq:1:18: name error: this ranking needs seeds (ppr, seed and proximity start from them); add SEED ...")
        #expect(Fixtures.error("COUNT INSIGHTS WHERE TRIGGERED BY 'x' GROUP BY triggers")?.headline
                == "q.igq:1:48: type error: cannot group by the list 'triggers'")
        #expect(Fixtures.error("TIMELINE OF CHARACTER 'elena' BETWEEN 2025-05-01 AND 2025-01-01")?.headline
                == "q.igq:1:54: type error: the range ends (2025-01-01T00:00:00Z) before it starts (2025-05-01T00:00:00Z)")
    }

    @Test func parametersAreTypedByPosition() throws {
        let result = try Fixtures.run("FROM CHARACTER $who WHERE confidence >= $min AND discovery_date >= $since AND type IN $types LIMIT $n",
                                      ["who": .untyped("elena"), "min": .untyped("0.5"), "since": .untyped("2025-01-01"),
                                       "types": .untyped("preference, knowledge_evolution"), "n": .untyped("5")])
        #expect(Fixtures.ints(result, "id") == [11, 12])
        #expect(Fixtures.error("FROM ALL LIMIT $n", ["n": .untyped("many")])?.headline
                == "q.igq:1:16: type error: parameter $n is 'many', which is not an integer")
        #expect(Fixtures.error("FROM CHARACTER $whom", ["who": .string("elena")])?.headline
                == "q.igq:1:16: name error: parameter $whom has no value; pass --param whom=...; did you mean 'who'?")
        #expect(Fixtures.error("FROM ALL WHERE importance IN $xs", ["xs": .untyped("1,x")])?.headline
                == "q.igq:1:30: type error: cannot compare importance (an integer) with 'x' (a string)")
    }

    @Test func limitsAreCheckedBeforeRunning() {
        #expect(Fixtures.error("FROM ALL SEED INSIGHT 10 EXPAND 9 HOPS")?.headline
                == "q.igq:1:33: limit exceeded: 9 hops is above the max-hops limit of 6")
        #expect(Fixtures.error("FROM ALL LIMIT 20", limits: QueryLimits(maxRows: 10))?.headline
                == "q.igq:1:16: limit exceeded: LIMIT 20 is above the max-rows limit of 10")
    }
}
