/// One-dimensional `text[]` literals in PostgreSQL's output form, e.g. `{a,"b c",NULL,"NULL",""}`.
///
/// Follows `array_in`: elements are separated by commas; double quotes protect commas, braces,
/// spaces and the word NULL; a backslash escapes the next byte (in quotes or not); unquoted
/// elements lose surrounding whitespace; an unquoted `NULL` (any case) is SQL NULL while `"NULL"`
/// is the text NULL. `{}` is empty. A dimension prefix (`[0:1]={...}`) is skipped, and nested
/// (multi-dimensional) arrays are flattened in storage order.
public enum ArrayParser {
    public static func parse<B: RandomAccessCollection>(
        _ bytes: B
    ) throws(TextParseError) -> [String?] where B.Element == UInt8, B.Index == Int {
        let start = bytes.startIndex, end = bytes.endIndex
        func fail(_ at: Int, _ reason: String) -> TextParseError { TextParseError(.array, at: at - start, reason) }
        var i = start
        func skipSpaces() { while i < end, ASCII.isSpace(bytes[i]) { i += 1 } }

        skipSpaces()
        if i < end, bytes[i] == UInt8(ascii: "[") {
            while i < end, bytes[i] != UInt8(ascii: "=") { i += 1 }
            guard i < end else { throw fail(i, "expected '=' after the dimensions") }
            i += 1
            skipSpaces()
        }
        guard i < end, bytes[i] == ASCII.openBrace else { throw fail(i, "expected '{'") }
        i += 1
        var elements: [String?] = []
        // Exact-size storage (commas + 1 is an upper bound): a million small arrays otherwise
        // carry the slack of doubling growth.
        var commas = 0
        for byte in bytes[i...] where byte == ASCII.comma { commas += 1 }
        if commas > 0 { elements.reserveCapacity(commas + 1) }
        var depth = 1
        var expectingElement = true
        var justOpened = true
        var scratch: [UInt8] = []
        while depth > 0 {
            skipSpaces()
            guard i < end else { throw fail(i, "unterminated array: expected '}'") }
            let byte = bytes[i]
            if !expectingElement {
                if byte == ASCII.comma {
                    expectingElement = true
                    justOpened = false
                } else if byte == ASCII.closeBrace {
                    depth -= 1
                } else {
                    throw fail(i, "expected ',' or '}'")
                }
                i += 1
                continue
            }
            switch byte {
            case ASCII.openBrace:
                depth += 1
                justOpened = true
                i += 1
            case ASCII.closeBrace:
                guard justOpened else { throw fail(i, "expected an element before '}'") }
                depth -= 1
                expectingElement = false
                justOpened = false
                i += 1
            case ASCII.comma:
                throw fail(i, "expected an element before ','")
            case ASCII.quote:
                i += 1
                let contentStart = i
                var escaped = false
                scratch.removeAll(keepingCapacity: true)
                while true {
                    guard i < end else { throw fail(contentStart - 1, "unterminated quoted element") }
                    let c = bytes[i]
                    if c == ASCII.quote { break }
                    if c == ASCII.backslash {
                        if !escaped { scratch.append(contentsOf: bytes[contentStart..<i]); escaped = true }
                        i += 1
                        guard i < end else { throw fail(i, "backslash at the end of the array") }
                        scratch.append(bytes[i])
                    } else if escaped {
                        scratch.append(c)
                    }
                    i += 1
                }
                elements.append(escaped ? String(decoding: scratch, as: UTF8.self)
                                        : String(decoding: bytes[contentStart..<i], as: UTF8.self))
                i += 1
                expectingElement = false
                justOpened = false
            default:
                let contentStart = i
                var contentEnd = i  // end of the last byte that is not trailing whitespace
                var escaped = false
                scratch.removeAll(keepingCapacity: true)
                var scratchKeep = 0  // scratch length up to contentEnd
                while i < end {
                    let c = bytes[i]
                    if c == ASCII.comma || c == ASCII.closeBrace { break }
                    if c == ASCII.quote || c == ASCII.openBrace { throw fail(i, "unexpected '\(Character(Unicode.Scalar(c)))' in an unquoted element") }
                    if c == ASCII.backslash {
                        if !escaped { scratch.append(contentsOf: bytes[contentStart..<i]); escaped = true }
                        i += 1
                        guard i < end else { throw fail(i, "backslash at the end of the array") }
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
                if escaped {
                    elements.append(String(decoding: scratch[..<scratchKeep], as: UTF8.self))
                } else if ASCII.equalsIgnoringCase(bytes, contentStart..<contentEnd, "null") {
                    elements.append(nil)
                } else {
                    elements.append(String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self))
                }
                expectingElement = false
                justOpened = false
            }
        }
        skipSpaces()
        guard i == end else { throw fail(i, "unexpected text after the array") }
        return elements
    }
}
