import InsightGraph

/// Output formats for people (`table`) and programs (`json`, `jsonl`); schema in Queries/README.md.
public enum ResultFormat: String, CaseIterable, Sendable {
    case table, json, jsonl
}

extension QueryResult {
    /// The result as text. Table cells are cut at `tableCellWidth` characters (`nil`: never cut,
    /// `insightgraph query --wide`); JSON is never cut.
    public func rendered(as format: ResultFormat, tableCellWidth: Int? = TableRenderer.defaultCellWidth) -> String {
        switch format {
        case .table: return TableRenderer.render(self, cellWidth: tableCellWidth)
        case .json: return JSONWriter.document(self)
        case .jsonl: return JSONWriter.lines(self)
        }
    }
}

/// A plain text table with a row count, cells cut at 60 characters unless asked otherwise.
public enum TableRenderer {
    public static let defaultCellWidth = 60

    static func render(_ result: QueryResult, cellWidth: Int? = defaultCellWidth) -> String {
        guard !result.columns.isEmpty else { return "(no columns)\n" }
        let cells = result.rows.map { $0.map { clip(text($0), to: cellWidth) } }
        var widths = result.columns.map(\.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (i, v) in values.enumerated() {
                parts.append(i == values.count - 1 ? v : v + String(repeating: " ", count: widths[i] - v.count))
            }
            return parts.joined(separator: "  ")
        }
        var out = line(result.columns) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in cells { out += line(row) + "\n" }
        out += "(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))\n"
        return out
    }

    private static func clip(_ s: String, to width: Int?) -> String {
        let flat = s.map { $0.isNewline || $0 == "\t" ? " " : String($0) }.joined()
        guard let width, flat.count > width else { return flat }
        return String(flat.prefix(max(0, width - 1))) + "…"
    }

    static func text(_ v: ResultValue) -> String {
        switch v {
        case .null: return "NULL"
        case .integer(let i): return String(i)
        case .number(let d): return number(d)
        case .text(let s): return s
        case .timestamp(let t): return t.iso8601
        case .list(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .object(let members):
            return members.filter { m in
                if case .null = m.value { return false }
                if case .list(let l) = m.value, l.isEmpty { return false }
                return true
            }.map { "\($0.name)=\(text($0.value))" }.joined(separator: " ")
        }
    }

    /// Up to 4 decimals for people; JSON keeps full precision.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return String(d) }
        let rounded = (d * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }
}

/// Hand-written JSON so key order and number text are stable across platforms. Everything is
/// appended to one string (no string per value joined afterwards): the service renders every
/// answer with it.
enum JSONWriter {
    static func document(_ r: QueryResult) -> String {
        var out = "{\"igq\":1,\"kind\":"
        out.reserveCapacity(1024)
        append(string: r.kind, to: &out)
        out += ",\"columns\":["
        appendList(r.columns, to: &out) { append(string: $0, to: &$1) }
        out += "],\"rows\":["
        appendList(r.rows, to: &out) { appendObject(r.columns, $0, to: &$1) }
        out += "],\"row_count\":\(r.rows.count),\"subgraph\":{\"insights\":["
        appendList(r.subgraph.insightIds, to: &out) { $1 += String($0) }
        out += "],\"relationships\":["
        appendList(r.subgraph.relationshipIds, to: &out) { $1 += String($0) }
        out += "]},\"stages\":["
        appendList(r.stages, to: &out) { s, out in
            out += "{\"name\":"
            append(string: s.name, to: &out)
            out += ",\"detail\":"
            append(string: s.detail, to: &out)
            out += ",\"rows\":\(s.rows),\"micros\":\(s.microseconds)}"
        }
        out += "]}\n"
        return out
    }

    static func lines(_ r: QueryResult) -> String {
        var out = ""
        for row in r.rows {
            appendObject(r.columns, row, to: &out)
            out += "\n"
        }
        return out
    }

    static func object(_ columns: [String], _ row: [ResultValue]) -> String {
        var out = ""
        appendObject(columns, row, to: &out)
        return out
    }

    static func value(_ v: ResultValue) -> String {
        var out = ""
        append(value: v, to: &out)
        return out
    }

    static func string(_ s: String) -> String {
        var out = ""
        append(string: s, to: &out)
        return out
    }

    /// `items` written by `write`, comma-separated.
    private static func appendList<Items: Sequence>(_ items: Items, to out: inout String,
                                                    _ write: (Items.Element, inout String) -> Void) {
        var first = true
        for item in items {
            if !first { out += "," }
            first = false
            write(item, &out)
        }
    }

    private static func appendObject(_ columns: [String], _ row: [ResultValue], to out: inout String) {
        appendObject(zip(columns, row), to: &out)
    }

    /// `{"name":value,...}` in the given order.
    private static func appendObject(_ members: some Sequence<(String, ResultValue)>, to out: inout String) {
        out += "{"
        appendList(members, to: &out) { member, out in
            append(string: member.0, to: &out)
            out += ":"
            append(value: member.1, to: &out)
        }
        out += "}"
    }

    private static func append(value v: ResultValue, to out: inout String) {
        switch v {
        case .null: out += "null"
        case .integer(let i): out += String(i)
        case .number(let d): out += d.isFinite ? String(d) : "null"
        case .text(let s): append(string: s, to: &out)
        case .timestamp(let t): append(string: t.iso8601, to: &out)
        case .list(let items):
            out += "["
            appendList(items, to: &out) { append(value: $0, to: &$1) }
            out += "]"
        case .object(let members): appendObject(members.lazy.map { ($0.name, $0.value) }, to: &out)
        }
    }

    private static func append(string s: String, to out: inout String) {
        // Most text needs no escape: copied whole. 0xE2 leads U+2028/U+2029 (and other
        // characters), which the general path below looks at scalar by scalar.
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
