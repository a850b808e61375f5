/// `insightgraph schema check`: how a database differs from the seed schema (with the recommended
/// indexes, and with `production` the production constraints), changing nothing.
///
/// The expected structure is not a hand-written copy: the seed DDL, the indexes and the
/// constraints are applied to temporary tables in a transaction that is always rolled back, and
/// both sides are read by the same catalog queries. So `check` agrees with `apply` by construction.
public enum SchemaCheck {
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        /// `missing_table`, `extra_table`, `missing_column`, `extra_column`, `type`, `nullability`,
        /// `default`, `missing_constraint`, `extra_constraint`, `missing_index`, `extra_index`.
        public var kind: String
        public var table: String
        public var column: String?
        public var expected: String?
        public var actual: String?

        public var description: String {
            let place = column.map { "\(table).\($0)" } ?? table
            switch kind {
            case "missing_table": return "\(place): table missing"
            case "extra_table": return "\(place): table not in the seed schema"
            case "missing_column": return "\(place): column missing (expected \(expected ?? "?"))"
            case "extra_column": return "\(place): column not in the seed schema (\(actual ?? "?"))"
            case "missing_constraint": return "\(place): constraint missing: \(expected ?? "?")"
            case "extra_constraint": return "\(place): constraint not in the seed schema: \(actual ?? "?")"
            case "missing_index": return "\(place): index missing: \(expected ?? "?")"
            case "extra_index": return "\(place): index not in the seed schema: \(actual ?? "?")"
            default: return "\(place): \(kind) differs (expected \(expected ?? "none"), found \(actual ?? "none"))"
            }
        }
    }

    /// Compares the database's tables (in the schema where `characters` resolves, else the
    /// current schema) with the seed schema. An empty result means identical.
    public static func run(on connection: Connection, production: Bool = false) throws(StoreError) -> [Difference] {
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("ROLLBACK") }
        let namespace = try connection.execute(
            "SELECT COALESCE((SELECT relnamespace FROM pg_catalog.pg_class WHERE oid = to_regclass('characters')), "
                + "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema()))::text")
        guard let actualOid = namespace.string(0, 0) else { return [] }
        let actual = try SchemaCatalog.read(namespaceOid: actualOid, on: connection)
        // The expected side: the same DDL on temporary tables, rolled back by the defer above.
        for (_, sql) in SchemaDDL.seedTables {
            try connection.execute("CREATE TEMP TABLE " + sql.dropFirst("CREATE TABLE ".count))
        }
        _ = try SchemaIndexes.apply(on: connection, schema: "pg_temp")
        if production {
            do { _ = try ProductionConstraints.apply(on: connection, schema: "pg_temp") } catch {
                throw .queryFailed(sql: "", sqlState: nil, message: "could not build the expected schema: \(error)")
            }
        }
        let tempOid = try connection.execute("SELECT pg_my_temp_schema()::oid::text").string(0, 0) ?? "0"
        let expected = try SchemaCatalog.read(namespaceOid: tempOid, on: connection)
        return compare(expected: expected, actual: actual)
    }

    static func compare(expected: SchemaCatalog, actual: SchemaCatalog) -> [Difference] {
        var out: [Difference] = []
        let seedOrder = SchemaDDL.seedTables.map(\.table)
        for table in seedOrder {
            guard let want = expected.tables[table] else { continue }
            guard let have = actual.tables[table] else {
                out.append(Difference(kind: "missing_table", table: table))
                continue
            }
            for column in want.columns {
                guard let found = have.columns.first(where: { $0.name == column.name }) else {
                    out.append(Difference(kind: "missing_column", table: table, column: column.name, expected: column.type))
                    continue
                }
                if found.type != column.type {
                    out.append(Difference(kind: "type", table: table, column: column.name, expected: column.type, actual: found.type))
                }
                if found.notNull != column.notNull {
                    out.append(Difference(kind: "nullability", table: table, column: column.name,
                                          expected: column.notNull ? "NOT NULL" : "NULL", actual: found.notNull ? "NOT NULL" : "NULL"))
                }
                if found.defaultExpression != column.defaultExpression {
                    out.append(Difference(kind: "default", table: table, column: column.name,
                                          expected: column.defaultExpression, actual: found.defaultExpression))
                }
            }
            for column in have.columns where !want.columns.contains(where: { $0.name == column.name }) {
                out.append(Difference(kind: "extra_column", table: table, column: column.name, actual: column.type))
            }
            for constraint in want.constraints.subtracting(have.constraints).sorted() {
                out.append(Difference(kind: "missing_constraint", table: table, expected: constraint))
            }
            for constraint in have.constraints.subtracting(want.constraints).sorted() {
                out.append(Difference(kind: "extra_constraint", table: table, actual: constraint))
            }
            for index in want.indexes.subtracting(have.indexes).sorted() {
                out.append(Difference(kind: "missing_index", table: table, expected: index))
            }
            for index in have.indexes.subtracting(want.indexes).sorted() {
                out.append(Difference(kind: "extra_index", table: table, actual: index))
            }
        }
        for table in actual.tables.keys.sorted() where !seedOrder.contains(table) {
            out.append(Difference(kind: "extra_table", table: table))
        }
        return out
    }
}
