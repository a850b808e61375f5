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
        appendEscaped(ArrayLiteral.encode(array).utf8)
    }

    private mutating func appendEscaped(_ utf8: String.UTF8View) {
        for byte in utf8 {
            switch byte {
            case ASCII.backslash: bytes.append(ASCII.backslash); bytes.append(ASCII.backslash)
            case ASCII.tab: bytes.append(ASCII.backslash); bytes.append(UInt8(ascii: "t"))
            case ASCII.newline: bytes.append(ASCII.backslash); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(ASCII.backslash); bytes.append(UInt8(ascii: "r"))
            default: bytes.append(byte)
            }
        }
    }
}

/// PostgreSQL array literals for text arrays, e.g. parameters `$1::text[]`.
enum ArrayLiteral {
    /// `{"a","b \"c\""}`: every element quoted, `"` and `\` backslash-escaped.
    static func encode(_ elements: [String]) -> String {
        var out = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { out += "\\" }
                out.unicodeScalars.append(character)
            }
            out += "\""
        }
        return out + "}"
    }
}
