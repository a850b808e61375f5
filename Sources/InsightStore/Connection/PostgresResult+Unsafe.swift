import CLibPQ

// The pointer code of `PostgresResult`: values and error fields are C strings inside the `PGresult`,
// valid until `PQclear`; everything here copies them out before returning.

extension PostgresResult {
    /// The value as text, or nil for SQL NULL.
    public func string(_ row: Int, _ column: Int) -> String? {
        if isNull(row, column) { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// Appends the bytes of a value to `storage`; false (nothing appended) for SQL NULL.
    func appendValue(_ row: Int, _ column: Int, to storage: inout [UInt8]) -> Bool {
        assert(0 <= row && row < rowCount && 0 <= column && column < columnCount, "value outside the result")
        if isNull(row, column) { return false }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard length > 0, let value = PQgetvalue(handle, Int32(row), Int32(column)) else { return true }
        storage.append(contentsOf: UnsafeRawBufferPointer(start: value, count: length))
        return true
    }

    /// Rows the command affected (`PQcmdTuples`), 0 when it does not say.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    func field(_ code: UInt8) -> String? {
        PQresultErrorField(handle, Int32(code)).map { String(cString: $0) }
    }
}
