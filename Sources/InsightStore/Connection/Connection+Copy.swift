import CLibPQ

extension Connection {
    /// Runs `COPY (...) TO STDOUT` (text format) and hands each row to `body`, one at a time.
    ///
    /// Memory stays at one row: libpq returns each row in its own buffer, which is copied into
    /// `row` (reusing its storage) and freed before `body` runs, so nothing refers to it afterwards
    /// (``TextRow``). COPY sends rows without per-row protocol overhead, which makes it the
    /// fastest way to read whole tables. If `body` throws, the query is cancelled and the stream
    /// drained so the connection stays usable. Returns the number of rows.
    @discardableResult
    func copyOut(
        _ sql: String, into row: inout TextRow, _ body: (inout TextRow) throws(StoreError) -> Void
    ) throws(StoreError) -> Int {
        guard let start = PQexec(handle, sql) else { throw failure(sql: sql, result: nil) }
        let started = PostgresResult(start)
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            throw failure(sql: sql, result: started)
        }
        var rows = 0
        var failure: StoreError?
        readLines: while true {
            // Draining after a cancel: the lines are read and freed, not copied.
            switch nextCopyLine(into: &row, copying: failure == nil) {
            case .line:
                if failure != nil { continue }
                do throws(StoreError) {
                    try row.decodeCopyLine()
                    try body(&row)
                    rows += 1
                } catch {
                    failure = error
                    cancelRunningQuery()
                }
            case .end:
                break readLines
            case .lost:
                throw .connectionLost(message: lostConnectionMessage)
            }
        }
        // The COPY's own completion (or the cancel's error, which the row error supersedes).
        var completion: StoreError?
        while let result = PQgetResult(handle) {
            let wrapped = PostgresResult(result)
            if PQresultStatus(result) != PGRES_COMMAND_OK, completion == nil {
                completion = self.failure(sql: sql, result: wrapped)
            }
        }
        if let failure { throw failure }
        if let completion { throw completion }
        return rows
    }
}
