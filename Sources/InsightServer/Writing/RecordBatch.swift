/// The records of a `POST /v1/characters/{name}/insights` body, each still as its JSON text:
/// one object, an array of objects, or (`application/x-ndjson`) one object per line — the lines
/// `insightgraph ingest` reads. Each record is decoded and checked by the writer, so one bad
/// record is reported with its index and field while the body as a whole is still accepted.
public struct RecordBatch: Sendable {
    public struct Record: Sendable {
        /// The record's JSON text.
        public var bytes: [UInt8]
        /// 1-based line in an NDJSON body (`nil` for JSON bodies).
        public var line: Int?
    }

    /// How the body held its records: one object, an array, or lines.
    public enum Shape: Sendable { case object, array, lines }

    public var records: [Record]
    public var shape: Shape

    /// Splits a body into records; a JSON body that is not one object or an array (or breaks off
    /// inside one) is a 400 `invalid_json` naming the line and column.
    public static func split(_ body: [UInt8], ndjson: Bool) throws(ServiceError) -> RecordBatch {
        if ndjson { return RecordBatch(records: lines(body), shape: .lines) }
        let records = try elements(body)
        return RecordBatch(records: records, shape: records.count == 1 && records[0].bytes.count == body.count ? .object : .array)
    }

    /// Where record `index` is, for messages: `body[2]`, `body` or `line 7`.
    public func place(of index: Int) -> String {
        switch shape {
        case .object: return "body"
        case .array: return "body[\(index)]"
        case .lines: return "line \(records[index].line ?? index + 1)"
        }
    }

    /// Non-blank lines, `\r\n` tolerated.
    static func lines(_ body: [UInt8]) -> [Record] {
        var records: [Record] = []
        var number = 0
        for var line in body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.allSatisfy(isSpace) { continue }
            records.append(Record(bytes: Array(line), line: number))
        }
        return records
    }

    /// The body itself when it is one object, else the elements of the top-level array.
    static func elements(_ body: [UInt8]) throws(ServiceError) -> [Record] {
        var i = 0
        skipSpace(body, &i)
        guard i < body.count else { throw ServiceError.invalidJSON("request body is empty; expected a JSON object or an array of objects") }
        if body[i] == UInt8(ascii: "{") { return [Record(bytes: body, line: nil)] }  // the whole body
        guard body[i] == UInt8(ascii: "[") else {
            throw syntax(body, i, "expected a JSON object or an array of objects")
        }
        i += 1
        var records: [Record] = []
        skipSpace(body, &i)
        if i < body.count, body[i] == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                skipSpace(body, &i)
                let start = i
                try skipValue(body, &i)
                var end = i
                while end > start, isSpace(body[end - 1]) { end -= 1 }
                if start == end { throw syntax(body, i, "expected a record (a JSON object)") }
                records.append(Record(bytes: Array(body[start..<end]), line: nil))
                guard i < body.count else { throw syntax(body, i, "body ends inside the array (missing ']')") }
                i += 1
                if body[i - 1] == UInt8(ascii: "]") { break }
            }
        }
        skipSpace(body, &i)
        if i < body.count { throw syntax(body, i, "unexpected text after the array") }
        return records
    }

    /// Moves past one value: to the `,` or `]` that ends it at depth 0 (strings skipped whole).
    /// The value's own syntax is checked later, by the record decoder.
    private static func skipValue(_ body: [UInt8], _ i: inout Int) throws(ServiceError) {
        var depth = 0
        while i < body.count {
            switch body[i] {
            case UInt8(ascii: "\""):
                let open = i
                i += 1
                while i < body.count, body[i] != UInt8(ascii: "\"") { i += body[i] == UInt8(ascii: "\\") ? 2 : 1 }
                if i >= body.count { throw syntax(body, open, "unterminated string") }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 {
                    if body[i] == UInt8(ascii: "]") { return }
                    throw syntax(body, i, "unbalanced '}'")
                }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 { return }
            default:
                break
            }
            i += 1
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func skipSpace(_ body: [UInt8], _ i: inout Int) {
        while i < body.count, isSpace(body[i]) { i += 1 }
    }

    /// `request body is not valid JSON at line L, column C: reason` (column in characters).
    private static func syntax(_ body: [UInt8], _ offset: Int, _ reason: String) -> ServiceError {
        var line = 1, column = 1
        for byte in body[..<min(offset, body.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return .invalidJSON("request body is not valid JSON at line \(line), column \(column): \(reason)")
    }
}
