/// Triggers that announce every row change on the four character tables with `NOTIFY`, so a
/// long-running reader (`insightgraph serve`) applies changes within milliseconds instead of
/// polling. Installed on request: `insightgraph schema apply --notify`.
///
/// Payload on channel ``channel``: `table:op:id`, e.g. `character_insights:INSERT:42`
/// (`op` is INSERT, UPDATE, DELETE or TRUNCATE; TRUNCATE has id 0). An UPDATE that changes the id
/// also sends a DELETE for the old id. PostgreSQL delivers notifications when the transaction
/// commits, so the row is visible to whoever reads it after receiving the payload.
public enum NotifyTriggers {
    public static let channel = "insightgraph_changes"
    static let function = "insightgraph_notify_change"
    static let triggerName = "insightgraph_notify"
    static let truncateTriggerName = "insightgraph_notify_truncate"

    /// The tables that get triggers (the timeline only when it exists).
    public static let tables = CharacterTable.allCases.map(\.rawValue)

    /// The row a payload names; nil for a TRUNCATE or a payload that cannot be read (after either,
    /// only a full reload is right).
    public static func changedRow(_ payload: String) -> (table: CharacterTable, id: Int)? {
        let parts = payload.split(separator: ":")
        guard parts.count == 3, let table = CharacterTable(rawValue: String(parts[0])),
              let id = Int(parts[2]), parts[1] != "TRUNCATE"
        else { return nil }
        return (table, id)
    }

    static let functionSQL = """
        CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                PERFORM pg_notify('\(channel)', TG_TABLE_NAME || ':TRUNCATE:0');
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM pg_notify('\(channel)', TG_TABLE_NAME || ':DELETE:' || OLD.id::text);
            ELSE
                IF TG_OP = 'UPDATE' AND OLD.id IS DISTINCT FROM NEW.id THEN
                    PERFORM pg_notify('\(channel)', TG_TABLE_NAME || ':DELETE:' || OLD.id::text);
                END IF;
                PERFORM pg_notify('\(channel)', TG_TABLE_NAME || ':' || TG_OP || ':' || NEW.id::text);
            END IF;
            RETURN NULL;
        END $$
        """

    /// DDL for one table: drop and recreate both triggers (safe to repeat).
    static func triggerSQL(table: String) -> [String] {
        let name = quoteIdentifier(table)
        return [
            "DROP TRIGGER IF EXISTS \(triggerName) ON \(name)",
            "CREATE TRIGGER \(triggerName) AFTER INSERT OR UPDATE OR DELETE ON \(name) "
                + "FOR EACH ROW EXECUTE FUNCTION \(function)()",
            "DROP TRIGGER IF EXISTS \(truncateTriggerName) ON \(name)",
            "CREATE TRIGGER \(truncateTriggerName) AFTER TRUNCATE ON \(name) "
                + "FOR EACH STATEMENT EXECUTE FUNCTION \(function)()",
        ]
    }

    /// Everything ``apply(on:)`` runs, for `schema print --notify` and review.
    public static var sql: String {
        ([functionSQL] + tables.flatMap(triggerSQL(table:))).map { $0 + ";" }.joined(separator: "\n") + "\n"
    }

    /// Installs the function and the triggers on the tables that exist, in one transaction.
    /// - Returns: the tables that now have triggers.
    @discardableResult
    public static func apply(on connection: Connection) throws(StoreError) -> [String] {
        var installed: [String] = []
        try connection.execute("BEGIN")
        do throws(StoreError) {
            try connection.execute("SET LOCAL client_min_messages = warning")
            try connection.execute(functionSQL)
            for table in tables {
                guard try SchemaIntrospection.tableExists(table, on: connection) else { continue }
                for statement in triggerSQL(table: table) { try connection.execute(statement) }
                installed.append(table)
            }
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
        return installed
    }

    /// Whether the row triggers are installed on the insight and relationship tables (the ones
    /// freshness depends on); without them readers fall back to polling.
    public static func isInstalled(on connection: Connection) throws(StoreError) -> Bool {
        let result = try connection.execute(
            "SELECT count(DISTINCT c.relname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                + "WHERE t.tgname = $1 AND c.relname = ANY($2::text[]) AND pg_table_is_visible(c.oid)",
            [triggerName, "{characters,character_insights,character_insight_relationships}"])
        return result.int(0, 0) == 3
    }
}
