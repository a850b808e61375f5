import Testing
@testable import InsightQuery

@Suite struct ScratchTests {
    @Test func show() throws {
        let queries = [
            "FROM CHARACTER 'elena' WHERE confidence >= 0.6 RETURN id, type, confidence",
            "FROM CHARACTER 'elena' SEED MESSAGE 'I went diving near the ocean' EXPAND 2 HOPS VIA supports, builds_on BOTH RANK BY ppr(damping: 0.85) * confidence * recency(half_life: 90d) LIMIT 8 RETURN id, score, why",
            "PATH FROM INSIGHT 13 TO INSIGHT 11",
            "NEIGHBOURHOOD OF INSIGHT 10 WITHIN 2 HOPS",
            "COUNT RELATIONSHIPS GROUP BY type",
            "COUNT RELATIONSHIPS GROUP BY bucket(strength, 0.25)",
            "COUNT INSIGHTS FROM CHARACTER 'elena' GROUP BY type",
            "TIMELINE OF CHARACTER 'elena' BETWEEN 2025-01-01 AND 2025-03-01",
            "CONTRADICTIONS",
            "EXPLAIN FROM CHARACTER 'elena' SEED TRIGGER 'ocean' EXPAND 1 HOP DIVERSIFY 0.5 LIMIT 3",
            "FROM CHARACTER 'elenna'",
            "FROM CHARACTER 'elena' WHERE confidnce > 0.5",
            "FROM CHARACTER 'elena' WHERE confidence > 'high'",
            "FROM CHARACTER 'elena' SEED TRIGGER 'ocean' EXPAND 2 HOPS VIA suports",
            "FORM CHARACTER 'elena'",
            "FROM CHARACTER 'elena' WHRE x = 1",
        ]
        for q in queries {
            do {
                let r = try Fixtures.run(q)
                print(q + "\n" + r.rendered(as: .table))
            } catch {
                print(error.description + "\n")
            }
        }
    }
}
