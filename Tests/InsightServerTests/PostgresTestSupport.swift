import Foundation
import InsightStore
import Testing

/// A uniquely named database on the server of the PG* environment, dropped by ``drop()``.
/// Tests that need PostgreSQL fail (never skip) when PG* is absent.
struct TestDatabase {
    let name: String
    let admin: Connection
    /// conninfo for the test database (PG* supplies host, port and user).
    var conninfo: String { "dbname=\(name)" }

    init() throws {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else {
            throw TestDatabaseError("PostgreSQL is not configured (PGHOST is unset): run Scripts/test.sh, "
                + "or Scripts/with-postgres.sh swift test")
        }
        admin = try Connection("")
        name = "igserver_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try admin.execute("CREATE DATABASE \(name)")
    }

    func connect() throws -> Connection { try Connection(conninfo) }

    func drop() {
        _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// The seed schema and two characters with a few insights and relationships.
    func seed(on connection: Connection) throws {
        _ = try SchemaDDL.apply(on: connection)
        try connection.execute("""
            INSERT INTO characters (id, name, normalized_name) VALUES (1, 'Elena Rodriguez', 'elena'), (2, 'Marcus', 'marcus');
            """)
        try connection.execute("""
            INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score, triggers)
            VALUES (10, 1, 'preference', 'I love the ocean', 0.9, '{ocean,reef}'),
                   (11, 1, 'preference', 'Diving calms me', 0.7, '{diving}'),
                   (20, 2, 'preference', 'Jazz on Sundays', 0.8, '{jazz}')
            """)
        try connection.execute("""
            INSERT INTO character_insight_relationships (id, from_insight_id, to_insight_id, relationship_type, strength)
            VALUES (100, 10, 11, 'supports', 0.8)
            """)
        for table in ["characters", "character_insights", "character_insight_relationships"] {
            try connection.execute("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), 1000)")
        }
    }
}

struct TestDatabaseError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
