/// The structure of the tables in one schema (namespace), read from the catalogs in forms that
/// compare across databases: `format_type` types, `pg_get_constraintdef` definitions, and index
/// definitions without their names (what an index does, not what it is called).
struct SchemaCatalog: Equatable {
    struct Column: Equatable {
        var name: String
        var type: String
        var notNull: Bool
        var defaultExpression: String?
    }
    struct Table: Equatable {
        var columns: [Column] = []
        /// `PRIMARY KEY (id)`, `FOREIGN KEY (character_id) REFERENCES characters(id)`, ...
        var constraints: Set<String> = []
        /// `btree (character_id)`, `UNIQUE gin (triggers)`... for indexes not backing a constraint.
        var indexes: Set<String> = []
    }
    var tables: [String: Table] = [:]

    /// Reads every ordinary table in the namespace `namespaceOid`.
    static func read(namespaceOid: String, on connection: Connection) throws(StoreError) -> SchemaCatalog {
        var catalog = SchemaCatalog()
        let tables = try connection.execute(
            "SELECT relname::text FROM pg_catalog.pg_class WHERE relnamespace = $1::oid AND relkind IN ('r', 'p')", [namespaceOid])
        for row in 0..<tables.rowCount { if let name = tables.string(row, 0) { catalog.tables[name] = Table() } }
        let columns = try connection.execute(
            """
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE c.relnamespace = $1::oid AND c.relkind IN ('r', 'p') ORDER BY c.relname, a.attnum
            """, [namespaceOid])
        for row in 0..<columns.rowCount {
            guard let table = columns.string(row, 0), let name = columns.string(row, 1), let type = columns.string(row, 2) else { continue }
            catalog.tables[table, default: Table()].columns.append(Column(
                name: name, type: type, notNull: columns.bool(row, 3) == true,
                defaultExpression: columns.string(row, 4).map(normalizeDefault)))
        }
        let constraints = try connection.execute(
            """
            SELECT c.relname::text, pg_get_constraintdef(con.oid)
            FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
            WHERE c.relnamespace = $1::oid AND c.relkind IN ('r', 'p')
            """, [namespaceOid])
        for row in 0..<constraints.rowCount {
            if let table = constraints.string(row, 0), let definition = constraints.string(row, 1) {
                catalog.tables[table, default: Table()].constraints.insert(definition)
            }
        }
        let indexes = try connection.execute(
            """
            SELECT c.relname::text, i.indisunique, pg_get_indexdef(i.indexrelid)
            FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
            WHERE c.relnamespace = $1::oid AND c.relkind IN ('r', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = i.indexrelid)
            """, [namespaceOid])
        for row in 0..<indexes.rowCount {
            guard let table = indexes.string(row, 0), let definition = indexes.string(row, 2),
                  let using = definition.firstRange(of: " USING ") else { continue }
            let signature = (indexes.bool(row, 1) == true ? "UNIQUE " : "") + definition[using.upperBound...]
            catalog.tables[table, default: Table()].indexes.insert(signature)
        }
        return catalog
    }

    /// Sequence defaults name their sequence (`nextval('characters_id_seq'::regclass)`), which
    /// may be schema-qualified; only "comes from a sequence" matters for the comparison.
    static func normalizeDefault(_ expression: String) -> String {
        expression.hasPrefix("nextval(") ? "nextval(<sequence>)" : expression
    }
}
