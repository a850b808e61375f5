import Foundation
import InsightGraph

/// Case- and diacritic-insensitive words, so `'Café'` matches `cafe` and `Marine-Conservation`
/// matches the phrase `marine conservation`.
enum TextFolding {
    /// Lower-cased, accent-free words; anything that is not a letter or digit separates words.
    /// The retrieval module's tokenizer, so MATCHES and TRIGGERED BY agree with message seeding.
    static func words(_ text: String) -> [String] {
        Tokenizer.foldedTokens(text)
    }

    /// Case- and diacritic-folded text for substring tests.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    /// Whether `phrase` occurs as consecutive words of `words`.
    static func contains(_ words: [String], phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            var matched = true
            for offset in 1..<phrase.count where words[start + offset] != phrase[offset] {
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }
}
