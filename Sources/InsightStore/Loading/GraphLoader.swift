import InsightGraph

/// What to load.
public struct LoadOptions: Sendable {
    /// Only these characters (matched against `normalized_name` or `name`, ignoring case); all when empty.
    public var characterNames: [String]
    public var strengthPolicy: StrengthPolicy
    /// Seconds between progress reports.
    public var progressInterval: Double
    /// Read insights on a second connection while relationships stream on the first (whole-graph
    /// loads only; both connections share one snapshot).
    public var parallelRead: Bool

    public init(
        characterNames: [String] = [], strengthPolicy: StrengthPolicy = .default, progressInterval: Double = 0.25,
        parallelRead: Bool = true
    ) {
        self.characterNames = characterNames
        self.strengthPolicy = strengthPolicy
        self.progressInterval = progressInterval
        self.parallelRead = parallelRead
    }
}

/// How a load went.
public struct LoadStats: Sendable {
    /// Rows read per table (before the builder dropped or flagged any).
    public var rowsPerTable: [String: Int]
    /// Whether `character_learning_timeline` exists (it is optional).
    public var timelinePresent: Bool
    /// Reading rows from the server.
    public var readSeconds: Double
    /// Building the snapshot from the rows.
    public var buildSeconds: Double
    public var totalSeconds: Double { readSeconds + buildSeconds }
}

public struct LoadResult: Sendable {
    public var snapshot: GraphSnapshot
    public var stats: LoadStats
}

/// Reads the character tables from PostgreSQL into a ``GraphSnapshot``.
///
/// Steps: introspect the schema (missing table or column → one error naming it); in one
/// REPEATABLE READ transaction (all tables seen at the same instant), stream each table with
/// `COPY ... TO STDOUT`, decoding rows in place into a ``GraphBuilder``; then build. Memory holds
/// the rows and the graph, never a result set. With a character filter, the selected ids go into a
/// temporary table through a parameterised INSERT and the COPY queries join against it.
public struct GraphLoader {
    public let connection: Connection

    public init(connection: Connection) { self.connection = connection }

    public func load(
        _ options: LoadOptions = LoadOptions(), progress: ((LoadProgress) -> Void)? = nil
    ) throws(StoreError) -> LoadResult {
        var tables: [IntrospectedTable] = []
        for spec in TableSpec.all {
            if let table = try SchemaIntrospection.inspect(spec, on: connection) { tables.append(table) }
        }
        let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.spec.name, $0) })
        let estimate = tables.reduce(into: Int?(0)) { sum, table in
            sum = sum.flatMap { total in table.estimatedRows.map { total + $0 } }
        }
        var meter = ProgressMeter(callback: progress, estimatedRows: estimate, interval: options.progressInterval)
        var builder = GraphBuilder(isPartialSelection: !options.characterNames.isEmpty,
                                   strengthPolicy: options.strengthPolicy)
        var rowsPerTable: [String: Int] = [:]

        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        do throws(StoreError) {
            let reader = TableReader(connection: connection)
            var read = RowLists()
            rowsPerTable[TableSpec.characters.name] = try reader.read(byName[TableSpec.characters.name]!, where: nil,
                                                                       into: &read, meter: &meter)
            var characters = read.characters
            var filter: String?
            if !options.characterNames.isEmpty {
                let selected = try CharacterSelection.resolve(options.characterNames, among: characters)
                characters = characters.filter { selected.contains($0.id) }
                try createSelection(selected)
                filter = "IN (SELECT id FROM pg_temp.insightgraph_selection)"
            }
            for character in characters { builder.add(character) }

            let insights = byName[TableSpec.insights.name]!
            var parallel: ParallelInsightRead?
            if filter == nil && options.parallelRead {
                let token = try connection.execute("SELECT pg_export_snapshot()").string(0, 0) ?? ""
                if ParallelInsightRead.isSnapshotToken(token) {
                    parallel = ParallelInsightRead(conninfo: connection.conninfo, snapshot: token, table: insights)
                }
            }
            defer { _ = try? parallel?.finish() }  // never leave the worker running on an error
            if parallel == nil {
                if filter == nil, let estimated = insights.estimatedRows { builder.reserve(insights: min(estimated, 50_000_000)) }
                rowsPerTable[insights.spec.name] = try reader.read(
                    insights, where: filter.map { "\(quoteIdentifier("character_id")) \($0)" },
                    into: &builder, meter: &meter)
            }

            let relationships = byName[TableSpec.relationships.name]!
            if filter == nil, let estimated = relationships.estimatedRows {
                builder.reserve(relationships: min(estimated, 100_000_000))
            }
            let relationshipFilter = filter.map { clause in
                let selectedInsights = "(SELECT \(quoteIdentifier("id")) FROM \(quoteIdentifier(TableSpec.insights.name)) "
                    + "WHERE \(quoteIdentifier("character_id")) \(clause))"
                return "\(quoteIdentifier("from_insight_id")) IN \(selectedInsights) OR "
                    + "\(quoteIdentifier("to_insight_id")) IN \(selectedInsights)"
            }
            rowsPerTable[relationships.spec.name] = try reader.read(
                relationships, where: relationshipFilter, into: &builder, meter: &meter)
            if let worker = parallel {
                let result = try worker.finish()
                builder.add(contentsOf: result.insights)
                rowsPerTable[insights.spec.name] = result.rows
                meter.rows += result.rows
                parallel = nil
            }

            if let timeline = byName[TableSpec.timeline.name] {
                rowsPerTable[timeline.spec.name] = try reader.read(
                    timeline, where: filter.map { "\(quoteIdentifier("character_id")) \($0)" },
                    into: &builder, meter: &meter)
            }
            meter.report(force: true)
            try connection.execute("ROLLBACK")  // read only; also drops the selection table
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
        let readSeconds = meter.secondsElapsed
        meter.report(force: true, phase: .building)
        let clock = ContinuousClock()
        let buildStart = clock.now
        let snapshot = builder.build()
        let buildSeconds = ProgressMeter.seconds(clock.now - buildStart)
        return LoadResult(snapshot: snapshot, stats: LoadStats(
            rowsPerTable: rowsPerTable, timelinePresent: byName[TableSpec.timeline.name] != nil,
            readSeconds: readSeconds, buildSeconds: buildSeconds))
    }

    /// The selected character ids as a temporary table, filled with a parameterised statement.
    private func createSelection(_ ids: Set<Int>) throws(StoreError) {
        try connection.execute("CREATE TEMPORARY TABLE insightgraph_selection (id bigint PRIMARY KEY) ON COMMIT DROP")
        let array = "{" + ids.sorted().map(String.init).joined(separator: ",") + "}"
        try connection.execute("INSERT INTO pg_temp.insightgraph_selection SELECT unnest($1::bigint[])", [array])
        try connection.execute("ANALYZE pg_temp.insightgraph_selection")
    }
}
