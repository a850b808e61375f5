import InsightGraph

/// Where snapshots come from (PostgreSQL in production); the refresher drives it.
///
/// Calls come from one task at a time, in order. A source that loses its connection throws and
/// reconnects on the next call; the refresher keeps serving the last snapshot meanwhile.
public protocol SnapshotSource: Sendable {
    /// Reads every row and builds a snapshot: at start, after a failure, and on the periodic
    /// full reload that catches changes no trigger or watermark reported (deletions without triggers).
    func loadFull() async throws -> GraphSnapshot

    /// Reads only what changed since the previous load and returns the next snapshot,
    /// or `nil` when nothing changed.
    func loadChanges() async throws -> GraphSnapshot?

    /// Returns as soon as the source may have changed (a notification arrived) or after `timeout`.
    func waitForChanges(timeout: Duration) async throws

    /// How changes are detected now, for `/healthz`: e.g. `"notify"` or `"polling"`.
    var changeDetection: String { get async }

    /// True when only a full reload can be trusted next (after a reconnect, when changes may
    /// have been missed, or after a TRUNCATE).
    var needsFullReload: Bool { get async }

    /// Rows the service itself just wrote (and committed): read them at the next refresh, which
    /// should start now rather than after the poll interval.
    func noteWritten(_ rows: WrittenRows) async

    /// The phases of the last ``loadChanges()`` that returned a snapshot (`read`, `apply`), taken
    /// once: the refresher adds the install phases and reports them.
    func takeRefreshPhases() async -> RefreshPhases
}

extension SnapshotSource {
    /// Sources that cannot take hints just see the write at their next poll.
    public func noteWritten(_ rows: WrittenRows) async {}

    public func takeRefreshPhases() async -> RefreshPhases { RefreshPhases() }
}

/// Ids of rows a write committed, per table.
public struct WrittenRows: Sendable, Equatable {
    public var insights: [Int]
    public var relationships: [Int]
    public var learningEvents: [Int]

    public init(insights: [Int] = [], relationships: [Int] = [], learningEvents: [Int] = []) {
        self.insights = insights
        self.relationships = relationships
        self.learningEvents = learningEvents
    }

    public var isEmpty: Bool { insights.isEmpty && relationships.isEmpty && learningEvents.isEmpty }
}

/// An error whose ``publicDescription`` may be shown on `/healthz` (which needs no token):
/// what failed, without hosts, SQL or file paths. Other errors show a generic line; the log has
/// the detail.
public protocol PublicErrorDescription: Error {
    var publicDescription: String { get }
    /// The error this one describes for `/healthz`, if it wraps one (what a failed first load
    /// reports); `nil`: itself.
    var underlying: (any Error)? { get }
}

extension PublicErrorDescription {
    public var underlying: (any Error)? { nil }
}
