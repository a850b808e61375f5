import InsightGraph
import Testing
@testable import InsightStore

@Suite struct GraphLoaderTests {
    func checkFixture(_ result: LoadResult) throws {
        let graph = result.snapshot
        #expect(graph.characters.map(\.normalizedName) == ["elena", "marcus"])
        #expect(graph.nodeCount == 3)
        #expect(graph.edgeCount == 2)
        #expect(graph.anomalies.total == 0)
        let reef = try #require(graph.node(forInsightId: 10))
        let insight = graph.insight(at: reef)
        #expect(insight.characterId == 1)
        #expect(insight.type == "emotional_pattern")
        #expect(insight.content == "I light up talking about reefs")
        #expect(insight.confidence == 0.9)
        #expect(insight.discoveryDate == Timestamp.utc(year: 2025, month: 3, day: 1, hour: 12))
        #expect(insight.conversationContext == "user asked about diving")
        #expect(insight.importance == 8)
        #expect(insight.emotionalValence == 0.7)
        #expect(insight.triggers == ["ocean", "Reef"])
        #expect(insight.supportingEvidence == ["conversation 1"])
        #expect(graph.insight(at: graph.node(forInsightId: 11)!).discoveryDate
                == Timestamp.utc(year: 2025, month: 3, day: 2, hour: 8, minute: 30, microsecond: 250_000))
        #expect(graph.insight(at: graph.node(forInsightId: 12)!).supportingEvidence == [])
        #expect(graph.insight(at: graph.node(forInsightId: 11)!).supportingEvidence == nil)
        #expect(graph.nodes(withTrigger: "reef", character: 0) == [reef])
        let out = graph.outgoing(reef)
        #expect(out.count == 1)
        #expect(graph.edgeIds[Int(out.first!.edge)] == 100)
        #expect(graph.relationship(at: out.first!.edge).createdDate == Timestamp.utc(year: 2025, month: 3, day: 3))
        #expect(graph.relationship(at: out.first!.edge).type == "leads_to")
        #expect(graph.learningEvents.map(\.id) == [1000, 1001])
        #expect(graph.learningEvents(ofCharacter: 0).first?.learningDate == Timestamp.utc(year: 2025, month: 3, day: 1, hour: 13))
        #expect(result.stats.rowsPerTable == ["characters": 2, "character_insights": 3,
                                              "character_insight_relationships": 2, "character_learning_timeline": 2])
        #expect(result.stats.timelinePresent)
    }

    @Test func loadsTheSeedSchema() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + TestDatabase.fixtureRows) { conninfo in
            try checkFixture(TestDatabase.load(conninfo))
        }
    }

    @Test func loadsTheProductionVariant() throws {
        try TestDatabase.with(setup: TestDatabase.productionSchema + TestDatabase.fixtureRows) { conninfo in
            try checkFixture(TestDatabase.load(conninfo))
        }
    }

    @Test func timelineIsOptional() throws {
        let setup = SchemaDDL.seedSQL + TestDatabase.fixtureRows + "DROP TABLE character_learning_timeline;"
        try TestDatabase.with(setup: setup) { conninfo in
            let result = try TestDatabase.load(conninfo)
            #expect(!result.stats.timelinePresent)
            #expect(result.snapshot.learningEvents.isEmpty)
            #expect(result.snapshot.nodeCount == 3)
        }
    }

    @Test func unusualColumnTypesAreCastOnTheServer() throws {
        let setup = SchemaDDL.seedSQL + TestDatabase.fixtureRows + """
        ALTER TABLE character_insights ALTER COLUMN confidence_score TYPE numeric(4,2),
            ALTER COLUMN importance_level TYPE smallint, ALTER COLUMN discovery_date TYPE date,
            ALTER COLUMN triggers TYPE varchar(40)[];
        ALTER TABLE character_insight_relationships ALTER COLUMN strength TYPE real,
            ALTER COLUMN relationship_type TYPE char(12), ALTER COLUMN id TYPE bigint;
        """
        try TestDatabase.with(setup: setup) { conninfo in
            let graph = try TestDatabase.load(conninfo).snapshot
            let reef = graph.insight(at: graph.node(forInsightId: 10)!)
            #expect(reef.confidence == 0.9)
            #expect(reef.importance == 8)
            #expect(reef.discoveryDate == Timestamp.utc(year: 2025, month: 3, day: 1))
            #expect(reef.triggers == ["ocean", "Reef"])
            #expect(graph.edgeStrengths[0] == 0.8)  // real's shortest text form
            #expect(graph.relationshipTypes.contains("leads_to    "))
        }
    }

    @Test func viewsAndPartitionedTablesLoad() throws {
        // Insights behind a view in another schema, relationships in a partitioned table.
        let setup = """
        CREATE SCHEMA app;
        SET search_path TO app;
        """ + SchemaDDL.seedSQL + TestDatabase.fixtureRows + """
        ALTER TABLE character_insights RENAME TO insights_base;
        CREATE VIEW character_insights AS SELECT * FROM insights_base;
        CREATE TABLE rel_part (LIKE character_insight_relationships) PARTITION BY RANGE (id);
        CREATE TABLE rel_part_1 PARTITION OF rel_part FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
        INSERT INTO rel_part SELECT * FROM character_insight_relationships;
        DROP TABLE character_insight_relationships;
        ALTER TABLE rel_part RENAME TO character_insight_relationships;
        """
        try TestDatabase.with(setup: setup) { conninfo in
            try checkFixture(TestDatabase.load(conninfo + " options='-c search_path=app'"))
        }
    }

    @Test func parallelAndSequentialReadsAgree() throws {
        try TestDatabase.with(setup: SchemaDDL.seedSQL + TestDatabase.fixtureRows) { conninfo in
            let parallel = try GraphLoader(connection: Connection(conninfo)).load(LoadOptions(parallelRead: true))
            let sequential = try GraphLoader(connection: Connection(conninfo)).load(LoadOptions(parallelRead: false))
            try checkFixture(parallel)
            try checkFixture(sequential)
            #expect(parallel.snapshot.insights == sequential.snapshot.insights)
            #expect(parallel.snapshot.edgeIds == sequential.snapshot.edgeIds)
            #expect(parallel.stats.rowsPerTable == sequential.stats.rowsPerTable)
        }
    }

    @Test func snapshotTokensAreChecked() {
        #expect(ParallelInsightRead.isSnapshotToken("00000003-0000001B-1"))
        #expect(!ParallelInsightRead.isSnapshotToken(""))
        #expect(!ParallelInsightRead.isSnapshotToken("1'; DROP TABLE x; --"))
    }

    @Test func reportsProgressWithThePlannerEstimate() throws {
        let setup = SchemaDDL.seedSQL + TestDatabase.fixtureRows + """
        INSERT INTO character_insights (id, character_id, insight_content) SELECT 100000 + g, 1, 'bulk ' || g FROM generate_series(1, 20000) g;
        ANALYZE;
        """
        try TestDatabase.with(setup: setup) { conninfo in
            nonisolated(unsafe) var reports: [LoadProgress] = []
            let result = try GraphLoader(connection: Connection(conninfo)).load(
                LoadOptions(progressInterval: 0)) { reports.append($0) }
            #expect(result.snapshot.nodeCount == 20_003)
            #expect(reports.count >= 2)
            let last = try #require(reports.last)
            #expect(last.rowsLoaded == 2 + 20_003 + 2 + 2)
            #expect(last.estimatedRows != nil && last.estimatedRows! >= 20_000)
            #expect(last.percent != nil && last.percent! > 90)
            #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.rowsLoaded <= $1.rowsLoaded })
        }
    }
}
