import Testing
@testable import InsightStore

@Suite struct CopyTextTests {
    func fields(_ line: String) throws -> [String?] {
        try CopyText.decodeLine(Array(line.utf8)).map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func splitsOnTabsAndDropsTheNewline() throws {
        #expect(try fields("1\tabc\t\n") == ["1", "abc", ""])
        #expect(try fields("only") == ["only"])
        #expect(try fields("") == [""])
    }

    @Test func nullMarker() throws {
        #expect(try fields("\\N\tx\t\\N\n") == [nil, "x", nil])
        #expect(try fields("\\\\N") == ["\\N"])
    }

    @Test func escapes() throws {
        #expect(try fields("a\\tb\tc\\nd\\r\\\\e") == ["a\tb", "c\nd\r\\e"])
        #expect(try fields("\\b\\f\\v") == ["\u{8}\u{C}\u{B}"])
        #expect(try fields("\\101\\x42\\x4a\\7") == ["ABJ\u{7}"])
        #expect(try fields("{\"a\\\\\"b\"}") == ["{\"a\\\"b\"}"])
        #expect(try fields("\\q") == ["q"])
    }

    @Test func trailingBackslashThrows() {
        #expect(throws: TextParseError(.copyRow, at: 1, "backslash at the end of a field")) { try fields("a\\") }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SeededGenerator(seed: 5)
        let alphabet = Array("\t\n\\Nnx7a0".utf8)
        for _ in 0..<50_000 {
            let bytes = (0..<Int.random(in: 0...16, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? CopyText.decodeLine(bytes)
        }
    }

    @Test func internerReturnsEqualStringsAndStopsCachingAtCapacity() {
        var interner = StringInterner(capacity: 2)
        func intern(_ text: String) -> String {
            Array(text.utf8).withUnsafeBufferPointer { interner.intern($0) }
        }
        #expect(intern("") == "")
        #expect(intern("user_pattern_recognition") == "user_pattern_recognition")
        #expect(intern("user_pattern_recognition") == "user_pattern_recognition")
        #expect(intern("leads_to") == "leads_to")  // past capacity: still correct, not cached
        #expect(intern("leads_tx") == "leads_tx")
        #expect(intern("") == "")
    }
}
