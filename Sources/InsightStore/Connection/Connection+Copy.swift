import CLibPQ

extension Connection {
    /// Runs `COPY (...) TO STDOUT` (text format) and hands each row to `body`, one at a time.
    ///
    /// Memory stays at one row: libpq returns each row in its own buffer, decoded in place and freed
    /// before the next. COPY sends rows without per-row protocol overhead, which makes it the
    /// fastest way to read whole tables. If `body` throws, the query is cancelled and the stream
    /// drained so the connection stays usable. Returns the number of rows.
    @discardableResult
    func copyOut(
        _ sql: String, row: inout CopyRow, _ body: (inout CopyRow) throws(StoreError) -> Void
    ) throws(StoreError) -> Int {
        guard let start = PQexec(handle, sql) else { throw failure(sql: sql, result: nil) }
        let started = QueryResult(start)
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            throw failure(sql: sql, result: started)
        }
        var rows = 0
        var failure: StoreError?
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let data = buffer {
                defer { PQfreemem(data) }
                if failure != nil { continue }  // draining after a cancel
                let bytes = UnsafeMutableRawPointer(data).bindMemory(to: UInt8.self, capacity: Int(length))
                do throws(StoreError) {
                    try row.load(UnsafeMutableBufferPointer(start: bytes, count: Int(length)))
                    try body(&row)
                    rows += 1
                } catch {
                    failure = error
                    cancelRunningQuery()
                }
            } else if length == -1 {
                break
            } else {
                throw .connectionLost(message: lostConnectionMessage)
            }
        }
        // The COPY's own completion (or the cancel's error, which the row error supersedes).
        var completion: StoreError?
        while let result = PQgetResult(handle) {
            let wrapped = QueryResult(result)
            if PQresultStatus(result) != PGRES_COMMAND_OK, completion == nil {
                completion = self.failure(sql: sql, result: wrapped)
            }
        }
        if let failure { throw failure }
        if let completion { throw completion }
        return rows
    }

    /// Asks the server to stop the current query (best effort).
    private func cancelRunningQuery() {
        guard let cancel = PQgetCancel(handle) else { return }
        defer { PQfreeCancel(cancel) }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &message, Int32(message.count))
    }
}
