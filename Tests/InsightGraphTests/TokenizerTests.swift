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

    /// The bench spec's tokens(m): Python's [^\W_]+ lower-cased — no diacritic folding, "_" and
    /// combining marks separate, final sigma as Python lower-cases it.
    @Test func referenceTokensFollowTheSpec() {
        #expect(Tokenizer.referenceTokens("Ocean's café_bar, OCEAN 42") == ["ocean", "s", "café", "bar", "42"])
        #expect(Tokenizer.referenceTokens("Cafe\u{301}") == ["cafe"])
        #expect(Tokenizer.referenceTokens("ΟΔΟΣ") == ["οδο\u{03C2}"])
        #expect(Tokenizer.pythonLowercased("ΣΑΣ Σ") == "σας σ")
    }
}
