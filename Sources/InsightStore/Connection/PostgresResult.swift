import CLibPQ

/// A finished result (`PGresult`), owned and cleared by this object. Values are text (format 0).
public final class PostgresResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    public var rowCount: Int { Int(PQntuples(handle)) }
    public var columnCount: Int { Int(PQnfields(handle)) }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    /// The value as an integer, or nil for SQL NULL or text that is not an integer.
    public func int(_ row: Int, _ column: Int) -> Int? {
        string(row, column).flatMap { try? NumberParser.parseInt(Array($0.utf8)) }
    }

    public func double(_ row: Int, _ column: Int) -> Double? {
        string(row, column).flatMap { try? NumberParser.parseDouble(Array($0.utf8)) }
    }

    public func bool(_ row: Int, _ column: Int) -> Bool? {
        string(row, column).map { $0 == "t" }
    }

    /// The server's error for a failed result, with the SQL that failed.
    func error(sql: String, fallback: String) -> StoreError {
        let state = field(UInt8(ascii: "C"))
        var message = field(UInt8(ascii: "M")) ?? fallback
        if let detail = field(UInt8(ascii: "D")) { message += " (\(detail))" }
        return .queryFailed(sql: sql, sqlState: state, message: message)
    }

    /// The SQLSTATE of a failed result; `nil` when libpq made the error itself (no server answer).
    var sqlState: String? { field(UInt8(ascii: "C")) }
}
