import InsightGraph

/// Reads selected rows of the four tables with parameterised SELECTs (small batches, unlike the
/// full load's COPY): rows by id (after a notification), past an id watermark, or with a date at
/// or past a date watermark (polling).
///
/// Columns, casts and decoding are the loader's: the tables are inspected once, when the reader is
/// made (``SchemaIntrospection``: a missing table or column fails as a load does, a column of an
/// unusual type is cast as the loader casts it), and rows go through ``RowDecoder``.
public final class ChangeReader {
    let connection: Connection
    private let tables: [CharacterTable: IntrospectedTable]

    /// Inspects the tables on `connection`, which the reader then uses (one owner at a time).
    public init(connection: Connection) throws(StoreError) {
        var tables: [CharacterTable: IntrospectedTable] = [:]
        for table in CharacterTable.allCases {
            tables[table] = try SchemaIntrospection.inspect(table.spec, on: connection)
        }
        self.connection = connection
        self.tables = tables
    }

    /// Whether the optional `character_learning_timeline` exists (its reads return nothing otherwise).
    public var timelinePresent: Bool { tables[.timeline] != nil }

    /// Runs `body` in one read-only REPEATABLE READ transaction, so every read in it sees the same
    /// instant. With `serialScans`, the server plans no parallel workers: a date check without an
    /// index is a scan, better done by one backend than by a parallel plan's three.
    public func inOneSnapshot<T>(serialScans: Bool, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { _ = try? connection.execute("ROLLBACK") }
        if serialScans { try connection.execute("SET LOCAL max_parallel_workers_per_gather = 0") }
        return try body()
    }

    /// Rows whose id is in `ids`, added to `sink`; returns the ids read (ids not returned no longer exist).
    public func rows(of table: CharacterTable, ids: Set<Int>, into sink: inout some RowSink) throws(StoreError) -> Set<Int> {
        guard !ids.isEmpty, let introspected = tables[table] else { return [] }
        let list = "{" + ids.sorted().map(String.init).joined(separator: ",") + "}"
        let condition = "\(quoteIdentifier("id")) = ANY($1::bigint[])"
        return try read(introspected, where: condition, [list], into: &sink)
    }

    /// Rows with `id > afterId` (a primary-key range scan).
    public func rows(of table: CharacterTable, afterId: Int, into sink: inout some RowSink) throws(StoreError) -> Set<Int> {
        guard let introspected = tables[table] else { return [] }
        return try read(introspected, where: "\(quoteIdentifier("id")) > $1", [String(afterId)], into: &sink)
    }

    /// Rows with `date >= sinceDate` and `id <= throughId` (those above are read by id), for tables
    /// with a date column. Without an index on the column this scans the table.
    public func rows(
        of table: CharacterTable, sinceDate: Timestamp, throughId: Int, into sink: inout some RowSink
    ) throws(StoreError) -> Set<Int> {
        guard let introspected = tables[table], let column = table.spec.dateColumn else { return [] }
        let condition = "\(quoteIdentifier(column)) >= $1::timestamptz AND \(quoteIdentifier("id")) <= $2"
        return try read(introspected, where: condition, [sinceDate.iso8601, String(throughId)], into: &sink)
    }

    /// Decodes the rows of one SELECT into `sink` and returns their ids.
    private func read(
        _ table: IntrospectedTable, where condition: String, _ parameters: [String?], into sink: inout some RowSink
    ) throws(StoreError) -> Set<Int> {
        let result = try connection.execute(table.selectSQL(where: condition), parameters)
        var decoder = RowDecoder(table.spec.table)
        var row = TextRow(table.spec)
        var ids = Set<Int>()
        for index in 0..<result.rowCount {
            try row.load(result, row: index)
            ids.insert(try decoder.decode(&row, into: &sink))
        }
        return ids
    }
}
