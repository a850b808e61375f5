/// A JSON value of a flat ingest object: scalars, and arrays of scalars.
public enum FlatJSONValue: Sendable, Equatable {
    case string(String)
    /// `integer` is set when the literal has no fraction or exponent and fits in `Int`.
    case number(Double, integer: Int?)
    case bool(Bool)
    case null
    case array([FlatJSONValue])

    /// How the value is named in error messages.
    var typeName: String {
        switch self {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        case .array: return "an array"
        }
    }
}

/// One member of a parsed object, with the byte offset where its value starts
/// (``FlatJSON/column(ofByte:in:)`` turns it into a column for messages).
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: FlatJSONValue
    public var offset: Int
}

/// A JSON syntax error at a 1-based column (in characters, not bytes).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var column: Int
    public var reason: String
    public var description: String { "column \(column): \(reason)" }
}

/// Reads one JSON object whose values are scalars or arrays of scalars — exactly what an ingest
/// line holds — and nothing else (nested objects are refused).
///
/// Written for ingest rather than using Foundation's JSONSerialization because that one reports
/// no reliable position ("around character N" for some errors, none for others), does not tell
/// `true` from `1`, and silently keeps the last of duplicate keys; this reader names the column
/// of every error, keeps exact types, refuses duplicate keys and runs several times faster.
public enum FlatJSON {
    public static func parseObject(_ line: [UInt8]) throws(JSONSyntaxError) -> [JSONMember] {
        var reader = Reader(bytes: line)
        return try reader.object()
    }

