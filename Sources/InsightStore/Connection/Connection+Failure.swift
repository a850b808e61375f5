import CLibPQ

extension Connection {
    /// The error for a statement that failed: ``StoreError/connectionLost(message:)`` when the
    /// connection is gone (the server stopped, crashed or terminated this backend, even if it said
    /// so in an error message first), otherwise the server's error for `sql`.
    func failure(sql: String, result: PostgresResult?) -> StoreError {
        if isGone(after: result) { return .connectionLost(message: lostConnectionMessage) }
        guard let result else { return .queryFailed(sql: sql, sqlState: nil, message: lastErrorMessage) }
        return result.error(sql: sql, fallback: lastErrorMessage)
    }

    /// Whether the connection is dead after a failed statement. `PQstatus` alone is not enough: when
    /// the server died while the connection was idle, libpq can fail the next statement with "server
    /// closed the connection unexpectedly" and still report CONNECTION_OK. An error the server sent
    /// (it has a SQLSTATE) proves the connection worked — unless it is the server's goodbye:
    /// 57P01–57P03 (terminated by an administrator, a crash or an immediate shutdown) and class 08
    /// (connection exception) end the session, and can arrive before libpq sees the socket close.
    /// An error libpq made itself is checked by reading.
    private func isGone(after result: PostgresResult?) -> Bool {
        if PQstatus(handle) == CONNECTION_BAD { return true }
        if let state = result?.sqlState {
            return state.hasPrefix("57P") || state.hasPrefix("08")
        }
        return PQconsumeInput(handle) == 0 || PQstatus(handle) == CONNECTION_BAD
    }

    /// Why the connection went, on one line: the server's last word if it announced a shutdown
    /// ("terminating connection due to immediate shutdown command"), then libpq's message.
    var lostConnectionMessage: String {
        var lines: [String] = []
        for line in lastErrorMessage.split(separator: "\n") {
            var text = line.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for severity in ["FATAL: ", "ERROR: ", "WARNING: "] where text.hasPrefix(severity) { text.removeFirst(severity.count) }
            if text.isEmpty { continue }
            // libpq indents the continuation lines of one sentence.
            if line.first?.isWhitespace == true, let last = lines.popLast() { lines.append(last + " " + text) } else { lines.append(text) }
        }
        if let notice = notices.shutdownNotice, !lines.contains(where: { $0.contains(notice) }) { lines.insert(notice, at: 0) }
        return lines.isEmpty ? "the server closed the connection" : lines.joined(separator: "; ")
    }
}
