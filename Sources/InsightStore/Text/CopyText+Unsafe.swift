#if canImport(Glibc)
import Glibc
#endif

// The pointer code of `CopyText`: splitting and unescaping a row in place, with `memchr`.

extension CopyText {
    /// Splits and unescapes `row` in place; the trailing newline, if any, is ignored. Fields are
    /// ranges of the rewritten `row`.
    static func decodeRow(_ row: inout [UInt8], into fields: inout [FieldRange]) throws(TextParseError) {
        try row.withUnsafeMutableBufferPointer { (buffer) throws(TextParseError) in try decodeRow(buffer, into: &fields) }
    }

    private static func decodeRow(
        _ row: UnsafeMutableBufferPointer<UInt8>, into fields: inout [FieldRange]
    ) throws(TextParseError) {
        fields.removeAll(keepingCapacity: true)
        guard let base = row.baseAddress else {
            fields.append(FieldRange(start: 0, end: 0))
            return
        }
        var count = row.count
        if count > 0 && row[count - 1] == ASCII.newline { count -= 1 }
        var position = 0
        while true {
            assert(position <= count && count <= row.count, "COPY field outside its row")
            let tab = memchr(base + position, Int32(ASCII.tab), count - position)
            let fieldEnd = tab.map { $0.assumingMemoryBound(to: UInt8.self) - base } ?? count
            if fieldEnd - position == 2 && row[position] == ASCII.backslash && row[position + 1] == UInt8(ascii: "N") {
                fields.append(.null)
            } else if let slash = memchr(base + position, Int32(ASCII.backslash), fieldEnd - position) {
                let first = slash.assumingMemoryBound(to: UInt8.self) - base
                let newEnd = try unescape(row, from: first, to: fieldEnd)
                fields.append(FieldRange(start: position, end: newEnd))
            } else {
                fields.append(FieldRange(start: position, end: fieldEnd))
            }
            guard tab != nil else { return }
            position = fieldEnd + 1
        }
    }

    /// Rewrites `row[first..<end]` (starting at its first backslash) without escapes; returns the new end.
    private static func unescape(
        _ row: UnsafeMutableBufferPointer<UInt8>, from first: Int, to end: Int
    ) throws(TextParseError) -> Int {
        assert(0 <= first && first < end && end <= row.count, "escaped field outside its row")
        var read = first, write = first
        while read < end {
            let byte = row[read]
            guard byte == ASCII.backslash else {
                row[write] = byte
                write += 1
                read += 1
                continue
            }
            read += 1
            guard read < end else { throw TextParseError(.copyRow, at: read - 1, "backslash at the end of a field") }
            let code = row[read]
            read += 1
            switch code {
            case UInt8(ascii: "b"): row[write] = 0x08
            case UInt8(ascii: "f"): row[write] = 0x0C
            case UInt8(ascii: "n"): row[write] = 0x0A
            case UInt8(ascii: "r"): row[write] = 0x0D
            case UInt8(ascii: "t"): row[write] = 0x09
            case UInt8(ascii: "v"): row[write] = 0x0B
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(code - ASCII.zero)
                var digits = 1
                while digits < 3, read < end, row[read] >= ASCII.zero, row[read] <= UInt8(ascii: "7") {
                    value = value * 8 + Int(row[read] - ASCII.zero)
                    read += 1
                    digits += 1
                }
                row[write] = UInt8(truncatingIfNeeded: value)
            case UInt8(ascii: "x") where read < end && hexValue(row[read]) != nil:
                var value = Int(hexValue(row[read])!)
                read += 1
                if read < end, let low = hexValue(row[read]) {
                    value = value * 16 + Int(low)
                    read += 1
                }
                row[write] = UInt8(value)
            default:
                row[write] = code  // `\\`, and any other escaped byte stands for itself
            }
            write += 1
        }
        return write
    }

}
