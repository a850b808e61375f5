import Foundation

/// How long each phase of one refresh took, for the debug log and
/// `insightgraph_snapshot_refresh_phase_seconds{phase}`: `read` (SQL for the changed rows),
/// `apply` (the next ``GraphSnapshot``), `prepare` (the retrieval engine's index), `swap`.
public struct RefreshPhases: Sendable {
    public private(set) var entries: [(name: String, duration: Duration)] = []

    public init() {}

    public mutating func record(_ name: String, _ duration: Duration) { entries.append((name, duration)) }

    /// Runs `body` and records how long it took under `name`.
    public mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let started = clock.now
        defer { record(name, clock.now - started) }
        return try body()
    }

    public mutating func append(_ other: RefreshPhases) { entries += other.entries }

    /// `read=1.2ms apply=30.0ms ...`
    public var summary: String {
        entries.map { "\($0.name)=\(Self.milliseconds($0.duration))ms" }.joined(separator: " ")
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}
