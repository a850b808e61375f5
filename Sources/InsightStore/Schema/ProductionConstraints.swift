/// The production constraints, added only on request (`schema apply --production`): NOT NULL on the
/// columns every reader relies on, one relationship per (from, to, type), and ON DELETE CASCADE on
/// the foreign keys so deleting a character or insight removes what hangs off it.
///
/// Existing data is checked first; if any row breaks a constraint nothing is changed and the
/// error names the rows' ids.
public enum ProductionConstraints {
    public static let notNullColumns: [(table: String, column: String)] = [
        ("character_insights", "character_id"), ("character_insights", "insight_type"),
        ("character_insights", "insight_content"), ("character_insights", "confidence_score"),
        ("character_insights", "importance_level"),
        ("character_insight_relationships", "relationship_type"), ("character_insight_relationships", "strength"),
    ]
    public static let uniqueRelationship = (
        table: "character_insight_relationships", name: "character_insight_relationships_from_to_type_key",
        columns: ["from_insight_id", "to_insight_id", "relationship_type"])
    public static let cascadingKeys: [(table: String, column: String, references: String)] = [
        ("character_insights", "character_id", "characters"),
        ("character_insight_relationships", "from_insight_id", "character_insights"),
        ("character_insight_relationships", "to_insight_id", "character_insights"),
        ("character_learning_timeline", "character_id", "characters"),
    ]

    /// Rows that keep a constraint from being added: up to 10 example ids and how many in all.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        public var table: String
        public var constraint: String
        public var rowIds: [Int]
        public var count: Int
        public var description: String {
            let more = count > rowIds.count ? " and \(count - rowIds.count) more" : ""
            return "\(table): \(constraint) — \(count) row(s) break it, ids \(rowIds.map(String.init).joined(separator: ", "))\(more)"
        }
    }

    public enum ApplyError: Error, Sendable, Equatable, CustomStringConvertible {
        case violations([Violation])
        case database(StoreError)
        public var description: String {
            switch self {
            case let .violations(list):
                return "production constraints not added (nothing was changed): existing rows break them\n  "
                    + list.map(\.description).joined(separator: "\n  ")
            case let .database(error): return error.description
            }
        }
    }

    /// Statements applied and constraints already there (readable phrases).
    public struct ApplyResult: Sendable, Equatable {
        public var applied: [String] = []
        public var alreadyPresent: [String] = []
    }

    /// Checks, then adds what is missing, in the caller's transaction. `schema` qualifies tables.
    public static func apply(on connection: Connection, schema: String? = nil) throws(ApplyError) -> ApplyResult {
        do {
            var plan: [(label: String, sql: String)] = []
            var result = ApplyResult()
            var violations: [Violation] = []
            let q = { (table: String) in SchemaIndexes.qualified(table, schema) }
            for (table, column) in notNullColumns {
                let label = "NOT NULL \(table).\(column)"
                let present = try connection.execute(
                    "SELECT attnotnull FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped",
                    [q(table), column])
                guard present.rowCount == 1 else { throw StoreError.schemaMissing(table: table, column: column) }
                if present.bool(0, 0) == true { result.alreadyPresent.append(label); continue }
                let col = quoteIdentifier(column)
                if let violation = try offenders(table, label, "SELECT id FROM \(q(table)) WHERE \(col) IS NULL", on: connection) {
                    violations.append(violation)
                }
                plan.append((label, "ALTER TABLE \(q(table)) ALTER COLUMN \(col) SET NOT NULL"))
            }
            let unique = uniqueRelationship
            let uniqueLabel = "UNIQUE \(unique.table)(\(unique.columns.joined(separator: ", ")))"
            if try hasUniqueIndex(q(unique.table), unique.columns, on: connection) {
                result.alreadyPresent.append(uniqueLabel)
            } else {
                let cols = unique.columns.map(quoteIdentifier).joined(separator: ", ")
                let duplicates = "SELECT unnest((array_agg(id ORDER BY id))[2:]) FROM \(q(unique.table)) GROUP BY \(cols) HAVING count(*) > 1"
                if let violation = try offenders(unique.table, uniqueLabel + " (ids after the first of each group)", duplicates, on: connection) {
                    violations.append(violation)
                }
                plan.append((uniqueLabel, "ALTER TABLE \(q(unique.table)) ADD CONSTRAINT \(quoteIdentifier(unique.name)) UNIQUE (\(cols))"))
            }
            for key in cascadingKeys {
                guard try SchemaIntrospection.tableExists(q(key.table), qualified: true, on: connection) else { continue }
                let label = "ON DELETE CASCADE \(key.table).\(key.column) → \(key.references)"
                let existing = try connection.execute(
                    """
                    SELECT con.conname::text, con.confdeltype::text FROM pg_catalog.pg_constraint con
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
                    WHERE con.conrelid = to_regclass($1) AND con.contype = 'f' AND cardinality(con.conkey) = 1
                      AND a.attname = $2 AND con.confrelid = to_regclass($3)
                    """,
                    [q(key.table), key.column, q(key.references)])
                if existing.rowCount > 0, (0..<existing.rowCount).allSatisfy({ existing.string($0, 1) == "c" }) {
                    result.alreadyPresent.append(label); continue
                }
                let col = quoteIdentifier(key.column)
                var sql = "ALTER TABLE \(q(key.table)) "
                for row in 0..<existing.rowCount { sql += "DROP CONSTRAINT \(quoteIdentifier(existing.string(row, 0) ?? "")), " }
                let name = existing.string(0, 0) ?? "\(key.table)_\(key.column)_fkey"
                sql += "ADD CONSTRAINT \(quoteIdentifier(name)) FOREIGN KEY (\(col)) REFERENCES \(q(key.references))(id) ON DELETE CASCADE"
                if existing.rowCount == 0 {
                    let orphans = "SELECT id FROM \(q(key.table)) t WHERE \(col) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \(q(key.references)) r WHERE r.id = t.\(col))"
                    if let violation = try offenders(key.table, label + " (references a missing row)", orphans, on: connection) {
                        violations.append(violation)
                    }
                }
                plan.append((label, sql))
            }
            if !violations.isEmpty { throw ApplyError.violations(violations) }
            for step in plan {
                try connection.execute(step.sql)
                result.applied.append(step.label)
            }
            return result
        } catch let error as ApplyError {
            throw error
        } catch let error as StoreError {
            throw .database(error)
        } catch {
            throw .database(.queryFailed(sql: "", sqlState: nil, message: "\(error)"))
        }
    }

    private static func offenders(_ table: String, _ label: String, _ idQuery: String, on connection: Connection) throws(StoreError) -> Violation? {
        let result = try connection.execute("SELECT (SELECT array_agg(id) FROM (SELECT id FROM (\(idQuery)) s(id) ORDER BY id LIMIT 10) f)::text, (SELECT count(*) FROM (\(idQuery)) c)")
        let count = result.int(0, 1) ?? 0
        guard count > 0 else { return nil }
        let ids = (try? ArrayParser.parse(Array((result.string(0, 0) ?? "{}").utf8)))?.compactMap { $0.flatMap { Int($0) } } ?? []
        return Violation(table: table, constraint: label, rowIds: ids, count: count)
    }

    static func hasUniqueIndex(_ table: String, _ columns: [String], on connection: Connection) throws(StoreError) -> Bool {
        try connection.execute(
            """
            SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL
                  AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text) FROM unnest(i.indkey::int2[]) k
                       JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k)
                      = (SELECT array_agg(c ORDER BY c) FROM unnest($2::text[]) c))
            """,
            [table, ArrayLiteral.encode(columns)]).bool(0, 0) == true
    }
}
