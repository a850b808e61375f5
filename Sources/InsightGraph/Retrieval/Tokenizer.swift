/// Splitting text into search tokens: ``foldedTokens(_:)``, runs of letters and digits, lower-cased
/// and with diacritics removed ("Café" → "cafe", "NAÏVE" → "naive"); combining marks stay inside
/// their word; everything else (spaces, punctuation, symbols) separates.
public enum Tokenizer {
    // MARK: Search tokens

    /// Case- and diacritic-folded tokens of `text`, in order (duplicates kept, for phrases and tf).
    public static func foldedTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { tokens.append(String(current)); current = String.UnicodeScalarView() }
        }
        for scalar in text.unicodeScalars {
            if isMark(scalar) {
                continue  // a combining accent: part of the word, folded away
            }
            guard isWordScalar(scalar) else { flush(); continue }
            appendFolded(scalar, to: &current)
        }
        flush()
        return tokens
    }

    /// Lower-cases one scalar and strips its diacritics (via the precomposed-letter table).
    static func appendFolded(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        if scalar.isASCII {
            let v = scalar.value
            out.append((65...90).contains(v) ? Unicode.Scalar(v + 32)! : scalar)
            return
        }
        if scalar == "ß" { out.append("s"); out.append("s"); return }
        let base = DiacriticFolding.base(of: scalar)
        for lower in base.properties.lowercaseMapping.unicodeScalars where !isMark(lower) {
            out.append(DiacriticFolding.base(of: lower))
        }
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (48...57).contains(v) || (65...90).contains(v) || (97...122).contains(v)
        }
        return isLetter(scalar) || scalar.properties.numericType != nil
    }

    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    package static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }
}

/// Base letters of precomposed letters ("é" → "e", "Ώ" → "Ω"), derived once from Unicode character
/// names ("LATIN SMALL LETTER E WITH ACUTE" → "LATIN SMALL LETTER E") because the standard library
/// exposes no decomposition mapping and InsightGraph does not use Foundation.
enum DiacriticFolding {
    private static let ranges: [ClosedRange<UInt32>] = [
        0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x370...0x3FF, 0x400...0x4FF, 0x1E00...0x1FFF,
    ]

    static let table: [UInt32: Unicode.Scalar] = {
        var byName: [String: Unicode.Scalar] = [:]
        var names: [(Unicode.Scalar, String)] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value), let name = scalar.properties.name else { continue }
                byName[name] = scalar
                names.append((scalar, name))
            }
        }
        var table: [UInt32: Unicode.Scalar] = [:]
        for (scalar, name) in names {
            guard let cut = name.range(of: " WITH ") else { continue }
            if let base = byName[String(name[..<cut.lowerBound])] { table[scalar.value] = base }
        }
        return table
    }()

    static func base(of scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.value < 0xC0 ? scalar : (table[scalar.value] ?? scalar)
    }
}

private extension String {
    func range(of needle: String) -> Range<String.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(needle) { return index..<self.index(index, offsetBy: needle.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
