import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// A message received through `LISTEN`.
public struct ServerNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// Process id of the backend that sent it.
    public var senderPID: Int32
}

extension Connection {
    /// Subscribes this connection to `channel` (`LISTEN`); see ``waitForNotifications(timeout:)``.
    public func listen(_ channel: String) throws(StoreError) {
        try execute("LISTEN " + quoteIdentifier(channel))
    }

    /// Returns the notifications that arrived, waiting up to `timeout` for the first one.
    ///
    /// libpq reads notifications only when asked (`PQconsumeInput`); this waits on the connection's
    /// socket with `poll`, then drains `PQnotifies`. An empty array means the timeout passed.
    /// - Throws: ``StoreError/connectionLost(message:)`` when the server went away.
    public func waitForNotifications(timeout: Duration) throws(StoreError) -> [ServerNotification] {
        var received = drainNotifications()
        if !received.isEmpty { return received }
        let socket = PQsocket(handle)
        guard socket >= 0, PQstatus(handle) == CONNECTION_OK else {
            throw .connectionLost(message: lostConnectionMessage)
        }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        let ready = poll(&descriptor, 1, max(0, milliseconds))
        if ready < 0 && errno != EINTR { throw .connectionLost(message: "poll failed (errno \(errno))") }
        if ready > 0 {
            guard PQconsumeInput(handle) == 1 else { throw .connectionLost(message: lostConnectionMessage) }
            received = drainNotifications()
        }
        if PQstatus(handle) != CONNECTION_OK { throw .connectionLost(message: lostConnectionMessage) }
        return received
    }
}
