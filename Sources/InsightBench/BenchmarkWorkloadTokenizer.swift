import InsightGraph

/// The benchmark workload's `tokens(m)`, exactly: Python's `re.findall(r"[^\W_]+", m)` lower-cased
/// with `str.lower()` — runs of letters (L*) and characters with a numeric value; combining marks
/// and `_` separate; no diacritic folding (unlike the product's ``InsightGraph/Tokenizer``).
public enum BenchmarkWorkloadTokenizer {
    /// Whether Python's `[^\W_]` matches the scalar: a letter (Lu, Ll, Lt, Lm, Lo) or a character
    /// with a numeric value (`str.isalnum`).
    public static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (48...57).contains(v) || (65...90).contains(v) || (97...122).contains(v)
        }
        return Tokenizer.isLetter(scalar) || scalar.properties.numericType != nil
    }

    /// The spec's `tokens(m)`: distinct lower-cased runs of letters and digits, in first-seen order.
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty {
                let token = pythonLowercased(String(current))
                if !tokens.contains(token) { tokens.append(token) }
                current = String.UnicodeScalarView()
            }
        }
        for scalar in text.unicodeScalars {
            if isTokenScalar(scalar) { current.append(scalar) } else { flush() }
        }
        flush()
        return tokens
    }

    /// Python's `str.lower()`: full lower-case mapping plus the context rule Swift's
    /// `lowercased()` lacks (Final_Sigma: a capital sigma ending a word becomes "ς").
    public static func pythonLowercased(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" && isFinalSigma(scalars, at: i) {
                out.append("\u{03C2}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var j = index - 1
        while j >= 0 && scalars[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0 && scalars[j].properties.isCased else { return false }
        var k = index + 1
        while k < scalars.count && scalars[k].properties.isCaseIgnorable { k += 1 }
        return !(k < scalars.count && scalars[k].properties.isCased)
    }
}
