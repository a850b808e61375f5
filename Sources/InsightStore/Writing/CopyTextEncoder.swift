import InsightGraph

/// Builds rows for `COPY ... FROM STDIN` in text format: tab-separated fields, `\N` for NULL,
/// backslash, tab, newline and carriage return escaped. Arrays become PostgreSQL array literals
/// (`{"a","b"}`, every element quoted) before the COPY escaping.
struct CopyTextEncoder {
    private(set) var bytes: [UInt8] = []
    private(set) var rowCount = 0
    private var fieldsInRow = 0

    init(reservingCapacity capacity: Int = 1 << 20) { bytes.reserveCapacity(capacity) }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        rowCount = 0
        fieldsInRow = 0
    }

    mutating func endRow() {
        bytes.append(ASCII.newline)
        rowCount += 1
        fieldsInRow = 0
    }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(ASCII.tab) }
        fieldsInRow += 1
    }

    mutating func appendNull() {
        separate()
        bytes.append(ASCII.backslash)
        bytes.append(UInt8(ascii: "N"))
    }

    mutating func append(_ text: String?) {
        guard let text else { return appendNull() }
        separate()
        appendEscaped(text.utf8)
    }

    mutating func append(_ value: Int?) {
        guard let value else { return appendNull() }
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func append(_ value: Double?) {
        guard let value else { return appendNull() }
        separate()
        bytes.append(contentsOf: String(value).utf8)  // shortest round-trip form; float8 input reads it
    }

    mutating func append(_ value: Timestamp?) {
        guard let value else { return appendNull() }
        separate()
        bytes.append(contentsOf: value.iso8601.utf8)
    }

    mutating func append(_ array: [String]?) {
        guard let array else { return appendNull() }
        separate()
        // The array literal ({"a","b"}), COPY-escaped as it is written.
        bytes.append(ASCII.openBrace)
        for (index, element) in array.enumerated() {
            if index > 0 { bytes.append(ASCII.comma) }
            bytes.append(ASCII.quote)
            for byte in element.utf8 {
                if byte == ASCII.quote || byte == ASCII.backslash { appendEscapedByte(ASCII.backslash) }
                appendEscapedByte(byte)
            }
            bytes.append(ASCII.quote)
        }
        bytes.append(ASCII.closeBrace)
    }

    private mutating func appendEscaped(_ utf8: String.UTF8View) {
        for byte in utf8 { appendEscapedByte(byte) }
    }

    @inline(__always)
    private mutating func appendEscapedByte(_ byte: UInt8) {
        switch byte {
        case ASCII.backslash: bytes.append(ASCII.backslash); bytes.append(ASCII.backslash)
        case ASCII.tab: bytes.append(ASCII.backslash); bytes.append(UInt8(ascii: "t"))
        case ASCII.newline: bytes.append(ASCII.backslash); bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(ASCII.backslash); bytes.append(UInt8(ascii: "r"))
        default: bytes.append(byte)
        }
    }
}

/// PostgreSQL array literals for text arrays, e.g. parameters `$1::text[]`.
enum ArrayLiteral {
    /// `{"a","b \"c\""}`: every element quoted, `"` and `\` backslash-escaped.
    static func encode(_ elements: [String]) -> String {
        var out: [UInt8] = [ASCII.openBrace]
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(ASCII.comma) }
            out.append(ASCII.quote)
            for byte in element.utf8 {
                if byte == ASCII.quote || byte == ASCII.backslash { out.append(ASCII.backslash) }
                out.append(byte)
            }
            out.append(ASCII.quote)
        }
        out.append(ASCII.closeBrace)
        return String(decoding: out, as: UTF8.self)
    }
}
