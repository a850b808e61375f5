/// Where one field of a COPY row lies in its (decoded) buffer; `start < 0` marks SQL NULL.
struct FieldRange {
    var start: Int
    var end: Int
    static let null = FieldRange(start: -1, end: -1)
    var isNull: Bool { start < 0 }
}

/// Rows of `COPY ... TO STDOUT` in text format: tab-separated fields, `\N` for NULL, backslash
/// escapes (`\t`, `\n`, `\\`, octal `\123`, hex `\x4F`...).
///
/// Decoding happens in place (an escaped field only shrinks), so a row costs no allocation: this is
/// the loader's innermost loop. Tabs and backslashes are found with `memchr` (`CopyText+Unsafe.swift`).
enum CopyText {
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case ASCII.zero...ASCII.nine: return byte - ASCII.zero
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Decodes one line into its fields (`nil` for NULL); a convenience over ``decodeRow(_:into:)``.
    static func decodeLine(_ line: [UInt8]) throws(TextParseError) -> [[UInt8]?] {
        var row = line
        var fields: [FieldRange] = []
        try decodeRow(&row, into: &fields)
        return fields.map { $0.isNull ? nil : Array(row[$0.start..<$0.end]) }
    }
}
