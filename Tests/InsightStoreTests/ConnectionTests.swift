import Testing
@testable import InsightStore

@Suite struct ConnectionTests {
    @Test func missingSocketDirectoryNamesHostAndDatabase() {
        #expect {
            _ = try Connection("host=/nonexistent/insightgraph-socket dbname=inventory")
        } throws: { error in
            guard case let .connectionFailed(host, database, message) = error as? StoreError else { return false }
            let text = String(describing: error)
            return host == "/nonexistent/insightgraph-socket" && database == "inventory"
                && message.contains("No such file or directory")
                && text.hasPrefix("could not connect to database \"inventory\" on host \"/nonexistent/insightgraph-socket\": ")
        }
    }

    @Test func refusedTCPPortNamesHost() {
        #expect {
            _ = try Connection("postgresql://127.0.0.1:1/shop?connect_timeout=5")
        } throws: { error in
            guard case let .connectionFailed(host, database, message) = error as? StoreError else { return false }
            return host == "127.0.0.1" && database == "shop" && message.contains("Connection refused")
        }
    }

    @Test func unknownDatabaseIsAConnectionFailure() throws {
        try TestDatabase.with { _ in
            #expect {
                _ = try Connection("dbname=ig_no_such_database")
            } throws: { error in
                guard case let .connectionFailed(_, database, message) = error as? StoreError else { return false }
                return database == "ig_no_such_database" && message.contains("does not exist")
            }
        }
    }

    @Test func unknownRoleIsRefusedAtLogin() throws {
        // The throwaway cluster trusts local users, so a refused password cannot be staged here;
        // an unknown role is the login refusal it can produce (libpq: role "..." does not exist).
        try TestDatabase.with { conninfo in
            let role = "ig_nobody_\(UInt32.random(in: 0...UInt32.max))"
            #expect {
                _ = try Connection(conninfo + " user=\(role)")
            } throws: { error in
                guard case let .connectionFailed(_, database, message) = error as? StoreError else { return false }
                return database == String(conninfo.dropFirst("dbname=".count)) && message.contains("role \"\(role)\" does not exist")
            }
        }
    }

    @Test func failedStatementCarriesSQLAndServerMessage() throws {
        try TestDatabase.with { conninfo in
            let connection = try Connection(conninfo)
            #expect(throws: StoreError.queryFailed(
                sql: "SELECT * FROM no_such_table WHERE id = $1", sqlState: "42P01",
                message: "relation \"no_such_table\" does not exist")) {
                try connection.execute("SELECT * FROM no_such_table WHERE id = $1", ["1"])
            }
            // Parameters are values, never SQL.
            let result = try connection.execute("SELECT $1::text, $2::text IS NULL", ["x'); DROP TABLE y; --", nil])
            #expect(result.string(0, 0) == "x'); DROP TABLE y; --")
            #expect(result.bool(0, 1) == true)
            #expect(try connection.execute("SHOW TimeZone").string(0, 0) == "UTC")
        }
    }

    @Test func aRowErrorMidStreamLeavesTheConnectionUsable() throws {
        // No primary key, so an id can be NULL: the loader refuses it with the table named.
        let setup = SchemaDDL.seedSQL + """
        INSERT INTO characters (id, name, normalized_name) VALUES (1, 'A', 'a');
        ALTER TABLE character_insight_relationships DROP CONSTRAINT character_insight_relationships_pkey;
        ALTER TABLE character_insight_relationships ALTER COLUMN id DROP NOT NULL;
        INSERT INTO character_insight_relationships (id, relationship_type) SELECT g, 'x' FROM generate_series(1, 50000) g;
        INSERT INTO character_insight_relationships (id, relationship_type) VALUES (NULL, 'x');
        INSERT INTO character_insight_relationships (id, relationship_type) SELECT g, 'x' FROM generate_series(50001, 100000) g;
        """
        try TestDatabase.with(setup: setup) { conninfo in
            let connection = try Connection(conninfo)
            #expect(throws: StoreError.badValue(table: "character_insight_relationships", column: "id", rowId: nil,
                                                message: "id is NULL")) {
                try GraphLoader(connection: connection).load()
            }
            #expect(try connection.execute("SELECT count(*) FROM characters").int(0, 0) == 1)
        }
    }
}
