import Testing
@testable import InsightGraph

@Suite struct TokenizerTests {
    @Test func foldsCaseAndDiacriticsAndSplitsOnPunctuation() {
        #expect(Tokenizer.foldedTokens("Café, NAÏVE coöperation—marine-conservation! Ça?") ==
                ["cafe", "naive", "cooperation", "marine", "conservation", "ca"])
        #expect(Tokenizer.foldedTokens("Cafe\u{301} STRAßE 42x") == ["cafe", "strasse", "42x"])
        #expect(Tokenizer.foldedTokens("Ώρα ΚΑΛΗ") == ["ωρα", "καλη"])
        #expect(Tokenizer.foldedTokens("  ...  ").isEmpty)
    }
}
