import Testing
@testable import InsightQuery

@Suite struct ParserTests {
    func parse(_ text: String) throws -> Query { try IGQ.parse(text) }
    func parseError(_ text: String) -> String? {
        do { _ = try IGQ.parse(text, file: "q.igq"); return nil } catch { return error.description }
    }

    @Test func theIssueSketchParses() throws {
        let query = try parse("""
            -- what Elena should keep in mind for this message
            FROM CHARACTER 'elena'
            SEED MESSAGE $message
            WHERE confidence >= 0.6 AND type IN ('emotional_pattern', 'preference')
            EXPAND 2 HOPS VIA supports, builds_on MIN STRENGTH 0.3 BOTH
            RANK BY ppr(damping: 0.85) * confidence * recency(half_life: 90d)
            DIVERSIFY 0.7
            LIMIT 8
            RETURN id, type, content, score, why
            """)
        guard case .select(let s) = query.statement else { Issue.record("not a select"); return }
        #expect(s.seeds.count == 1)
        #expect(s.expand?.walk.via.map(\.text) == ["supports", "builds_on"])
        #expect(s.expand?.walk.direction == .both)
        #expect(s.columns?.map(\.text) == ["id", "type", "content", "score", "why"])
        guard case .product(let left, _)? = s.rank?.formula.kind, case .product(let ppr, _) = left.kind,
              case .call(let name, let args) = ppr.kind else { Issue.record("rank shape"); return }
        #expect(name.text == "ppr" && args.first?.label.text == "damping")
        guard case .and(_, let membership)? = s.filter?.kind, case .membership(_, _, let negated) = membership.kind else {
            Issue.record("filter shape"); return
        }
        #expect(!negated)
    }

    @Test func precedenceAndParentheses() throws {
        let query = try parse("FROM ALL WHERE NOT a = 1 OR b = 2 AND (c = 3 OR d IS NOT NULL)")
        guard case .select(let s) = query.statement, case .or(let left, let right)? = s.filter?.kind else {
            Issue.record("expected OR at the top"); return
        }
        guard case .not = left.kind, case .and(_, let grouped) = right.kind, case .or = grouped.kind else {
            Issue.record("NOT binds tighter than OR, AND tighter than OR"); return
        }
    }

