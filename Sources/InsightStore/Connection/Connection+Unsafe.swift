import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

// The pointer code of `Connection`: C strings in and out of libpq, the conninfo option array,
// notification structs and COPY buffers. Each buffer libpq allocates is copied into Swift values
// and freed here, before any function returns: no pointer into it survives.

extension Connection {
    /// How ``nextCopyLine(into:copying:)`` went.
    enum CopyLine { case line, end, lost }

    /// Reads the next line of a `COPY ... TO STDOUT` into `row` (when `copying`; otherwise it is
    /// dropped, while draining) and frees libpq's buffer before returning.
    func nextCopyLine(into row: inout TextRow, copying: Bool) -> CopyLine {
        var buffer: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(handle, &buffer, 0)
        guard length > 0, let data = buffer else { return length == -1 ? .end : .lost }
        defer { PQfreemem(data) }
        if copying { row.copyLine(from: UnsafeRawBufferPointer(start: data, count: Int(length))) }
        return .line
    }

    /// Sends a `COPY ... FROM STDIN` payload in one `PQputCopyData` call; false when libpq refused it.
    func putCopyData(_ data: [UInt8]) -> Bool {
        data.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return true }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                PQputCopyData(handle, $0, Int32(buffer.count)) == 1
            }
        }
    }

    /// Asks the server to stop the current query (best effort).
    func cancelRunningQuery() {
        guard let cancel = PQgetCancel(handle) else { return }
        defer { PQfreeCancel(cancel) }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &message, Int32(message.count))
    }

    /// Every notification libpq has buffered, oldest first.
    func drainNotifications() -> [ServerNotification] {
        var received: [ServerNotification] = []
        while let notice = PQnotifies(handle) {
            received.append(ServerNotification(
                channel: String(cString: notice.pointee.relname), payload: String(cString: notice.pointee.extra),
                senderPID: notice.pointee.be_pid))
            PQfreemem(notice)
        }
        return received
    }

    /// `connect_timeout` in seconds, if set and positive.
    static func connectTimeout(_ connection: OpaquePointer) -> Int? {
        guard let options = PQconninfo(connection) else { return nil }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "connect_timeout" {
                return option.pointee.val.flatMap { Int(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil }
            }
            option += 1
        }
        return nil
    }

    /// A C string libpq owns, copied; empty for NULL.
    static func copy(_ text: UnsafePointer<CChar>?) -> String { text.map { String(cString: $0) } ?? "" }

    static func message(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "unknown error" }
        let text = String(cString: pointer)
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
        return String(text[..<end])
    }

    static func withCStrings<R>(
        _ values: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R
    ) -> R {
        if values.isEmpty { return body(nil) }
        let copies: [UnsafeMutablePointer<CChar>?] = values.map { $0.flatMap { strdup($0) } }
        defer { for copy in copies { free(copy) } }
        let constants = copies.map { $0.map { UnsafePointer($0) } }
        return constants.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
