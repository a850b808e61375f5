import Foundation
@testable import InsightStore

/// Helpers for the ingest tests: JSONL files in a temp dir, and a database's rows as comparable text.
enum IngestTestSupport {
    static let characters = """
    INSERT INTO characters (name, normalized_name) VALUES ('Elena Rodriguez', 'elena'), ('Marcus Thompson', 'marcus');
    """

    /// Writes `lines` (joined with newlines) to a new temp file and returns its path.
    static func file(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ingest-\(UInt64.random(in: 0...UInt64.max)).jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func ingest(_ lines: [String], _ conninfo: String, _ options: IngestOptions = IngestOptions()) throws -> IngestSummary {
        let path = try file(lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try JSONLIngest.ingest(path: path, connection: Connection(conninfo), options: options)
    }

    /// Every row of the four tables as text, ordered, so two states can be compared with `==`.
    static func state(_ conninfo: String) throws -> [String] {
        let connection = try Connection(conninfo)
        var rows: [String] = []
        for query in [
            "SELECT c.*::text FROM characters c ORDER BY id",
            "SELECT i.*::text FROM character_insights i ORDER BY id",
            "SELECT r.*::text FROM character_insight_relationships r ORDER BY id",
            "SELECT t.*::text FROM character_learning_timeline t ORDER BY id",
        ] {
            let result = try connection.execute(query)
            for row in 0..<result.rowCount { rows.append(result.string(row, 0) ?? "NULL") }
        }
        return rows
    }

    static func scalar(_ conninfo: String, _ sql: String, _ parameters: [String?] = []) throws -> String? {
        try Connection(conninfo).execute(sql, parameters).string(0, 0)
    }

    static func insight(_ character: String, _ content: String, _ extra: String = "") -> String {
        let tail = extra.isEmpty ? "" : "," + extra
        return #"{"kind":"insight","character":"\#(character)","insight_content":"\#(content)"\#(tail)}"#
    }
}
