import Testing
@testable import InsightStore

@Suite struct ArrayParserTests {
    func parse(_ text: String) throws -> [String?] { try ArrayParser.parse(Array(text.utf8)) }

    @Test func emptyAndSimple() throws {
        #expect(try parse("{}") == [])
        #expect(try parse("{a}") == ["a"])
        #expect(try parse("{ocean,reef,diving}") == ["ocean", "reef", "diving"])
    }

    @Test func nullElementVersusQuotedNULL() throws {
        #expect(try parse("{NULL}") == [nil])
        #expect(try parse("{null,a}") == [nil, "a"])
        #expect(try parse("{\"NULL\"}") == ["NULL"])
        #expect(try parse("{NULLS}") == ["NULLS"])
        #expect(try parse("{\\NULL}") == ["NULL"])
    }

    @Test func quotedElements() throws {
        #expect(try parse("{\"\"}") == [""])
        #expect(try parse("{\"a,b\",\"c d\"}") == ["a,b", "c d"])
        #expect(try parse("{\"say \\\"hi\\\"\"}") == ["say \"hi\""])
        #expect(try parse("{\"back\\\\slash\"}") == ["back\\slash"])
        #expect(try parse("{\"{braces}\",\"}\"}") == ["{braces}", "}"])
        #expect(try parse("{\"  spaced  \"}") == ["  spaced  "])
        #expect(try parse("{\"café\",日本}") == ["café", "日本"])
    }

    @Test func unquotedWhitespaceAndEscapes() throws {
        #expect(try parse("{ a , b }") == ["a", "b"])
        #expect(try parse("{a\\,b}") == ["a,b"])
        #expect(try parse("{a\\ }") == ["a "])
        #expect(try parse("{two words}") == ["two words"])
    }

    @Test func dimensionsAndNesting() throws {
        #expect(try parse("[0:1]={a,b}") == ["a", "b"])
        #expect(try parse("{{a,b},{c,NULL}}") == ["a", "b", "c", nil])
        #expect(try parse("{{}}") == [])
    }

    @Test func malformedInputThrowsWithOffset() {
        #expect(throws: TextParseError(.array, at: 0, "expected '{'")) { try parse("") }
        #expect(throws: TextParseError(.array, at: 0, "expected '{'")) { try parse("a,b") }
        #expect(throws: TextParseError(.array, at: 2, "unterminated array: expected '}'")) { try parse("{a") }
        #expect(throws: TextParseError(.array, at: 1, "unterminated quoted element")) { try parse("{\"abc}") }
        #expect(throws: TextParseError(.array, at: 3, "expected an element before ','")) { try parse("{a,,b}") }
        #expect(throws: TextParseError(.array, at: 3, "expected an element before '}'")) { try parse("{a,}") }
        #expect(throws: TextParseError(.array, at: 1, "expected an element before ','")) { try parse("{,}") }
        #expect(throws: TextParseError(.array, at: 3, "unexpected text after the array")) { try parse("{a}x") }
        #expect(throws: TextParseError(.array, at: 2, "unexpected '\"' in an unquoted element")) { try parse("{a\"b\"}") }
        #expect(throws: TextParseError(.array, at: 3, "backslash at the end of the array")) { try parse("{a\\") }
        #expect(throws: TextParseError(.array, at: 5, "expected ',' or '}'")) { try parse("{\"a\" b}") }
        #expect(throws: TextParseError(.array, at: 5, "expected '=' after the dimensions")) { try parse("[1:2]") }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SeededGenerator(seed: 3)
        let alphabet = Array("{},\"\\ aNUL[]:=1".utf8)
        for _ in 0..<50_000 {
            let bytes = (0..<Int.random(in: 0...16, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? ArrayParser.parse(bytes)
        }
    }
}