    /// The 1-based column, in characters, of a byte offset (UTF-8 lead bytes before it, plus one).
    public static func column(ofByte offset: Int, in line: [UInt8]) -> Int {
        var column = 1
        for index in 0..<min(offset, line.count) where line[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    private struct Reader {
        let bytes: [UInt8]
        var i = 0

        func fail(_ at: Int, _ reason: String) -> JSONSyntaxError {
            JSONSyntaxError(column: FlatJSON.column(ofByte: at, in: bytes), reason: reason)
        }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
            skipSpace()
            guard i < bytes.count, bytes[i] == byte else {
                throw fail(i, i < bytes.count ? "expected \(what)" : "line ends where \(what) was expected")
            }
            i += 1
        }

        mutating func object() throws(JSONSyntaxError) -> [JSONMember] {
            try expect(UInt8(ascii: "{"), "'{' (each line is one JSON object)")
            var members: [JSONMember] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
            } else {
                while true {
                    skipSpace()
                    let keyStart = i
                    guard i < bytes.count, bytes[i] == ASCII.quote else { throw fail(i, "expected a quoted key") }
                    let key = try string()
                    if members.contains(where: { $0.key == key }) { throw fail(keyStart, "duplicate key \"\(key)\"") }
                    try expect(ASCII.colon, "':' after the key")
                    skipSpace()
                    let offset = i
                    let value = try value(allowArray: true)
                    members.append(JSONMember(key: key, value: value, offset: offset))
                    skipSpace()
                    guard i < bytes.count else { throw fail(i, "line ends inside the object (missing '}')") }
                    if bytes[i] == ASCII.comma { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                    throw fail(i, "expected ',' or '}'")
                }
            }
            skipSpace()
            if i < bytes.count { throw fail(i, "unexpected text after the object") }
            return members
        }

        mutating func value(allowArray: Bool) throws(JSONSyntaxError) -> FlatJSONValue {
            guard i < bytes.count else { throw fail(i, "line ends where a value was expected") }
            switch bytes[i] {
            case ASCII.quote: return .string(try string())
            case UInt8(ascii: "["):
                guard allowArray else { throw fail(i, "nested arrays are not supported") }
                return try array()
            case UInt8(ascii: "{"): throw fail(i, "nested objects are not supported")
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            case ASCII.minus, ASCII.zero...ASCII.nine: return try number()
            default: throw fail(i, "expected a value")
            }
        }

        mutating func array() throws(JSONSyntaxError) -> FlatJSONValue {
            i += 1
            var elements: [FlatJSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
            while true {
                skipSpace()
                elements.append(try value(allowArray: false))
                skipSpace()
                guard i < bytes.count else { throw fail(i, "line ends inside an array (missing ']')") }
                if bytes[i] == ASCII.comma { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(elements) }
                throw fail(i, "expected ',' or ']'")
            }
        }

        mutating func word(_ text: StaticString) throws(JSONSyntaxError) {
            let count = text.utf8CodeUnitCount
            let matches = i + count <= bytes.count && text.withUTF8Buffer { word in
                word.indices.allSatisfy { word[$0] == bytes[i + $0] }
            }
            guard matches else { throw fail(i, "expected a value") }
            i += count
        }

        mutating func number() throws(JSONSyntaxError) -> FlatJSONValue {
            let start = i
            if bytes[i] == ASCII.minus { i += 1 }
            guard i < bytes.count, ASCII.isDigit(bytes[i]) else { throw fail(i, "expected a digit") }
            if bytes[i] == ASCII.zero {
                i += 1
                if i < bytes.count, ASCII.isDigit(bytes[i]) { throw fail(i, "leading zeros are not allowed") }
            } else {
                while i < bytes.count, ASCII.isDigit(bytes[i]) { i += 1 }
            }
            var isInteger = true
            if i < bytes.count, bytes[i] == ASCII.dot {
                isInteger = false
                i += 1
                guard i < bytes.count, ASCII.isDigit(bytes[i]) else { throw fail(i, "expected a digit after '.'") }
                while i < bytes.count, ASCII.isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                isInteger = false
                i += 1
                if i < bytes.count, bytes[i] == ASCII.plus || bytes[i] == ASCII.minus { i += 1 }
                guard i < bytes.count, ASCII.isDigit(bytes[i]) else { throw fail(i, "expected an exponent") }
                while i < bytes.count, ASCII.isDigit(bytes[i]) { i += 1 }
            }
            let literal = bytes[start..<i]
            guard let double = try? NumberParser.parseDouble(literal), double.isFinite else {
                throw fail(start, "number out of range")
            }
            let integer = isInteger ? (try? NumberParser.parseInt(literal)) : nil
            return .number(double, integer: integer)
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            let open = i
            i += 1
            let start = i
            // Fast path, most strings: no escapes, one validated copy of the bytes.
            while i < bytes.count {
                let byte = bytes[i]
                if byte == ASCII.quote {
                    i += 1
                    return try makeString(from: start, to: i - 1, reportAt: open)
                }
                if byte == ASCII.backslash { break }
                if byte < 0x20 { throw fail(i, "control character in a string (escape it)") }
                i += 1
            }
            guard i < bytes.count else { throw fail(open, "unterminated string") }
            var out = Array(bytes[start..<i])
            while true {
                guard i < bytes.count else { throw fail(open, "unterminated string") }
                let byte = bytes[i]
                if byte == ASCII.quote {
                    i += 1
                    guard let text = String(validating: out, as: UTF8.self) else { throw fail(open, "invalid UTF-8 in a string") }
                    return text
                }
                if byte < 0x20 { throw fail(i, "control character in a string (escape it)") }
                if byte != ASCII.backslash { out.append(byte); i += 1; continue }
                let escapeStart = i
                i += 1
                guard i < bytes.count else { throw fail(escapeStart, "unterminated escape") }
                let code = bytes[i]
                i += 1
                switch code {
                case ASCII.quote, ASCII.backslash, UInt8(ascii: "/"): out.append(code)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var value = try hex4(escapeStart)
                    if (0xD800..<0xDC00).contains(value) {
                        guard i + 1 < bytes.count, bytes[i] == ASCII.backslash, bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail(escapeStart, "unpaired surrogate \\u\(String(value, radix: 16))")
                        }
                        i += 2
                        let low = try hex4(escapeStart)
                        guard (0xDC00..<0xE000).contains(low) else { throw fail(escapeStart, "invalid surrogate pair") }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(value) else { throw fail(escapeStart, "unpaired surrogate") }
                    UTF8.encode(scalar) { out.append($0) }
                default: throw fail(escapeStart, "invalid escape '\\\(Unicode.Scalar(code))'")
                }
            }
        }

        /// `bytes[from..<to]` as a String, validated as UTF-8 (from the slice's contiguous storage).
        func makeString(from start: Int, to end: Int, reportAt open: Int) throws(JSONSyntaxError) -> String {
            guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
                throw fail(open, "invalid UTF-8 in a string")
            }
            return text
        }

        mutating func hex4(_ escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
            guard i + 4 <= bytes.count else { throw fail(escapeStart, "\\u needs four hex digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[i]
                let digit: UInt32
                switch byte {
                case ASCII.zero...ASCII.nine: digit = UInt32(byte - ASCII.zero)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail(escapeStart, "\\u needs four hex digits")
                }
                value = value * 16 + digit
                i += 1
            }
            return value
        }
    }
}
