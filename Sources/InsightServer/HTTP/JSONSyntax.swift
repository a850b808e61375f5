/// Where a request body stops being JSON (RFC 8259): the byte offset, line and column of the
/// first error, so `invalid_json` can say where to look. Used only after the decoder has refused
/// a body, to locate the problem; it never decides what is valid.
struct JSONSyntaxError: Error, Equatable {
    /// 0-based byte offset into the body.
    var offset: Int
    /// 1-based line and column (in bytes) of `offset`.
    var line: Int
    var column: Int
    /// What was found or expected there.
    var reason: String
}

struct JSONSyntax {
    private let bytes: [UInt8]
    private var index = 0
    private static let maxDepth = 512

    /// The first syntax error in `bytes`, or nil when they are one well-formed JSON value.
    static func firstError(in bytes: [UInt8]) -> JSONSyntaxError? {
        var scanner = JSONSyntax(bytes: bytes)
        do throws(JSONSyntaxError) {
            scanner.skipWhitespace()
            try scanner.value(depth: 0)
            scanner.skipWhitespace()
            if scanner.index < bytes.count { throw scanner.failure("unexpected \(scanner.found) after the JSON value") }
            return nil
        } catch {
            return error
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var found: String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    private func failure(_ reason: String) -> JSONSyntaxError {
        var line = 1, lineStart = 0
        for i in 0..<min(index, bytes.count) where bytes[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
        return JSONSyntaxError(offset: index, line: line, column: index - lineStart + 1, reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(what), found \(found)") }
        index += 1
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) {
        guard depth < Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth) levels") }
        guard index < bytes.count else { throw failure("expected a value, found end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1; skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
            while true {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure("expected a field name in double quotes, found \(found)")
                }
                try string()
                skipWhitespace(); try expect(UInt8(ascii: ":"), "':'"); skipWhitespace()
                try value(depth: depth + 1)
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1; skipWhitespace(); continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return
            }
        case UInt8(ascii: "["):
            index += 1; skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                try value(depth: depth + 1)
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1; skipWhitespace(); continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return
            }
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw failure("expected a value, found \(found)")
        }
    }

    private mutating func literal(_ word: String) throws(JSONSyntaxError) {
        for byte in word.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw failure("expected '\(word)', found \(found)") }
            index += 1
        }
    }

    private mutating func digits() throws(JSONSyntaxError) {
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw failure("expected a digit, found \(found)")
        }
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
    }

    /// A number, which must also be one the decoder can hold: an integer literal within 64 bits,
    /// any other within Double's range (Foundation's decoder refuses the rest as "not valid JSON").
    private mutating func number() throws(JSONSyntaxError) {
        let start = index
        var integral = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") { index += 1 } else { try digits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") { index += 1; integral = false; try digits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            integral = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try digits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let fits = integral ? Int64(text) != nil : Double(text)?.isFinite == true
        if !fits {
            let end = index
            index = start
            defer { index = end }
            throw failure("the number \(text.prefix(40)) is out of range (integers: 64 bits)")
        }
    }

    private mutating func string() throws(JSONSyntaxError) {
        index += 1  // the opening quote
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""): index += 1; return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("unterminated string") }
                if bytes[index] == UInt8(ascii: "u") {
                    index += 1
                    for _ in 0..<4 {
                        guard index < bytes.count, bytes[index] < 0x80, Character(Unicode.Scalar(bytes[index])).isHexDigit else {
                            throw failure("expected 4 hex digits after \\u, found \(found)")
                        }
                        index += 1
                    }
                } else if Array("\"\\/bfnrt".utf8).contains(bytes[index]) {
                    index += 1
                } else {
                    throw failure("invalid escape \\\(found)")
                }
            case 0..<0x20: throw failure("control character \(found) inside a string (escape it)")
            default: index += 1
            }
        }
        throw failure("unterminated string")
    }
}
