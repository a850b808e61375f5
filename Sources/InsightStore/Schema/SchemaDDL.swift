/// The seed schema (`insightgraph schema print`): the DDL of the three character tables, with
/// `characters` as the platform and the reference benchmark's data generator create it (the engine reads
/// only id, name and normalized_name); and `schema apply`, which creates the missing tables and
/// never alters existing ones.
public enum SchemaDDL {
    /// Tables in creation order (each references only earlier ones), with their DDL.
    public static let seedTables: [(table: String, sql: String)] = [
        ("characters", """
        CREATE TABLE characters (
            id SERIAL PRIMARY KEY,
            name VARCHAR(255) NOT NULL,
            normalized_name VARCHAR(255) UNIQUE NOT NULL,
            occupation VARCHAR(255),
            created_at TIMESTAMP DEFAULT NOW()
        );
        """),
        ("character_insights", """
        CREATE TABLE character_insights (
            id SERIAL PRIMARY KEY,
            character_id INTEGER REFERENCES characters(id),
            insight_type VARCHAR(50),
            insight_content TEXT,
            confidence_score FLOAT,
            discovery_date TIMESTAMP DEFAULT NOW(),
            conversation_context TEXT,
            importance_level INTEGER DEFAULT 5,
            emotional_valence FLOAT,
            triggers TEXT[],
            supporting_evidence TEXT[],
            UNIQUE(character_id, insight_content)
        );
        """),
        ("character_insight_relationships", """
        CREATE TABLE character_insight_relationships (
            id SERIAL PRIMARY KEY,
            from_insight_id INTEGER REFERENCES character_insights(id),
            to_insight_id INTEGER REFERENCES character_insights(id),
            relationship_type VARCHAR(50),
            strength FLOAT DEFAULT 0.5,
            created_date TIMESTAMP DEFAULT NOW()
        );
        """),
        ("character_learning_timeline", """
        CREATE TABLE character_learning_timeline (
            id SERIAL PRIMARY KEY,
            character_id INTEGER REFERENCES characters(id),
            learning_event TEXT,
            learning_type VARCHAR(50),
            before_state TEXT,
            after_state TEXT,
            trigger_conversation TEXT,
            learning_date TIMESTAMP DEFAULT NOW(),
            significance_score FLOAT
        );
        """),
    ]

    /// The whole seed schema as one SQL script.
    public static var seedSQL: String {
        seedTables.map(\.sql).joined(separator: "\n") + "\n"
    }

    /// What ``apply(on:)`` did to each table.
    public struct ApplyResult: Sendable, Equatable {
        public var created: [String] = []
        public var alreadyPresent: [String] = []
    }

    /// Creates the missing seed tables in one transaction (`CREATE TABLE IF NOT EXISTS`);
    /// existing tables are left exactly as they are. Running it twice changes nothing.
    public static func apply(on connection: Connection) throws(StoreError) -> ApplyResult {
        var result = ApplyResult()
        try connection.execute("BEGIN")
        do throws(StoreError) {
            for (table, sql) in seedTables {
                if try SchemaIntrospection.tableExists(table, on: connection) {
                    result.alreadyPresent.append(table)
                    continue
                }
                try connection.execute("CREATE TABLE IF NOT EXISTS " + sql.dropFirst("CREATE TABLE ".count))
                result.created.append(table)
            }
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
        return result
    }
}
