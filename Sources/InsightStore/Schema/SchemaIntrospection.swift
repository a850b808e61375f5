/// What the database actually has, checked before any row is read so a missing table or column
/// fails at once with one error naming it (exit code 3), instead of a SQL error halfway.
struct IntrospectedTable {
    var spec: TableSpec
    /// `pg_type.typname` per column of ``spec``, in order.
    var columnTypes: [String]
    /// The planner's estimate (`pg_class.reltuples`), nil when the table was never analyzed.
    var estimatedRows: Int?
    /// A plain table (`relkind = 'r'`); views, partitioned and foreign tables need `COPY (SELECT ...)`.
    var isPlainTable = true

    /// Column expressions for the COPY query: the column itself, or a cast when its type is unusual.
    var selectExpressions: [String] {
        zip(spec.columns, columnTypes).map { column, type in
            let quoted = quoteIdentifier(column.name)
            if column.kind.acceptedTypes.contains(type) {
                return type == "date" ? "\(quoted)::timestamp" : quoted
            }
            return "\(quoted)::\(column.kind.canonicalType)"
        }
    }

    var needsCasts: Bool { selectExpressions.contains { $0.contains("::") } }

    /// `SELECT` of the spec's columns (cast as ``selectExpressions`` says) from the table, with an
    /// optional `WHERE` condition: what the loader's COPY and the change reader both read.
    func selectSQL(where condition: String?) -> String {
        let filter = condition.map { " WHERE \($0)" } ?? ""
        return "SELECT \(selectExpressions.joined(separator: ", ")) FROM \(quoteIdentifier(spec.name))\(filter)"
    }
}

enum SchemaIntrospection {
    /// Looks `spec` up through the connection's search_path. Returns nil for a missing optional
    /// table; throws ``StoreError/schemaMissing(table:column:)`` for anything else missing.
    static func inspect(_ spec: TableSpec, on connection: Connection) throws(StoreError) -> IntrospectedTable? {
        let table = try connection.execute(
            """
            SELECT c.oid::int8, c.reltuples::float8, c.relkind = 'r'
            FROM pg_catalog.pg_class c WHERE c.oid = to_regclass($1::text)
            """,
            [quoteIdentifier(spec.name)]
        )
        guard table.rowCount == 1, let oid = table.string(0, 0) else {
            if spec.isOptional { return nil }
            throw .schemaMissing(table: spec.name, column: nil)
        }
        let estimate = table.double(0, 1).flatMap { $0 >= 0 ? Int($0) : nil }
        let columns = try connection.execute(
            """
            SELECT a.attname::text, t.typname::text
            FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
            """,
            [oid]
        )
        var typeByName: [String: String] = [:]
        for row in 0..<columns.rowCount {
            if let name = columns.string(row, 0), let type = columns.string(row, 1) { typeByName[name] = type }
        }
        var types: [String] = []
        for column in spec.columns {
            guard let type = typeByName[column.name] else {
                throw .schemaMissing(table: spec.name, column: column.name)
            }
            types.append(type)
        }
        return IntrospectedTable(spec: spec, columnTypes: types, estimatedRows: estimate,
                                 isPlainTable: table.bool(0, 2) ?? true)
    }

    /// Whether a table exists (through the search_path).
    static func tableExists(_ name: String, on connection: Connection) throws(StoreError) -> Bool {
        let result = try connection.execute("SELECT to_regclass($1::text) IS NOT NULL", [quoteIdentifier(name)])
        return result.bool(0, 0) == true
    }
}
