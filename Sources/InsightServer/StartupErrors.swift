import Foundation
import NIOCore

/// The version of InsightGraph, defined once: `insightgraph --version` and the HTTP `Server` header.
public enum InsightGraphVersion {
    public static let current = "0.9.0"
}

extension InsightService {
    /// A reason `serve` could not start, said the way an operator acts on it, or nil when the
    /// error is not one of those: a port in use names host:port (NIO's own text does not).
    public static func describeStartupError(_ error: any Error, host: String, port: Int) -> String? {
        // Only the listening socket's errors: NIO names the failed call first (`bind(descriptor:...)`).
        guard let error = error as? IOError, String(describing: error).hasPrefix("bind(") else { return nil }
        switch error.errnoCode {
        case EADDRINUSE:
            return "cannot listen on \(host):\(port): the address is already in use (another process holds the port; "
                + "choose another with --port, or 0 for a free one)"
        case EADDRNOTAVAIL:
            return "cannot listen on \(host):\(port): no local interface has the address \(host)"
        case EACCES:
            return "cannot listen on \(host):\(port): permission denied (ports below 1024 need privileges)"
        default:
            return "cannot listen on \(host):\(port): \(error)"
        }
    }
}
