/// The indexes the seed design recommends: GIN on `triggers` (trigger matching at prompt time),
/// b-trees on the foreign keys the loader and the writer join on, and b-trees on the three date
/// columns `serve` polls for updated rows when the NOTIFY triggers are absent (without them each
/// such check scans the tables, so `serve` spaces the checks out: see `--date-scan-percent`).
public enum SchemaIndexes {
    public struct Index: Sendable, Equatable {
        public var name: String
        public var table: String
        public var method: String
        public var column: String
    }

    public static let recommended: [Index] = [
        Index(name: "character_insights_triggers_gin", table: "character_insights", method: "gin", column: "triggers"),
        Index(name: "character_insights_character_id_idx", table: "character_insights", method: "btree", column: "character_id"),
        Index(name: "character_insight_relationships_from_idx", table: "character_insight_relationships", method: "btree", column: "from_insight_id"),
        Index(name: "character_insight_relationships_to_idx", table: "character_insight_relationships", method: "btree", column: "to_insight_id"),
        Index(name: "character_insights_discovery_date_idx", table: "character_insights", method: "btree", column: "discovery_date"),
        Index(name: "character_insight_relationships_created_date_idx", table: "character_insight_relationships", method: "btree", column: "created_date"),
        Index(name: "character_learning_timeline_learning_date_idx", table: "character_learning_timeline", method: "btree", column: "learning_date"),
    ]

    /// What ``apply(on:schema:)`` did: indexes created, and those already there (under which name).
    public struct ApplyResult: Sendable, Equatable {
        public var created: [String] = []
        public var alreadyPresent: [(recommended: String, existing: String)] = []

        public static func == (lhs: ApplyResult, rhs: ApplyResult) -> Bool {
            lhs.created == rhs.created && lhs.alreadyPresent.map { [$0.recommended, $0.existing] } == rhs.alreadyPresent.map { [$0.recommended, $0.existing] }
        }
    }

    /// Creates each recommended index unless an equivalent one (same table, method and single
    /// column, no predicate) exists under any name; safe to repeat. Runs in the caller's
    /// transaction if there is one. `schema` qualifies the tables (nil: the search_path).
    public static func apply(on connection: Connection, schema: String? = nil) throws(StoreError) -> ApplyResult {
        var result = ApplyResult()
        for index in recommended {
            let table = qualified(index.table, schema)
            guard try SchemaIntrospection.tableExists(table, qualified: true, on: connection) else {
                throw .schemaMissing(table: index.table, column: nil)
            }
            if let existing = try equivalentIndex(index, table: table, on: connection) {
                result.alreadyPresent.append((index.name, existing))
                continue
            }
            try connection.execute("CREATE INDEX IF NOT EXISTS \(quoteIdentifier(index.name)) ON \(table) USING \(index.method) (\(quoteIdentifier(index.column)))")
            result.created.append(index.name)
        }
        return result
    }

    static func equivalentIndex(_ index: Index, table: String, on connection: Connection) throws(StoreError) -> String? {
        let found = try connection.execute(
            """
            SELECT ic.relname::text FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_catalog.pg_am am ON am.oid = ic.relam
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = to_regclass($1) AND am.amname = $2 AND i.indnatts = 1
              AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attname = $3
            ORDER BY 1 LIMIT 1
            """,
            [table, index.method, index.column])
        return found.rowCount > 0 ? found.string(0, 0) : nil
    }

    /// `"schema"."table"`, or `"table"` when `schema` is nil.
    static func qualified(_ table: String, _ schema: String?) -> String {
        (schema.map { quoteIdentifier($0) + "." } ?? "") + quoteIdentifier(table)
    }
}

extension SchemaIntrospection {
    /// Whether a table exists, named by an already quoted (possibly schema-qualified) name.
    static func tableExists(_ quotedName: String, qualified: Bool, on connection: Connection) throws(StoreError) -> Bool {
        try connection.execute("SELECT to_regclass($1::text) IS NOT NULL", [quotedName]).bool(0, 0) == true
    }
}
