import InsightGraph

/// Streams each table with COPY and turns rows into model values (columns: ``TableSpec``;
/// decoding: ``RowDecoder``).
struct TableReader {
    let connection: Connection

    /// `COPY table (cols) TO STDOUT`, or a `COPY (SELECT ...)` when columns need casts or rows a filter.
    static func copySQL(_ table: IntrospectedTable, where condition: String?) -> String {
        if condition == nil && !table.needsCasts && table.isPlainTable {
            let columns = table.spec.columnNames.map(quoteIdentifier).joined(separator: ", ")
            return "COPY \(quoteIdentifier(table.spec.name)) (\(columns)) TO STDOUT"
        }
        return "COPY (\(table.selectSQL(where: condition))) TO STDOUT"
    }

    /// Streams `table` (rows matching `condition`, all when nil) into `sink`; returns the row count.
    func read(
        _ table: IntrospectedTable, where condition: String?, into sink: inout some RowSink, meter: inout ProgressMeter
    ) throws(StoreError) -> Int {
        meter.table = table.spec.name
        var decoder = RowDecoder(table.spec.table)
        var row = TextRow(table.spec)
        return try connection.copyOut(Self.copySQL(table, where: condition), into: &row) { (row: inout TextRow) throws(StoreError) in
            try decoder.decode(&row, into: &sink)
            meter.tick()
        }
    }
}
