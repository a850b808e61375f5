import Foundation
import Testing
@testable import InsightStore

/// A uniquely named database on the server named by the PG* environment, dropped afterwards.
///
/// Tests that need PostgreSQL fail (never skip) when the environment is missing: run them with
/// `Scripts/test.sh` or `Scripts/with-postgres.sh swift test`.
enum TestDatabase {
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "PostgreSQL is not configured (PGHOST is unset): run Scripts/test.sh, or Scripts/with-postgres.sh swift test"
        }
    }

    /// Creates a fresh database, runs `setup` (a trusted SQL script) in it, and hands `body` its conninfo.
    @discardableResult
    static func with<R>(setup: String = "", _ body: (_ conninfo: String) throws -> R) throws -> R {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else { throw NotConfigured() }
        let name = "ig_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let admin = try Connection("dbname=postgres")
        try admin.executeScript("CREATE DATABASE \(name)")
        defer { _ = try? admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        let conninfo = "dbname=\(name)"
        if !setup.isEmpty {
            let connection = try Connection(conninfo)
            try connection.executeScript(setup)
        }
        return try body(conninfo)
    }

    /// Loads the graph of a test database.
    static func load(_ conninfo: String, characters: [String] = []) throws -> LoadResult {
        try GraphLoader(connection: Connection(conninfo)).load(LoadOptions(characterNames: characters))
    }

    /// The production variant seen in the field: NOT NULLs, TIMESTAMPTZ, ON DELETE CASCADE, UNIQUE triples,
    /// and a characters table with more columns than the engine reads.
    static let productionSchema = """
    CREATE TABLE characters (
        id SERIAL PRIMARY KEY, name VARCHAR(255) NOT NULL, normalized_name VARCHAR(255) UNIQUE NOT NULL,
        occupation TEXT, personality JSONB, created_at TIMESTAMPTZ DEFAULT NOW()
    );
    CREATE TABLE character_insights (
        id SERIAL PRIMARY KEY,
        character_id INTEGER NOT NULL REFERENCES characters(id) ON DELETE CASCADE,
        insight_type VARCHAR(50) NOT NULL,
        insight_content TEXT NOT NULL,
        confidence_score FLOAT NOT NULL,
        discovery_date TIMESTAMPTZ DEFAULT NOW(),
        conversation_context TEXT,
        importance_level INTEGER NOT NULL DEFAULT 5,
        emotional_valence FLOAT,
        triggers TEXT[],
        supporting_evidence TEXT[],
        UNIQUE(character_id, insight_content)
    );
    CREATE TABLE character_insight_relationships (
        id SERIAL PRIMARY KEY,
        from_insight_id INTEGER REFERENCES character_insights(id) ON DELETE CASCADE,
        to_insight_id INTEGER REFERENCES character_insights(id) ON DELETE CASCADE,
        relationship_type VARCHAR(50) NOT NULL,
        strength FLOAT NOT NULL DEFAULT 0.5,
        created_date TIMESTAMPTZ DEFAULT NOW(),
        UNIQUE(from_insight_id, to_insight_id, relationship_type)
    );
    CREATE TABLE character_learning_timeline (
        id SERIAL PRIMARY KEY,
        character_id INTEGER NOT NULL REFERENCES characters(id) ON DELETE CASCADE,
        learning_event TEXT NOT NULL,
        learning_type VARCHAR(50),
        before_state TEXT,
        after_state TEXT,
        trigger_conversation TEXT,
        learning_date TIMESTAMPTZ DEFAULT NOW(),
        significance_score FLOAT
    );
    """

    /// A small, well-formed dataset (two characters) valid in both schema variants.
    static let fixtureRows = """
    INSERT INTO characters (id, name, normalized_name) VALUES (1, 'Elena Rodriguez', 'elena'), (2, 'Marcus Thompson', 'marcus');
    INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score, discovery_date,
        conversation_context, importance_level, emotional_valence, triggers, supporting_evidence) VALUES
      (10, 1, 'emotional_pattern', 'I light up talking about reefs', 0.9, '2025-03-01 12:00:00', 'user asked about diving', 8, 0.7,
       ARRAY['ocean', 'Reef'], ARRAY['conversation 1']),
      (11, 1, 'preference', 'I explain science through stories', 0.75, '2025-03-02 08:30:00.25', NULL, 6, 0.2, ARRAY['science'], NULL),
      (12, 2, 'knowledge_evolution', 'I weigh AI safety arguments', 0.6, NULL, NULL, 5, NULL, ARRAY['ai', 'safety'], ARRAY[]::text[]);
    INSERT INTO character_insight_relationships (id, from_insight_id, to_insight_id, relationship_type, strength, created_date) VALUES
      (100, 10, 11, 'leads_to', 0.8, '2025-03-03 00:00:00'),
      (101, 11, 10, 'supports', 0.4, NULL);
    INSERT INTO character_learning_timeline (id, character_id, learning_event, learning_type, learning_date, significance_score) VALUES
      (1000, 1, 'Realised reefs calm me', 'emotional', '2025-03-01 13:00:00', 0.8),
      (1001, 2, 'Changed mind on AI risk', 'knowledge', '2025-02-01 10:00:00', 0.6);
    """
}
