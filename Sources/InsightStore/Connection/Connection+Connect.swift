import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

extension Connection {
    /// Drives `PQconnectPoll` until the connection is made or has failed, waiting on the socket
    /// with `poll`. Honours `connect_timeout` (conninfo or PGCONNECT_TIMEOUT) as libpq does: values
    /// under 2 seconds count as 2, 0 or none waits as long as it takes.
    /// - Returns: false when the timeout expired first.
    static func waitUntilConnected(_ connection: OpaquePointer) -> Bool {
        let clock = ContinuousClock()
        let deadline = connectTimeout(connection).map { clock.now + .seconds(max($0, 2)) }
        var state = PGRES_POLLING_WRITING
        while state == PGRES_POLLING_READING || state == PGRES_POLLING_WRITING {
            var wait: Int32 = -1
            if let deadline {
                let left = deadline - clock.now
                if left <= .zero { return false }
                let (seconds, attoseconds) = left.components
                wait = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            }
            let events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT
            var descriptor = pollfd(fd: PQsocket(connection), events: Int16(events), revents: 0)
            let ready = poll(&descriptor, 1, wait)
            if ready < 0 && errno != EINTR { break }
            if ready > 0 { state = PQconnectPoll(connection) }
        }
        return true
    }
}
