import Testing
@testable import InsightStore

@Suite struct SchemaTests {
    @Test func missingColumnIsNamed() throws {
        let setup = SchemaDDL.seedSQL + "ALTER TABLE character_insights DROP COLUMN supporting_evidence;"
        try TestDatabase.with(setup: setup) { conninfo in
            #expect(throws: StoreError.schemaMissing(table: "character_insights", column: "supporting_evidence")) {
                try TestDatabase.load(conninfo)
            }
        }
    }

    @Test func missingTableIsNamed() throws {
        let setup = SchemaDDL.seedSQL + "DROP TABLE character_insight_relationships;"
        try TestDatabase.with(setup: setup) { conninfo in
            #expect(throws: StoreError.schemaMissing(table: "character_insight_relationships", column: nil)) {
                try TestDatabase.load(conninfo)
            }
        }
    }

    @Test func missingCharacterColumnIsNamedButExtraColumnsAreIgnored() throws {
        let setup = """
        CREATE TABLE characters (id SERIAL PRIMARY KEY, name TEXT, bio TEXT);
        """ + SchemaDDL.seedTables.dropFirst().map(\.sql).joined(separator: "\n")
        try TestDatabase.with(setup: setup) { conninfo in
            #expect(throws: StoreError.schemaMissing(table: "characters", column: "normalized_name")) {
                try TestDatabase.load(conninfo)
            }
        }
    }

    @Test func applyCreatesOnlyMissingTablesAndIsIdempotent() throws {
        let existing = "CREATE TABLE characters (id SERIAL PRIMARY KEY, name TEXT, normalized_name TEXT, mood TEXT);"
        try TestDatabase.with(setup: existing) { conninfo in
            let connection = try Connection(conninfo)
            let first = try SchemaDDL.apply(on: connection)
            #expect(first.created == ["character_insights", "character_insight_relationships", "character_learning_timeline"])
            #expect(first.alreadyPresent == ["characters"])
            let second = try SchemaDDL.apply(on: connection)
            #expect(second.created.isEmpty)
            #expect(second.alreadyPresent.count == 4)
            // The existing table was not altered.
            let mood = try connection.execute(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2",
                ["characters", "mood"])
            #expect(mood.int(0, 0) == 1)
            // The result loads.
            let result = try GraphLoader(connection: connection).load()
            #expect(result.snapshot.nodeCount == 0)
            #expect(result.stats.timelinePresent)
        }
    }

    @Test func printedDDLIsTheSeedSchema() {
        let sql = SchemaDDL.seedSQL
        #expect(sql.contains("CREATE TABLE character_insights (\n    id SERIAL PRIMARY KEY,\n    character_id INTEGER REFERENCES characters(id),"))
        #expect(sql.contains("    strength FLOAT DEFAULT 0.5,\n    created_date TIMESTAMP DEFAULT NOW()\n);"))
        #expect(sql.contains("    UNIQUE(character_id, insight_content)\n);"))
        #expect(SchemaDDL.seedTables.map(\.table) == ["characters", "character_insights",
                                                      "character_insight_relationships", "character_learning_timeline"])
    }
}
