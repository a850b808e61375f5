import InsightGraph
import Testing
@testable import InsightStore

@Suite struct ChangeReaderTests {
    /// Every row of every table, read by id: the loader's values, field for field.
    @Test func readsRowsAsTheLoaderDoes() throws {
        try TestDatabase.with(setup: TestDatabase.productionSchema + TestDatabase.fixtureRows) { conninfo in
            let loaded = try TestDatabase.load(conninfo).snapshot
            let reader = try ChangeReader(connection: Connection(conninfo))
            var rows = RowLists()
            #expect(try reader.rows(of: .characters, ids: [1, 2, 3], into: &rows) == [1, 2])
            #expect(try reader.rows(of: .insights, ids: [10, 11, 12], into: &rows) == [10, 11, 12])
            #expect(try reader.rows(of: .relationships, ids: [100, 101], into: &rows) == [100, 101])
            #expect(try reader.rows(of: .timeline, ids: [1000, 1001], into: &rows) == [1000, 1001])
            #expect(rows.characters.sorted { $0.id < $1.id } == loaded.characters)
            #expect(rows.insights.sorted { $0.id < $1.id } == loaded.insights)
            let relationships = (0..<loaded.edgeCount).map { loaded.relationship(at: EdgeIndex($0)) }
            #expect(rows.relationships.sorted { $0.id < $1.id } == relationships)
            #expect(rows.learningEvents.sorted { $0.id < $1.id } == loaded.learningEvents)
        }
    }

    @Test func readsPastAnIdAndSinceADate() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + TestDatabase.fixtureRows) { conninfo in
            let reader = try ChangeReader(connection: Connection(conninfo))
            var rows = RowLists()
            #expect(try reader.rows(of: .insights, afterId: 10, into: &rows) == [11, 12])
            let since = Timestamp.utc(year: 2025, month: 3, day: 2)!
            #expect(try reader.rows(of: .insights, sinceDate: since, throughId: 12, into: &rows) == [11])
            #expect(try reader.rows(of: .insights, sinceDate: since, throughId: 10, into: &rows) == [])
            #expect(try reader.rows(of: .characters, sinceDate: since, throughId: 10, into: &rows) == [])  // no date column
            #expect(rows.insights.map(\.id) == [11, 12, 11])
        }
    }

    /// The loader's column checks: a column of another type is cast as the loader casts it, a
    /// missing one fails naming it, and a missing timeline reads as empty.
    @Test func followsTheLoadersColumnChecks() throws {
        let setup = SchemaDDL.seedSQL + TestDatabase.fixtureRows + """
            ALTER TABLE character_insights ALTER COLUMN importance_level TYPE numeric;
            ALTER TABLE character_insight_relationships ALTER COLUMN created_date TYPE date;
            DROP TABLE character_learning_timeline;
            """
        try TestDatabase.with(setup: setup) { conninfo in
            let connection = try Connection(conninfo)
            let reader = try ChangeReader(connection: connection)
            #expect(!reader.timelinePresent)
            var rows = RowLists()
            #expect(try reader.rows(of: .timeline, afterId: 0, into: &rows) == [])
            _ = try reader.rows(of: .insights, ids: [10], into: &rows)
            _ = try reader.rows(of: .relationships, ids: [100], into: &rows)
            #expect(rows.insights.first?.importance == 8)
            #expect(rows.relationships.first?.createdDate == Timestamp.utc(year: 2025, month: 3, day: 3))

            try connection.execute("ALTER TABLE character_insights DROP COLUMN triggers")
            #expect(throws: StoreError.schemaMissing(table: "character_insights", column: "triggers")) {
                try ChangeReader(connection: connection)
            }
        }
    }

    /// A value that does not parse fails with the loader's error: table, column name and row id.
    @Test func anUnreadableValueNamesItsColumnAndRow() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + TestDatabase.fixtureRows) { conninfo in
            let connection = try Connection(conninfo)
            try connection.execute("UPDATE character_insights SET discovery_date = '291000-01-01' WHERE id = 11")
            let reader = try ChangeReader(connection: connection)
            var rows = RowLists()
            let expected = StoreError.badValue(
                table: "character_insights", column: "discovery_date", rowId: 11,
                message: "invalid timestamp at byte 0: year 291000 out of the supported range")
            #expect(throws: expected) { try reader.rows(of: .insights, ids: [11], into: &rows) }
            #expect(throws: expected) { try TestDatabase.load(conninfo) }
        }
    }

    @Test func readsInOneSnapshot() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + TestDatabase.fixtureRows) { conninfo in
            let connection = try Connection(conninfo)
            let reader = try ChangeReader(connection: connection)
            let writer = try Connection(conninfo)
            var rows = RowLists()
            let (before, after) = try reader.inOneSnapshot(serialScans: true) { () throws(StoreError) in
                let before = try reader.rows(of: .characters, afterId: 0, into: &rows)
                try writer.execute("INSERT INTO characters (id, name, normalized_name) VALUES (3, 'Ada', 'ada')")
                return (before, try reader.rows(of: .characters, afterId: 0, into: &rows))
            }
            #expect(before == [1, 2])
            #expect(after == [1, 2])  // committed meanwhile, not in this snapshot
            #expect(try connection.execute("SHOW max_parallel_workers_per_gather").string(0, 0) != "0")  // SET LOCAL ended
            #expect(try reader.rows(of: .characters, afterId: 0, into: &rows) == [1, 2, 3])
        }
    }

    @Test func notificationPayloads() {
        func row(_ payload: String) -> String? {
            NotifyTriggers.changedRow(payload).map { "\($0.table) \($0.id)" }
        }
        #expect(row("character_insights:UPDATE:42") == "insights 42")
        #expect(row("character_learning_timeline:DELETE:7") == "timeline 7")
        #expect(NotifyTriggers.changedRow("characters:TRUNCATE:0") == nil)
        #expect(NotifyTriggers.changedRow("other_table:INSERT:1") == nil)
        #expect(NotifyTriggers.changedRow("characters:INSERT:x") == nil)
        #expect(NotifyTriggers.changedRow("characters:INSERT") == nil)
    }
}
