import InsightGraph
import Testing
@testable import InsightQuery

@Suite struct LexerTests {
    func kinds(_ text: String) throws -> [TokenKind] {
        try Lexer.tokenize(text).map(\.kind)
    }

    @Test func wordsSymbolsAndPositions() throws {
        let tokens = try Lexer.tokenize("FROM x\n  WHERE a >= 1 -- note\n$p")
        #expect(tokens.map(\.kind) == [.word("FROM"), .word("x"), .word("WHERE"), .word("a"), .symbol(.greaterEqual),
                                      .integer(1), .parameter("p"), .end])
        #expect(tokens[2].range.start == SourcePosition(line: 2, column: 3, offset: 9))
        #expect(tokens[6].range.start.line == 3 && tokens[6].range.start.column == 1)
    }

    @Test func stringsWithEscapes() throws {
        #expect(try kinds(#"'it\'s' "a \"b\"" 'tab\there' '\u{e9}\\'"#)
                == [.string("it's"), .string("a \"b\""), .string("tab\there"), .string("é\\"), .end])
    }

    @Test func numbersDurationsAndTimestamps() throws {
        #expect(try kinds("42 -7 0.85 1e-3 -0.5 .5") == [.integer(42), .integer(-7), .float(0.85), .float(0.001),
                                                           .float(-0.5), .float(0.5), .end])
        let day: Int64 = 86_400_000_000
        let durations: [TokenKind] = [
            .duration(micros: 30 * day, text: "30d"), .duration(micros: 12 * 3_600_000_000, text: "12h"),
            .duration(micros: 15 * 60_000_000, text: "15m"), .duration(micros: 45_000_000, text: "45s"),
            .duration(micros: 14 * day, text: "2w"), .end]
        #expect(try kinds("30d 12h 15m 45s 2w") == durations)
        let noon = Timestamp.utc(year: 2025, month: 3, day: 1, hour: 12, minute: 30)!
        let quarter = Timestamp(microsecondsSinceEpoch: noon.microsecondsSinceEpoch + 250_000)
        let stamps: [TokenKind] = [.timestamp(Timestamp.utc(year: 2025, month: 3, day: 1)!), .timestamp(noon),
                                   .timestamp(noon), .timestamp(quarter), .end]
        #expect(try kinds("2025-03-01 2025-03-01T12:30:00Z 2025-03-01T14:30+02:00 2025-03-01T12:30:00.25Z") == stamps)
    }

    @Test func commentsAndOperators() throws {
        #expect(try kinds("-- only a comment") == [.end])
        #expect(try kinds("a <> b != c <= d ( ) [ ] , : ; * +").count == 17)
    }

    func lexError(_ text: String) -> QueryError? {
        do { _ = try Lexer.tokenize(text); return nil } catch { return error }
    }

    @Test func errorsPointAtTheProblem() {
        #expect(lexError("WHERE x = 'open")?.located(file: "<query>", source: "WHERE x = 'open").description == """
            <query>:1:11: lexer error: unterminated string; close it with ' on the same line
            WHERE x = 'open
                      ^~~~~
            """)
        let e = lexError("a = 1\nb = 30x")
        #expect(e?.headline == "<query>:2:5: lexer error: invalid number or duration '30x'; durations are whole numbers with s, m, h, d or w, as in 30d")
        #expect(lexError("x = 2025-02-30")?.headline == "<query>:1:5: lexer error: timestamp out of range (month 1-12, day within the month, hour 0-23)")
        #expect(lexError("a & b")?.headline == "<query>:1:3: lexer error: unexpected character '&' (U+26); use AND")
        #expect(lexError("'\\q'")?.headline == "<query>:1:2: lexer error: unknown escape '\\q' in string; use \\' \\\" \\\\ \\n \\t \\r or \\u{...}")
        #expect(lexError("99999999999999999999")?.stage == .lexer)
        #expect(lexError("$ x")?.headline == "<query>:1:1: lexer error: expected a parameter name after '$' (letters, digits, _)")
        #expect(lexError("'\\u{110000}'")?.stage == .lexer)
    }
}

@Suite struct TextFoldingTests {
    @Test func asciiAndUnicodePathsAgree() {
        #expect(TextFolding.words("Marine-Conservation, REEF's 2025!") == ["marine", "conservation", "reef", "s", "2025"])
        #expect(TextFolding.words("Café NAÏVE São Miguel") == ["cafe", "naive", "sao", "miguel"])
        #expect(TextFolding.words("") == [])
        #expect(TextFolding.contains(["the", "marine", "conservation", "talk"], phrase: ["marine", "conservation"]))
        #expect(!TextFolding.contains(["marine", "life", "conservation"], phrase: ["marine", "conservation"]))
    }
}
