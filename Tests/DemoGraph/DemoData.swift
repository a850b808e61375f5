import Foundation
import InsightGraph

/// The demo dataset (`Scripts/demo/demo-data.sql`) as a graph, read straight from the SQL file so
/// the example queries are checked against exactly what `psql` loads.
///
/// Test-only reader for that file's shape: `INSERT INTO table (columns) VALUES (...), (...);` with
/// '' quoted strings, numbers, NULL and ARRAY['...']. Anything else in the file is skipped. The
/// PostgreSQL path itself is covered by InsightStore's tests and `Scripts/demo.sh`.
public enum DemoData {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public static let graph: GraphSnapshot = {
        let url = repositoryRoot.appendingPathComponent("Scripts/demo/demo-data.sql")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var builder = GraphBuilder()
        for (table, rows) in inserts(in: text) {
            for row in rows {
                switch table {
                case "characters":
                    builder.add(Character(id: row.int("id")!, name: row.text("name"), normalizedName: row.text("normalized_name")))
                case "character_insights":
                    builder.add(Insight(
                        id: row.int("id")!, characterId: row.int("character_id"), type: row.text("insight_type"),
                        content: row.text("insight_content"), confidence: row.double("confidence_score"),
                        discoveryDate: row.timestamp("discovery_date"), conversationContext: row.text("conversation_context"),
                        importance: row.int("importance_level"), emotionalValence: row.double("emotional_valence"),
                        triggers: row.list("triggers"), supportingEvidence: row.list("supporting_evidence")))
                case "character_insight_relationships":
                    builder.add(Relationship(
                        id: row.int("id")!, fromInsightId: row.int("from_insight_id"), toInsightId: row.int("to_insight_id"),
                        type: row.text("relationship_type"), strength: row.double("strength"),
                        createdDate: row.timestamp("created_date")))
                case "character_learning_timeline":
                    builder.add(LearningEvent(
                        id: row.int("id")!, characterId: row.int("character_id"), event: row.text("learning_event"),
                        learningType: row.text("learning_type"), beforeState: row.text("before_state"),
                        afterState: row.text("after_state"), triggerConversation: row.text("trigger_conversation"),
                        learningDate: row.timestamp("learning_date"), significance: row.double("significance_score")))
                default: break
                }
            }
        }
        return builder.build()
    }()

    enum SQLValue { case null, number(String), text(String), array([String?]) }

    struct Row {
        var values: [String: SQLValue]
        func text(_ c: String) -> String? { if case .text(let s)? = values[c] { return s }; return nil }
        func int(_ c: String) -> Int? { if case .number(let s)? = values[c] { return Int(s) }; return nil }
        func double(_ c: String) -> Double? { if case .number(let s)? = values[c] { return Double(s) }; return nil }
        func list(_ c: String) -> [String?]? { if case .array(let a)? = values[c] { return a }; return nil }
        /// `'YYYY-MM-DD HH:MM:SS'` as written in the file (UTC).
        func timestamp(_ c: String) -> Timestamp? {
            guard let s = text(c) else { return nil }
            let fields = s.split(whereSeparator: { "- :".contains($0) }).compactMap { Int64($0) }
            guard fields.count == 6 else { return nil }
            return Timestamp.utc(year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5])
        }
    }

    static func inserts(in text: String) -> [(String, [Row])] {
        let s = Array(text.unicodeScalars)
        var i = 0
        var result: [(String, [Row])] = []
        func skipSpace() { while i < s.count, s[i].properties.isWhitespace { i += 1 } }
        func word() -> String {
            var w = ""
            while i < s.count, s[i] == "_" || s[i].properties.isAlphabetic || ("0"..."9").contains(s[i]) || s[i] == "." || s[i] == "-" {
                w.unicodeScalars.append(s[i]); i += 1
            }
            return w
        }
        func quoted() -> String {
            var out = ""
            i += 1
            while i < s.count {
                if s[i] == "'" {
                    if i + 1 < s.count, s[i + 1] == "'" { out += "'"; i += 2; continue }
                    i += 1
                    return out
                }
                out.unicodeScalars.append(s[i]); i += 1
            }
            return out
        }
        func value() -> SQLValue {
            skipSpace()
            if s[i] == "'" { return .text(quoted()) }
            let w = word()
            if w.uppercased() == "NULL" { return .null }
            if w.uppercased() == "ARRAY" {
                skipSpace(); i += 1  // [
                var items: [String?] = []
                while true {
                    skipSpace()
                    if s[i] == "]" { i += 1; break }
                    if s[i] == "," { i += 1; continue }
                    if s[i] == "'" { items.append(quoted()) } else { _ = word(); items.append(nil) }
                }
                return .array(items)
            }
            return .number(w)
        }
        let marker = Array("INSERT INTO ".unicodeScalars)
        while i < s.count {
            guard i + marker.count <= s.count, Array(s[i..<(i + marker.count)]) == marker, i == 0 || s[i - 1] == "\n" else {
                i += 1
                continue
            }
            i += marker.count
            let table = word()
            skipSpace(); i += 1  // (
            var columns: [String] = []
            while s[i] != ")" { skipSpace(); columns.append(word()); skipSpace(); if s[i] == "," { i += 1 } }
            i += 1
            skipSpace(); _ = word()  // VALUES
            var rows: [Row] = []
            while true {
                skipSpace()
                if s[i] == ";" { i += 1; break }
                if s[i] == "," { i += 1; continue }
                i += 1  // (
                var values: [String: SQLValue] = [:]
                for (n, column) in columns.enumerated() {
                    values[column] = value()
                    skipSpace()
                    if n < columns.count - 1 { i += 1 }  // ,
                }
                skipSpace(); i += 1  // )
                rows.append(Row(values: values))
            }
            result.append((table, rows))
        }
        return result
    }
}
