/// The target tables' own limits (NOT NULL without a default, VARCHAR(n) lengths), read once per
/// session so a record breaking one is reported as a bad line instead of failing a whole batch.
struct ColumnRules {
    private struct Rule {
        var required = false
        var maxLength: Int?
    }
    /// Only the columns that have a limit, by table then column.
    private var rules: [String: [String: Rule]] = [:]
    /// Tables that exist (through the search_path).
    private(set) var tables: Set<String> = []

    static let tableNames = ["characters", "character_insights", "character_insight_relationships", "character_learning_timeline"]

    static func read(on connection: Connection) throws(StoreError) -> ColumnRules {
        var out = ColumnRules()
        let result = try connection.execute(
            """
            SELECT c.relname::text, a.attname::text, a.attnotnull AND NOT a.atthasdef,
                   CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4 THEN a.atttypmod - 4 END
            FROM unnest($1::text[]) AS n(name)
            JOIN pg_catalog.pg_class c ON c.oid = to_regclass(quote_ident(n.name))
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            """,
            [ArrayLiteral.encode(tableNames)])
        for row in 0..<result.rowCount {
            guard let table = result.string(row, 0), let column = result.string(row, 1) else { continue }
            out.tables.insert(table)
            let rule = Rule(required: result.bool(row, 2) == true, maxLength: result.int(row, 3))
            if rule.required || rule.maxLength != nil { out.rules[table, default: [:]][column] = rule }
        }
        return out
    }

    /// The first broken limit among `values` (column name and text, nil for NULL), as a problem reason.
    func violation(table: String, _ values: [(String, String?)]) -> (field: String, reason: String)? {
        guard let limits = rules[table] else { return nil }
        for (column, value) in values {
            guard let rule = limits[column] else { continue }
            if value == nil, rule.required {
                return (column, "\(table).\(column) is NOT NULL in this database; give \"\(column)\"")
            }
            if let value, let limit = rule.maxLength, value.count > limit {
                return (column, "\(value.count) characters; \(table).\(column) holds at most \(limit)")
            }
        }
        return nil
    }
}