    @Test func everyFormParses() throws {
        let forms = [
            "PATH FROM INSIGHT 1 TO INSIGHT 2 VIA supports OUT MAX HOPS 4 RETURN id",
            "NEIGHBOURHOOD OF INSIGHT 7 WITHIN 2 HOPS VIA leads_to EDGES WHERE strength > 0.5 WHERE type = 'x' LIMIT 3",
            "NEIGHBORHOOD OF INSIGHT 7",
            "COUNT INSIGHTS FROM CHARACTER 'elena' WHERE confidence > 0.5 GROUP BY type, bucket(confidence, 0.1)",
            "COUNT RELATIONSHIPS GROUP BY type",
            "TIMELINE OF CHARACTER 'elena' BETWEEN 2025-01-01 AND 2025-06-30 WHERE significance > 0.5 LIMIT 5",
            "TIMELINE OF CHARACTER $who SINCE 2025-01-01",
            "CONTRADICTIONS FROM CHARACTER 'elena' MIN STRENGTH 0.5 RETURN *",
            "EXPLAIN FROM ALL LIMIT 1;",
            "from character 'elena' seed trigger 'ocean', insight 3 weight 0.5 expand 1 hop rank by seed asc",
        ]
        for form in forms { #expect(throws: Never.self) { _ = try parse(form) } }
    }

    @Test func goldenSyntaxErrors() {
        #expect(parseError("FROM CHARACTER 'elena'\nWHERE confidence >= 0.6\nEXPAND 2 HOPS\nWHERE x = 1") == """
            q.igq:4:1: syntax error: WHERE must come before EXPAND (clauses go SEED, WHERE, EXPAND, RANK, DIVERSIFY, LIMIT, RETURN)
            WHERE x = 1
            ^~~~~
            """)
        #expect(parseError("FROM CHARACTER 'elena' LIMT 5") == """
            q.igq:1:24: syntax error: expected a clause (SEED, WHERE, EXPAND, RANK, DIVERSIFY, LIMIT, RETURN), found 'LIMT'; did you mean 'LIMIT'?
            FROM CHARACTER 'elena' LIMT 5
                                   ^~~~
            """)
        #expect(parseError("SELECT * FROM x") == """
            q.igq:1:1: syntax error: expected a query (FROM, PATH, NEIGHBOURHOOD, COUNT, TIMELINE, CONTRADICTIONS or EXPLAIN), found 'SELECT'
            SELECT * FROM x
            ^~~~~~
            """)
        #expect(parseError("FROM ALL WHERE (a = 1") == """
            q.igq:1:22: syntax error: expected ')' to close the '(' at 1:16, found end of query
            FROM ALL WHERE (a = 1
                                 ^
            """)
        #expect(parseError("FROM ALL WHERE a") == """
            q.igq:1:17: syntax error: expected a comparison (= != < <= > >=, IN, CONTAINS, MATCHES or IS NULL) after the operand, found end of query
            FROM ALL WHERE a
                            ^
            """)
        #expect(parseError("PATH FROM INSIGHT 1 TOO INSIGHT 2")?.hasPrefix(
            "q.igq:1:21: syntax error: expected TO after the first insight (PATH FROM INSIGHT 1 TO INSIGHT 2), found 'TOO'; did you mean 'TO'?") == true)
        #expect(parseError("FROM CHARACTER 'a' SEED MESAGE 'x'")?.hasPrefix(
            "q.igq:1:25: syntax error: expected MESSAGE, INSIGHT or TRIGGER after SEED, found 'MESAGE'; did you mean 'MESSAGE'?") == true)
        #expect(parseError("FROM ALL SEED INSIGHT 1 EXPAND 2 HOPS VAI supports")?.hasPrefix(
            "q.igq:1:39: syntax error: expected a clause (RANK, DIVERSIFY, LIMIT, RETURN), found 'VAI'; did you mean 'VIA'?") == true)
        #expect(parseError("FROM CHARACTR 'elena'")?.hasPrefix(
            "q.igq:1:6: syntax error: expected CHARACTER or ALL after FROM, found 'CHARACTR'; did you mean 'CHARACTER'?") == true)
        #expect(parseError("FROM ALL LIMIT 5 LIMIT 6")?.hasPrefix("q.igq:1:18: syntax error: LIMIT appears twice") == true)
    }

    @Test func deepNestingIsALimitNotACrash() {
        let deep = "FROM ALL WHERE " + String(repeating: "(", count: 10_000) + "a = 1" + String(repeating: ")", count: 10_000)
        #expect(parseError(deep)?.contains("limit exceeded: expression nests deeper than 64 levels") == true)
        let nots = "FROM ALL WHERE " + String(repeating: "NOT ", count: 10_000) + "a = 1"
        #expect(parseError(nots)?.contains("limit exceeded") == true)
    }
}

/// Kept parses (``ParsedQueries``) must be invisible: the same AST as parsing afresh, errors made
/// afresh (never kept), and no more texts kept than the capacity, the least recently used going first.
@Suite struct ParsedQueriesTests {
    @Test func keptParsesAreTheParsesAndStayWithinCapacity() throws {
        let kept = ParsedQueries(capacity: 2, maximumTextLength: 80)
        let a = "FROM CHARACTER $c SEED MESSAGE $m LIMIT 10 RETURN id, score"
        let b = "FROM CHARACTER 'elena' WHERE confidence >= 0.8 LIMIT 5"
        let c = "COUNT INSIGHTS FROM CHARACTER 'elena'"
        #expect(try kept.query(a) == Parser.parse(a))
        #expect(try kept.query(a) == Parser.parse(a))
        #expect(kept.count == 1)
        _ = try kept.query(b)
        _ = try kept.query(a)  // a is now more recent than b
        _ = try kept.query(c)
        #expect(kept.count == 2)
        #expect(kept.isKept(a) && kept.isKept(c) && !kept.isKept(b))
        #expect(try kept.query(c) == Parser.parse(c))
        // A text longer than the limit is parsed, not kept; a failing text fails each time.
        let long = a + String(repeating: " ", count: 100)
        #expect(try kept.query(long) == Parser.parse(long))
        #expect(kept.count == 2)
        for _ in 0..<2 {
            #expect(throws: QueryError.self) { try kept.query("FROM CHARACTER 'elena' LIMIT") }
        }
        #expect(kept.count == 2)
    }
}
