/// Makes strings legal XML 1.0 character data, counting what it had to change.
///
/// XML 1.0 forbids C0 controls other than tab, LF and CR, and U+FFFE / U+FFFF (lone surrogates
/// cannot occur in a Swift `String`). libxml2 writes them raw and every reader then rejects the
/// file, so each is replaced by U+FFFD. Nothing else is altered.
enum XMLTextSanitizer {
    /// The string unchanged (no copy) when it is clean, else the repaired copy and the count.
    static func sanitize(_ text: String) -> (text: String, replaced: Int) {
        var text = text
        let clean = text.withUTF8 { bytes -> Bool in
            var i = 0
            let count = bytes.count
            while i < count {
                let byte = bytes[i]
                if byte < 0x20 {
                    if byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
                } else if byte == 0xEF, i + 2 < count, bytes[i + 1] == 0xBF, bytes[i + 2] & 0xFE == 0xBE {
                    return false
                }
                i += 1
            }
            return true
        }
        if clean { return (text, 0) }
        var replaced = 0
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isLegal(scalar) {
                scalars.append(scalar)
            } else {
                scalars.append("\u{FFFD}")
                replaced += 1
            }
        }
        return (String(scalars), replaced)
    }

    static func isLegal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}
