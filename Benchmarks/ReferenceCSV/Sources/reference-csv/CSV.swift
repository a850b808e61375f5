import Foundation
import InsightGraph

/// RFC 4180 rows of a whole file (the generator's output: quoted fields, doubled quotes).
func csvRows(_ path: String) throws -> [[String?]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var rows: [[String?]] = []
    var row: [String?] = []
    var field: [UInt8] = []
    var quoted = false, wasQuoted = false
    var i = data.startIndex
    func endField() {
        row.append(field.isEmpty && !wasQuoted ? nil : String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        wasQuoted = false
    }
    while i < data.endIndex {
        let b = data[i]
        if quoted {
            if b == UInt8(ascii: "\"") {
                if i + 1 < data.endIndex && data[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { quoted = false }
            } else { field.append(b) }
        } else if b == UInt8(ascii: "\"") {
            quoted = true
            wasQuoted = true
        } else if b == UInt8(ascii: ",") {
            endField()
        } else if b == UInt8(ascii: "\n") {
            endField()
            rows.append(row)
            row = []
        } else if b != UInt8(ascii: "\r") {
            field.append(b)
        }
        i += 1
    }
    if !row.isEmpty || !field.isEmpty { endField(); rows.append(row) }
    return rows
}

/// A PostgreSQL text[] literal as the generator writes it: {"a","b \"c\""}.
func pgArray(_ text: String?) -> [String?]? {
    guard let text else { return nil }
    var out: [String?] = []
    let chars = Array(text.unicodeScalars)
    var i = 1
    while i < chars.count - 1 {
        if chars[i] == "\"" {
            var s = String.UnicodeScalarView()
            i += 1
            while chars[i] != "\"" {
                if chars[i] == "\\" { i += 1 }
                s.append(chars[i])
                i += 1
            }
            out.append(String(s))
            i += 1
        } else if chars[i] == "," {
            i += 1
        } else {
            var s = String.UnicodeScalarView()
            while i < chars.count - 1 && chars[i] != "," { s.append(chars[i]); i += 1 }
            out.append(String(s) == "NULL" ? nil : String(s))
        }
    }
    return out
}

/// "2025-07-06 21:47:28" as UTC.
func timestamp(_ text: String?) -> Timestamp? {
    guard let text, text.count >= 19 else { return nil }
    let p = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int64($0) ?? 0 }
    return Timestamp.utc(year: p[0], month: p[1], day: p[2], hour: p[3], minute: p[4], second: p[5])
}

func loadSnapshot(directory: String) throws -> GraphSnapshot {
    var builder = GraphBuilder()
    for r in try csvRows(directory + "/characters.csv") {
        builder.add(Character(id: Int(r[0]!)!, name: r[1], normalizedName: r[2]))
    }
    for r in try csvRows(directory + "/character_insights.csv") {
        builder.add(Insight(id: Int(r[0]!)!, characterId: r[1].flatMap { Int($0) }, type: r[2], content: r[3],
                            confidence: r[4].flatMap { Double($0) }, discoveryDate: timestamp(r[5]),
                            conversationContext: r[6], importance: r[7].flatMap { Int($0) },
                            emotionalValence: r[8].flatMap { Double($0) }, triggers: pgArray(r[9]),
                            supportingEvidence: pgArray(r[10])))
    }
    for r in try csvRows(directory + "/character_insight_relationships.csv") {
        builder.add(Relationship(id: Int(r[0]!)!, fromInsightId: r[1].flatMap { Int($0) },
                                 toInsightId: r[2].flatMap { Int($0) }, type: r[3],
                                 strength: r[4].flatMap { Double($0) }, createdDate: timestamp(r[5])))
    }
    return builder.build()
}

struct Query { var character: String; var message: String }

func loadQueries(_ path: String) throws -> [Query] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        return Query(character: object["character"] as! String, message: object["message"] as! String)
    }
}
