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

/// Hand-written JSON so key order and number text are stable across platforms.
enum JSONWriter {
    static func document(_ r: QueryResult) -> String {
        var out = "{\"igq\":1,\"kind\":" + string(r.kind) + ",\"columns\":[" + r.columns.map(string).joined(separator: ",") + "]"
        out += ",\"rows\":[" + r.rows.map { object(r.columns, $0) }.joined(separator: ",") + "]"
        out += ",\"row_count\":\(r.rows.count)"
        out += ",\"subgraph\":{\"insights\":[" + r.subgraph.insightIds.map(String.init).joined(separator: ",")
            + "],\"relationships\":[" + r.subgraph.relationshipIds.map(String.init).joined(separator: ",") + "]}"
        out += ",\"stages\":[" + r.stages.map { s in
            "{\"name\":\(string(s.name)),\"detail\":\(string(s.detail)),\"rows\":\(s.rows),\"micros\":\(s.microseconds)}"
        }.joined(separator: ",") + "]}\n"
        return out
    }

    static func lines(_ r: QueryResult) -> String {
        r.rows.map { object(r.columns, $0) + "\n" }.joined()
    }

    static func object(_ columns: [String], _ row: [ResultValue]) -> String {
        "{" + zip(columns, row).map { string($0) + ":" + value($1) }.joined(separator: ",") + "}"
    }

    static func value(_ v: ResultValue) -> String {
        switch v {
        case .null: return "null"
        case .integer(let i): return String(i)
        case .number(let d): return d.isFinite ? String(d) : "null"
        case .text(let s): return string(s)
        case .timestamp(let t): return string(t.iso8601)
        case .list(let items): return "[" + items.map(value).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { string($0.name) + ":" + value($0.value) }.joined(separator: ",") + "}"
        }
    }

    static func string(_ s: String) -> String {
        // Most text needs no escape: copied whole. 0xE2 leads U+2028/U+2029 (and other
        // characters), which the general path below looks at scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) { return "\"" + s + "\"" }
        var out = "\""
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
        return out + "\""
    }
}
