import CLibPQ

/// One libpq connection (`PGconn`), owned and closed by this object.
///
/// Opened from a libpq conninfo string (`host=/tmp dbname=app`) or a `postgresql://` URI; an empty
/// string means "use the PG* environment variables", as psql does. Every session is set to
/// `TimeZone=UTC`, `DateStyle=ISO` and UTF-8 so values come back in the text forms the parsers in
/// `Text/` expect (timestamptz as `+00`). Not thread-safe: one owner at a time.
public final class Connection {
    let handle: OpaquePointer
    /// What the connection was opened with ("" = the PG* environment), to open a sibling connection.
    public let conninfo: String
    /// Receives the server's notices (from the first byte of the connection on).
    let notices: NoticeSink

    /// Connects, or throws ``StoreError/connectionFailed(host:database:message:)`` /
    /// ``StoreError/authenticationFailed(host:database:user:message:)``.
    public init(_ conninfo: String = "") throws(StoreError) {
        let notices = NoticeSink()
        handle = try Connection.open(conninfo, notices: notices)
        self.notices = notices
        self.conninfo = conninfo
        try execute("SET TimeZone TO 'UTC'")
        try execute("SET DateStyle TO 'ISO, YMD'")
        try execute("SET IntervalStyle TO 'postgres'")
    }

    deinit { PQfinish(handle) }

    /// `PQconnectStart` + ``waitUntilConnected(_:)`` rather than `PQconnectdb`, so the notice
    /// receiver is in place before the server can say anything (a server shutting down during the
    /// handshake sends a WARNING that libpq's default receiver would print to stderr).
    private static func open(_ conninfo: String, notices: NoticeSink) throws(StoreError) -> OpaquePointer {
        guard let connection = PQconnectStart(conninfo) else {
            throw .connectionFailed(host: "?", database: "?", message: "libpq could not allocate a connection")
        }
        notices.install(on: connection)
        let timedOut = PQstatus(connection) != CONNECTION_BAD && !waitUntilConnected(connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            // Read everything before PQfinish frees it; PQhost/PQdb echo the conninfo or environment.
            let message = timedOut ? "timeout expired" : Connection.message(PQerrorMessage(connection))
            let host = Connection.copy(PQhost(connection))
            let database = Connection.copy(PQdb(connection))
            let user = Connection.copy(PQuser(connection))
            let needsPassword = PQconnectionNeedsPassword(connection) == 1
            PQfinish(connection)
            let shownHost = host.isEmpty ? "(default socket)" : host
            if needsPassword || message.contains("authentication failed") || message.contains("no password supplied")
                || message.contains("no pg_hba.conf entry") {
                throw .authenticationFailed(host: shownHost, database: database, user: user, message: message)
            }
            throw .connectionFailed(host: shownHost, database: database, message: message)
        }
        PQsetClientEncoding(connection, "UTF8")
        return connection
    }

    /// Host the connection went to (a socket directory for unix sockets).
    public var host: String { Connection.copy(PQhost(handle)) }
    public var database: String { Connection.copy(PQdb(handle)) }
    public var user: String { Connection.copy(PQuser(handle)) }
    /// e.g. 150018 for 15.18.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// Runs one statement with text parameters (`$1`, `$2`... ; `nil` is SQL NULL).
    ///
    /// Always goes through `PQexecParams`, so values never become part of the SQL text.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(StoreError) -> PostgresResult {
        let result = Connection.withCStrings(parameters) { values in
            PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard let result else { throw failure(sql: sql, result: nil) }
        let wrapped = PostgresResult(result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return wrapped
        default:
            throw failure(sql: sql, result: wrapped)
        }
    }

    /// Runs a script of several statements with no parameters (`PQexec`): only for SQL we wrote
    /// ourselves (DDL, test fixtures), never for values.
    func executeScript(_ sql: String) throws(StoreError) {
        guard let result = PQexec(handle, sql) else { throw failure(sql: sql, result: nil) }
        let wrapped = PostgresResult(result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw failure(sql: sql, result: wrapped)
        }
    }

    var lastErrorMessage: String { Connection.message(PQerrorMessage(handle)) }
}
