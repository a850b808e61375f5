import Testing
@testable import InsightStore

@Suite struct SchemaCheckTests {
    func kinds(_ differences: [SchemaCheck.Difference]) -> [String] {
        differences.map { "\($0.kind) \($0.table)\($0.column.map { "." + $0 } ?? "")" }
    }

    @Test func applyThenCheckIsIdenticalAndApplyIsIdempotent() throws {
        try TestDatabase.with { conninfo in
            let connection = try Connection(conninfo)
            #expect(kinds(try SchemaCheck.run(on: connection)) == [
                "missing_table characters", "missing_table character_insights",
                "missing_table character_insight_relationships", "missing_table character_learning_timeline",
            ])
            let first = try SchemaSetup.apply(on: connection, production: false)
            #expect(first.indexes.created.count == 7 && first.constraints == nil)
            #expect(try SchemaCheck.run(on: connection).isEmpty)
            let second = try SchemaSetup.apply(on: connection, production: false)
            #expect(second.indexes.created.isEmpty && second.indexes.alreadyPresent.count == 7)
            #expect(try SchemaCheck.run(on: connection).isEmpty)
            // Production differs (7 NOT NULL, 4 FKs dropped+added, 1 UNIQUE) until applied; then only --production matches.
            let beforeProduction = try SchemaCheck.run(on: connection, production: true)
            #expect(beforeProduction.count == 16, "\(beforeProduction)")
            _ = try SchemaSetup.apply(on: connection, production: true)
            #expect(try SchemaCheck.run(on: connection, production: true).isEmpty)
            let plain = try SchemaCheck.run(on: connection)
            #expect(plain.filter { $0.kind == "nullability" }.count == 7)
            #expect(plain.contains { $0.kind == "extra_constraint" && ($0.actual ?? "").contains("UNIQUE (from_insight_id, to_insight_id, relationship_type)") })
            #expect(plain.contains { $0.kind == "missing_constraint" && $0.expected == "FOREIGN KEY (character_id) REFERENCES characters(id)" })
        }
    }

    @Test func checkNamesEachDifferenceAndChangesNothing() throws {
        let setup = SchemaDDL.seedSQL + """
        ALTER TABLE character_insights DROP COLUMN emotional_valence;
        ALTER TABLE character_insights ALTER COLUMN insight_type TYPE text;
        ALTER TABLE character_insights ADD COLUMN mood text;
        ALTER TABLE character_insights ALTER COLUMN importance_level SET DEFAULT 3;
        ALTER TABLE characters ALTER COLUMN name DROP NOT NULL;
        CREATE TABLE notes (id int);
        CREATE INDEX ON character_insights USING gin (triggers);
        CREATE INDEX ON character_insight_relationships (from_insight_id);
        CREATE INDEX extra ON character_insight_relationships (relationship_type);
        CREATE INDEX ON character_insights (discovery_date);
        CREATE INDEX ON character_insight_relationships (created_date);
        CREATE INDEX ON character_learning_timeline (learning_date);
        """
        try TestDatabase.with(setup: setup) { conninfo in
            let connection = try Connection(conninfo)
            let catalog = "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            let before = try connection.execute(catalog).string(0, 0)
            let differences = try SchemaCheck.run(on: connection)
            #expect(kinds(differences) == [
                "nullability characters.name",
                "type character_insights.insight_type", "default character_insights.importance_level",
                "missing_column character_insights.emotional_valence", "extra_column character_insights.mood",
                "missing_index character_insights",
                "missing_index character_insight_relationships", "extra_index character_insight_relationships",
                "extra_table notes",
            ])
            #expect(differences[1].expected == "character varying(50)" && differences[1].actual == "text")
            #expect(differences[5].expected == "btree (character_id)")
            #expect(differences[6].expected == "btree (to_insight_id)")
            #expect(differences[7].actual == "btree (relationship_type)")
            #expect(try connection.execute(catalog).string(0, 0) == before)
            #expect(try connection.execute("SELECT count(*) FROM pg_class WHERE relpersistence = 't'").int(0, 0) == 0)
        }
    }

    @Test func productionRefusesViolatingRowsNamingThemAndChangesNothing() throws {
        let setup = SchemaDDL.seedSQL + """
        INSERT INTO characters (id, name, normalized_name) VALUES (1, 'E', 'e');
        INSERT INTO character_insights (id, character_id, insight_type, insight_content, confidence_score) VALUES
            (10, 1, 'p', 'a', 0.5), (11, 1, NULL, 'b', 0.5), (12, 1, 'p', 'c', NULL);
        INSERT INTO character_insight_relationships (id, from_insight_id, to_insight_id, relationship_type, strength) VALUES
            (100, 10, 11, 'x', 0.5), (101, 10, 11, 'x', 0.7), (102, 10, 11, 'x', 0.1), (103, 11, 12, 'y', 0.5);
        """
        try TestDatabase.with(setup: setup) { conninfo in
            let connection = try Connection(conninfo)
            do {
                _ = try SchemaSetup.apply(on: connection, production: true)
                Issue.record("expected violations")
            } catch let ProductionConstraints.ApplyError.violations(list) {
                let found = list.map { "\($0.constraint):\($0.rowIds)" }
                #expect(found == ["NOT NULL character_insights.insight_type:[11]", "NOT NULL character_insights.confidence_score:[12]",
                                  "UNIQUE character_insight_relationships(from_insight_id, to_insight_id, relationship_type) (ids after the first of each group):[101, 102]"])
                #expect(ProductionConstraints.ApplyError.violations(list).description.contains("ids 101, 102"))
            }
            #expect(try connection.execute("SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%_idx' OR indexname LIKE '%_gin'").int(0, 0) == 0)
            #expect(try connection.execute("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'character_insights'::regclass AND attname = 'character_id'").bool(0, 0) == false)
            try connection.execute("UPDATE character_insights SET insight_type = 'p', confidence_score = 0.1")
            try connection.execute("DELETE FROM character_insight_relationships WHERE id IN (101, 102)")
            let applied = try SchemaSetup.apply(on: connection, production: true)
            #expect(applied.constraints?.applied.count == 12)
            // ON DELETE CASCADE now removes what hangs off a deleted character.
            try connection.execute("DELETE FROM characters WHERE id = 1")
            #expect(try connection.execute("SELECT count(*) FROM character_insight_relationships").int(0, 0) == 0)
            let again = try SchemaSetup.apply(on: connection, production: true)
            #expect(again.constraints?.applied.isEmpty == true && again.constraints?.alreadyPresent.count == 12)
        }
    }
}
