import InsightGraph

/// How column values become GraphML text and back; the writer and reader share it so a round trip
/// reproduces every value exactly.
enum GraphMLValueFormat {
    // MARK: Numbers

    /// Shortest text that reads back as the same `Double`; `NaN`, `Infinity`, `-Infinity` literally
    /// (the spellings Java, Python and igraph's strtod all accept).
    static func double(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "Infinity" }
        if value == -.infinity { return "-Infinity" }
        return value.description
    }

    static func parseDouble(_ text: String) -> Double? {
        let trimmed = trim(text)
        // Plain decimal text (the common case) goes straight to the parser; Swift's parser would
        // also take hex floats and "nan(...)", which GraphML values never are.
        var plain = !trimmed.isEmpty
        for byte in trimmed.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                continue
            default:
                plain = false
            }
            if !plain { break }
        }
        if plain { return Double(trimmed) }
        guard trimmed.utf8.count <= 9 else { return nil }
        switch trimmed.lowercased() {
        case "nan": return .nan
        case "infinity", "inf", "+infinity", "+inf": return .infinity
        case "-infinity", "-inf": return -.infinity
        default: return nil
        }
    }

    static func parseInt(_ text: String) -> Int? {
        let trimmed = trim(text)
        return Int(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed)
    }

    static func parseBool(_ text: String) -> Bool? {
        switch trim(text).lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }

    /// Drops leading and trailing XML whitespace (space, tab, LF, CR); no copy when there is none.
    static func trim(_ text: String) -> String {
        let utf8 = text.utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return text }
        var start = utf8.startIndex, end = utf8.endIndex
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(Substring(utf8[start..<end]))
    }

    // MARK: Lists

    /// A `text[]` as a JSON array string: `["calm",null,"rain"]`. Control characters and
    /// U+FFFE/U+FFFF are written as `\uXXXX` escapes, so list elements survive losslessly.
    static func jsonArray(_ values: [String?]) -> String {
        var out = "["
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            guard let value else { out += "null"; continue }
            out += "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                        out += "\\u" + hex4(scalar.value)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        }
        return out + "]"
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: false)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// Parses a JSON array of strings and nulls; `nil` for anything else.
    static func parseJSONArray(_ text: String) -> [String?]? {
        var parser = JSONStringArrayParser(Array(text.unicodeScalars))
        return parser.parse()
    }

    // MARK: Timestamps

    static func timestamp(_ value: Timestamp) -> String { value.iso8601 }

    /// Reads what ``Timestamp/iso8601`` writes, plus `+00:00` and space separators from other tools.
    static func parseTimestamp(_ text: String) -> Timestamp? {
        let trimmed = trim(text)
        if trimmed == "infinity" { return .infinity }
        if trimmed == "-infinity" { return .negativeInfinity }
        var chars = Array(trimmed.utf8)
        if chars.last == UInt8(ascii: "Z") { chars.removeLast() }
        else if chars.count > 6, String(decoding: chars.suffix(6), as: UTF8.self) == "+00:00" { chars.removeLast(6) }
        var i = 0
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int64? {
            var value: Int64 = 0, digits = 0
            while i < chars.count, digits < maxDigits, (48...57).contains(chars[i]) {
                value = value * 10 + Int64(chars[i] - 48); i += 1; digits += 1
            }
            return digits >= minDigits ? value : nil
        }
        func expect(_ c: Unicode.Scalar) -> Bool {
            guard i < chars.count, chars[i] == UInt8(ascii: c) else { return false }
            i += 1; return true
        }
        let negative = expect("-")
        guard let y = number(4, 6), expect("-"), let mo = number(2, 2), expect("-"), let d = number(2, 2)
        else { return nil }
        guard i < chars.count, chars[i] == UInt8(ascii: "T") || chars[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let h = number(2, 2), expect(":"), let mi = number(2, 2), expect(":"), let s = number(2, 2)
        else { return nil }
        var micro: Int64 = 0
        if expect(".") {
            let start = i
            guard let fraction = number(1, 6) else { return nil }
            let digits = i - start
            micro = fraction
            for _ in digits..<6 { micro *= 10 }
        }
        guard i == chars.count else { return nil }
        return Timestamp.utc(year: negative ? -y : y, month: mo, day: d, hour: h, minute: mi, second: s,
                             microsecond: micro)
    }
}

/// A small strict parser for the only JSON the format uses: an array of strings and nulls.
private struct JSONStringArrayParser {
    let scalars: [Unicode.Scalar]
    var i = 0
    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    mutating func parse() -> [String?]? {
        skipSpace()
        guard take("[") else { return nil }
        var values: [String?] = []
        skipSpace()
        if take("]") { return finish(values) }
        while true {
            skipSpace()
            if take("n") {
                guard take("u"), take("l"), take("l") else { return nil }
                values.append(nil)
            } else if let string = parseString() {
                values.append(string)
            } else {
                return nil
            }
            skipSpace()
            if take("]") { return finish(values) }
            guard take(",") else { return nil }
        }
    }

    private mutating func finish(_ values: [String?]) -> [String?]? {
        skipSpace()
        return i == scalars.count ? values : nil
    }

    private mutating func parseString() -> String? {
        guard take("\"") else { return nil }
        var out = String.UnicodeScalarView()
        while i < scalars.count {
            let c = scalars[i]; i += 1
            if c == "\"" { return String(out) }
            if c != "\\" { out.append(c); continue }
            guard i < scalars.count else { return nil }
            let e = scalars[i]; i += 1
            switch e {
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "/": out.append("/")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                guard var unit = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(unit) {
                    guard take("\\"), take("u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else { return nil }
                out.append(scalar)
            default: return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= scalars.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexDigit(scalars[i]) else { return nil }
            value = value << 4 | digit; i += 1
        }
        return value
    }

    private func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 48...57: return c.value - 48
        case 65...70: return c.value - 55
        case 97...102: return c.value - 87
        default: return nil
        }
    }

    private mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard i < scalars.count, scalars[i] == c else { return false }
        i += 1; return true
    }

    private mutating func skipSpace() {
        while i < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[i]) { i += 1 }
    }
}
