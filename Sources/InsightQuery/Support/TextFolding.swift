import Foundation

/// Case- and diacritic-insensitive words, so `'Café'` matches `cafe` and `Marine-Conservation`
/// matches the phrase `marine conservation`.
enum TextFolding {
    /// Lower-cased, accent-free words; anything that is not a letter or digit separates words.
    static func words(_ text: String) -> [String] {
        // Fast path: ASCII text needs no Unicode folding (most triggers are ASCII).
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var words: [String] = []
            var current: [UInt8] = []
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
                default:
                    if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
                }
            }
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
            return words
        }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var words: [String] = []
        var current = ""
        for character in folded {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
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
