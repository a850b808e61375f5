import CLibPQ

extension Connection {
    /// Runs `COPY table (...) FROM STDIN` (text format) and sends `data`, rows already encoded
    /// (see ``CopyTextEncoder``). Returns the number of rows the server stored.
    ///
    /// The whole buffer goes in one `PQputCopyData` call (libpq splits it into messages); the
    /// server reports a bad row only at the end, as the COPY's result.
    @discardableResult
    func copyIn(_ sql: String, data: [UInt8]) throws(StoreError) -> Int {
        guard let start = PQexec(handle, sql) else { throw failure(sql: sql, result: nil) }
        let started = PostgresResult(start)
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            throw failure(sql: sql, result: started)
        }
        let ended = putCopyData(data) ? PQputCopyEnd(handle, nil) : PQputCopyEnd(handle, "client could not send data")
        if ended != 1 { throw .connectionLost(message: lostConnectionMessage) }
        var failure: StoreError?
        var rows = 0
        while let result = PQgetResult(handle) {
            let wrapped = PostgresResult(result)
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                rows = wrapped.affectedRows
            } else if failure == nil {
                failure = self.failure(sql: sql, result: wrapped)
            }
        }
        if let failure { throw failure }
        return rows
    }
}
