/// Everything that can go wrong between InsightGraph and PostgreSQL, with a message a user can act on.
///
/// Each case names what failed (host and database, table and column, the SQL and the server's
/// message), so the CLI can print `description` as is and pick an exit code from the case.
public enum StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The server could not be reached (wrong host, port or socket; server down; bad conninfo).
    case connectionFailed(host: String, database: String, message: String)
    /// The server refused the user's credentials.
    case authenticationFailed(host: String, database: String, user: String, message: String)
    /// A required table (`column == nil`) or column does not exist.
    case schemaMissing(table: String, column: String?)
    /// The server rejected a statement.
    case queryFailed(sql: String, sqlState: String?, message: String)
    /// The connection broke while streaming rows.
    case connectionLost(message: String)
    /// A value the server sent could not be read (should not happen with the expected column types).
    case badValue(table: String, column: String, rowId: Int?, message: String)
    /// `--character` names that match no character, with the closest existing names.
    case unknownCharacters(names: [String], closeNames: [String])

    public var description: String {
        switch self {
        case let .connectionFailed(host, database, message):
            return "could not connect to database \"\(database)\" on host \"\(host)\": \(message)"
        case let .authenticationFailed(host, database, user, message):
            return "authentication failed for user \"\(user)\" on database \"\(database)\" at host \"\(host)\": \(message)"
        case let .schemaMissing(table, column?):
            return "schema missing: table \"\(table)\" has no column \"\(column)\" (see `insightgraph schema print`)"
        case let .schemaMissing(table, nil):
            return "schema missing: table \"\(table)\" does not exist (create it with `insightgraph schema apply`)"
        case let .queryFailed(sql, sqlState, message):
            let state = sqlState.map { " [SQLSTATE \($0)]" } ?? ""
            return "query failed\(state): \(message)\n  in: \(sql)"
        case let .connectionLost(message):
            return "connection to the server was lost: \(message)"
        case let .badValue(table, column, rowId, message):
            let row = rowId.map { " (row id \($0))" } ?? ""
            return "unreadable value in \(table).\(column)\(row): \(message)"
        case let .unknownCharacters(names, closeNames):
            let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
            let hint = closeNames.isEmpty ? "" : "; close names: " + closeNames.joined(separator: ", ")
            return "no character named \(list) (matched against normalized_name and name)\(hint)"
        }
    }
}
