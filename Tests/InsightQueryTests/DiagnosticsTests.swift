import Testing
@testable import InsightQuery

@Suite struct DiagnosticsTests {
    @Test func editDistanceCountsTranspositionsOnce() {
        #expect(Suggestions.distance("confidence", "confidnce") == 1)
        #expect(Suggestions.distance("WHERE", "WHREE") == 1)
        #expect(Suggestions.distance("supports", "suports") == 1)
        #expect(Suggestions.distance("", "abc") == 3)
        #expect(Suggestions.distance("Elena", "elena") == 0)
    }

    @Test func suggestionsStayClose() {
        #expect(Suggestions.closest(to: "elenna", in: ["elena", "jake", "marcus", "helena"]) == ["elena", "helena"])
        #expect(Suggestions.closest(to: "xyz", in: ["elena", "jake"]).isEmpty)
        #expect(Suggestions.didYouMean("tpye", in: ["type", "id"]) == "; did you mean 'type'?")
        #expect(Suggestions.didYouMean(String(repeating: "a", count: 500), in: ["a"]) == "")
    }

    @Test func excerptHandlesTabsOtherLinesAndEnds() {
        let source = "FROM ALL\n\tWHERE x = 1\n"
        let range = SourceRange(SourcePosition(line: 2, column: 8, offset: 16), SourcePosition(line: 2, column: 9, offset: 17))
        #expect(QueryError.excerpt(of: source, range: range) == "\tWHERE x = 1\n\t      ^")
        let end = SourceRange(SourcePosition(line: 3, column: 1, offset: 22), SourcePosition(line: 3, column: 1, offset: 22))
        #expect(QueryError.excerpt(of: source, range: end) == "\n^")
        let control = QueryError.excerpt(of: "a\u{7}b", range: SourceRange(SourcePosition(line: 1, column: 2, offset: 1),
                                                                          SourcePosition(line: 1, column: 3, offset: 2)))
        #expect(control == "a b\n ^")
    }

    @Test func errorsCarryFileAndStage() {
        let error = Fixtures.error("FROM ALL\nWHERE id = 'x'", file: "Queries/a.igq")
        #expect(error?.description == """
            Queries/a.igq:2:12: type error: cannot compare id (an integer) with 'x' (a string)
            WHERE id = 'x'
                       ^~~
            """)
    }
}
