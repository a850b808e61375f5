import Foundation
import Testing
@testable import InsightQuery

/// JSON strings: the whole-copy path for text without escapes and the scalar path agree with a
/// real JSON parser on every kind of character.
@Suite struct JSONWriterTests {
    @Test(arguments: ["plain text", "", "quote \" inside", "back\\slash", "tab\tand\nnewline\r", "\u{01}\u{1F}",
                      "line\u{2028}and\u{2029}paragraph", "é ünïcode ✓ — dash", "emoji 🙂 and 𝄞", "\u{7F} delete"])
    func stringsParseBackToThemselves(text: String) throws {
        let json = JSONWriter.string(text)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(parsed == text)
        // JavaScript-safe: the two line separators JSON allows raw are escaped.
        #expect(!json.contains("\u{2028}") && !json.contains("\u{2029}"))
        #expect(!json.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 })
    }

    @Test func textWithoutEscapesIsCopiedWhole() {
        #expect(JSONWriter.string("I light up near the ocean") == "\"I light up near the ocean\"")
        #expect(JSONWriter.string("a\"b") == "\"a\\\"b\"")
    }
}
