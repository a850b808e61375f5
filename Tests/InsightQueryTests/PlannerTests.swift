import Testing
@testable import InsightQuery

@Suite struct PlannerTests {
    func plan(_ text: String) throws -> Plan {
        try IGQ.compile(text, graph: Fixtures.graph, parameters: ["m": .string("ocean")])
    }

    @Test func mainFormRunsStagesInTheDocumentedOrder() throws {
        let p = try plan("""
            FROM CHARACTER 'elena' SEED MESSAGE $m WHERE confidence >= 0.6
            EXPAND 2 HOPS VIA supports MIN STRENGTH 0.3 BOTH RANK BY ppr * confidence DIVERSIFY 0.7 LIMIT 8 RETURN id
            """)
        #expect(p.stageNames == ["source", "seeds", "filter", "expand", "rank", "diversify", "limit", "project"])
        #expect(p.kind == "select")
        #expect(p.description == """
            1. source character 'elena'
            2. seeds message 'ocean'
            3. filter confidence >= 0.6
            4. expand 2 hops via supports min strength 0.3 both
            5. rank ppr(damping: 0.85, local push) * confidence descending
            6. diversify mmr lambda 0.7
            7. limit 8
            8. project id
            """)
    }

    @Test func optionalStagesAreLeftOut() throws {
        #expect(try plan("FROM ALL").stageNames == ["source", "project"])
        #expect(try plan("FROM ALL SEED TRIGGER 'ocean'").stageNames == ["source", "seeds", "rank", "project"])
    }

    @Test func otherForms() throws {
        #expect(try plan("PATH FROM INSIGHT 13 TO INSIGHT 11").stageNames == ["path", "project"])
        #expect(try plan("NEIGHBOURHOOD OF INSIGHT 10 WHERE confidence > 0.1 LIMIT 2").stageNames
                == ["neighbourhood", "filter", "limit", "project"])
        #expect(try plan("COUNT RELATIONSHIPS WHERE strength > 0.5 GROUP BY type").stageNames == ["source", "filter", "group"])
        #expect(try plan("TIMELINE OF CHARACTER 'elena' SINCE 2025-02-01").stageNames == ["source", "project"])
        #expect(try plan("CONTRADICTIONS MIN STRENGTH 0.5 LIMIT 1").stageNames == ["source", "filter", "sort", "limit", "project"])
        #expect(try plan("EXPLAIN CONTRADICTIONS").explain)
    }
}
