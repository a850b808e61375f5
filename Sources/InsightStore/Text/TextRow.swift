import InsightGraph

/// One row of values in PostgreSQL's text format — a line of `COPY ... TO STDOUT` or a row of a
/// query result — with typed accessors that name the table, column and row id in their errors.
///
/// The row owns its bytes: a COPY line is copied out of libpq's buffer before that buffer is freed,
/// and a query result's values are copied out of the `PGresult`, so a row stays valid for as long
/// as it exists, whatever happens to the buffer it came from. One row is reused for a whole stream
/// (its storage keeps its capacity), so the copy costs no allocation per row.
struct TextRow {
    let table: String
    let columns: [String]
    /// The row's bytes; a COPY line is unescaped in place, so fields are ranges of it.
    var storage: [UInt8] = []
    var fields: [FieldRange] = []
    /// The row's id once read (field 0), for error messages.
    var rowId: Int?

    init(_ spec: TableSpec) {
        table = spec.name
        columns = spec.columnNames
        fields.reserveCapacity(columns.count)
    }

    /// Splits and unescapes the COPY line in ``storage`` (see ``copyLine(from:)``).
    mutating func decodeCopyLine() throws(StoreError) {
        rowId = nil
        do throws(TextParseError) {
            try CopyText.decodeRow(&storage, into: &fields)
        } catch {
            throw .badValue(table: table, column: "(row)", rowId: nil, message: error.description)
        }
        try checkFieldCount()
    }

    /// Takes row `row` of `result`, whose columns are this row's columns in order.
    mutating func load(_ result: PostgresResult, row: Int) throws(StoreError) {
        rowId = nil
        storage.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        for column in 0..<result.columnCount {
            let start = storage.count
            fields.append(result.appendValue(row, column, to: &storage) ? FieldRange(start: start, end: storage.count) : .null)
        }
        try checkFieldCount()
    }

    private func checkFieldCount() throws(StoreError) {
        guard fields.count == columns.count else {
            throw .badValue(table: table, column: "(row)", rowId: nil,
                            message: "expected \(columns.count) fields, got \(fields.count)")
        }
    }

    private func failure(_ index: Int, _ error: TextParseError) -> StoreError {
        .badValue(table: table, column: columns[index], rowId: rowId, message: error.description)
    }

    /// Field `index` read by `parser`; nil for SQL NULL.
    private func parse<T>(
        _ index: Int, _ parser: (UnsafeBufferPointer<UInt8>) throws(TextParseError) -> T
    ) throws(StoreError) -> T? {
        do throws(TextParseError) { return try withField(index, parser) } catch { throw failure(index, error) }
    }

    func int(_ index: Int) throws(StoreError) -> Int? {
        try parse(index) { bytes throws(TextParseError) in try NumberParser.parseInt(bytes) }
    }

    func double(_ index: Int) throws(StoreError) -> Double? {
        try parse(index) { bytes throws(TextParseError) in try NumberParser.parseDouble(bytes) }
    }

    func timestamp(_ index: Int) throws(StoreError) -> Timestamp? {
        try parse(index) { bytes throws(TextParseError) in try TimestampParser.parse(bytes) }
    }

    func textArray(_ index: Int) throws(StoreError) -> [String?]? {
        try parse(index) { bytes throws(TextParseError) in try ArrayParser.parse(bytes) }
    }

    func string(_ index: Int) -> String? {
        withField(index) { bytes in String(decoding: bytes, as: UTF8.self) }
    }

    /// A low-cardinality string (a type name), shared with earlier rows through `interner`.
    func string(_ index: Int, interning interner: inout StringInterner) -> String? {
        withField(index) { bytes in interner.intern(bytes) }
    }
}
