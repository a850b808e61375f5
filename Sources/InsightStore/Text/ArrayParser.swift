/// One-dimensional `text[]` literals in PostgreSQL's output form, e.g. `{a,"b c",NULL,"NULL",""}`.
///
/// Follows `array_in`: elements are separated by commas; double quotes protect commas, braces,
/// spaces and the word NULL; a backslash escapes the next byte (in quotes or not); unquoted
/// elements lose surrounding whitespace; an unquoted `NULL` (any case) is SQL NULL while `"NULL"`
/// is the text NULL. `{}` is empty. A dimension prefix (`[0:1]={...}`) is skipped, and nested
/// (multi-dimensional) arrays are flattened in storage order.
///
/// Stages: the prefix up to the opening brace (``ArrayScanner/openArray()``), then the structure —
/// braces and commas — in ``parse(_:)``, with each element read by
/// ``ArrayScanner/quotedElement()`` or ``ArrayScanner/unquotedElement()``.
public enum ArrayParser {
    public static func parse<B: RandomAccessCollection>(
        _ bytes: B
    ) throws(TextParseError) -> [String?] where B.Element == UInt8, B.Index == Int {
        var scanner = ArrayScanner(bytes)
        try scanner.openArray()
        var elements: [String?] = []
        // Exact-size storage (commas + 1 is an upper bound): a million small arrays otherwise
        // carry the slack of doubling growth.
        let commas = scanner.remainingCommas
        if commas > 0 { elements.reserveCapacity(commas + 1) }
        var depth = 1
        var expectingElement = true
        var justOpened = true
        while depth > 0 {
            scanner.skipSpaces()
            guard let byte = scanner.current else { throw scanner.fail("unterminated array: expected '}'") }
            if !expectingElement {
                if byte == ASCII.comma {
                    expectingElement = true
                    justOpened = false
                } else if byte == ASCII.closeBrace {
                    depth -= 1
                } else {
                    throw scanner.fail("expected ',' or '}'")
                }
                scanner.advance()
                continue
            }
            switch byte {
            case ASCII.openBrace:
                depth += 1
                justOpened = true
                scanner.advance()
            case ASCII.closeBrace:
                guard justOpened else { throw scanner.fail("expected an element before '}'") }
                depth -= 1
                expectingElement = false
                justOpened = false
                scanner.advance()
            case ASCII.comma:
                throw scanner.fail("expected an element before ','")
            case ASCII.quote:
                elements.append(try scanner.quotedElement())
                expectingElement = false
                justOpened = false
            default:
                elements.append(try scanner.unquotedElement())
                expectingElement = false
                justOpened = false
            }
        }
        scanner.skipSpaces()
        guard scanner.current == nil else { throw scanner.fail("unexpected text after the array") }
        return elements
    }
}

/// The reading position in an array literal, and the stages that move it.
struct ArrayScanner<B: RandomAccessCollection> where B.Element == UInt8, B.Index == Int {
    let bytes: B
    let start: Int
    let end: Int
    private(set) var i: Int
    /// Unescaped bytes of the element being read (reused across elements).
    private var scratch: [UInt8] = []

    init(_ bytes: B) {
        self.bytes = bytes
        start = bytes.startIndex
        end = bytes.endIndex
        i = start
    }

    var current: UInt8? { i < end ? bytes[i] : nil }

    mutating func advance() { i += 1 }

    func fail(_ reason: String) -> TextParseError { fail(at: i, reason) }

    func fail(at position: Int, _ reason: String) -> TextParseError { TextParseError(.array, at: position - start, reason) }

    mutating func skipSpaces() { while i < end, ASCII.isSpace(bytes[i]) { i += 1 } }

    /// Commas from here to the end: an upper bound for the number of elements, minus one.
    var remainingCommas: Int {
        var commas = 0
        for byte in bytes[i...] where byte == ASCII.comma { commas += 1 }
        return commas
    }

    /// Skips leading spaces and a dimension prefix (`[0:1]=`), then the opening brace.
    mutating func openArray() throws(TextParseError) {
        skipSpaces()
        if current == UInt8(ascii: "[") {
            while i < end, bytes[i] != UInt8(ascii: "=") { i += 1 }
            guard i < end else { throw fail("expected '=' after the dimensions") }
            i += 1
            skipSpaces()
        }
        guard current == ASCII.openBrace else { throw fail("expected '{'") }
        i += 1
    }

    /// `"..."` at the current position: backslash escapes, everything else kept as is.
    mutating func quotedElement() throws(TextParseError) -> String {
        i += 1
        let contentStart = i
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard i < end else { throw fail(at: contentStart - 1, "unterminated quoted element") }
            let c = bytes[i]
            if c == ASCII.quote { break }
            if c == ASCII.backslash {
                if !escaped { scratch.append(contentsOf: bytes[contentStart..<i]); escaped = true }
                i += 1
                guard i < end else { throw fail("backslash at the end of the array") }
                scratch.append(bytes[i])
            } else if escaped {
                scratch.append(c)
            }
            i += 1
        }
        let element = escaped ? String(decoding: scratch, as: UTF8.self)
                              : String(decoding: bytes[contentStart..<i], as: UTF8.self)
        i += 1
        return element
    }

    /// An unquoted element up to the next `,` or `}`: trailing whitespace dropped (unless escaped),
    /// `NULL` in any case is SQL NULL.
    mutating func unquotedElement() throws(TextParseError) -> String? {
        let contentStart = i
        var contentEnd = i  // end of the last byte that is not trailing whitespace
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        var scratchKeep = 0  // scratch length up to contentEnd
        while i < end {
            let c = bytes[i]
            if c == ASCII.comma || c == ASCII.closeBrace { break }
            if c == ASCII.quote || c == ASCII.openBrace { throw fail("unexpected '\(Character(Unicode.Scalar(c)))' in an unquoted element") }
            if c == ASCII.backslash {
                if !escaped { scratch.append(contentsOf: bytes[contentStart..<i]); escaped = true }
                i += 1
                guard i < end else { throw fail("backslash at the end of the array") }
                scratch.append(bytes[i])
                i += 1
                contentEnd = i
                scratchKeep = scratch.count
                continue
            }
            if escaped { scratch.append(c) }
            i += 1
            if !ASCII.isSpace(c) {
                contentEnd = i
                scratchKeep = scratch.count
            }
        }
        if escaped { return String(decoding: scratch[..<scratchKeep], as: UTF8.self) }
        if ASCII.equalsIgnoringCase(bytes, contentStart..<contentEnd, "null") { return nil }
        return String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self)
    }
}
