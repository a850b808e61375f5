import InsightServer
import Dispatch
import InsightGraph
import InsightStore

/// Snapshots from PostgreSQL, kept fresh without re-reading every table.
///
/// - Full load: ``GraphLoader`` (COPY of every table in one REPEATABLE READ transaction).
/// - With the triggers of `insightgraph schema apply --notify` installed: `LISTEN` on
///   ``NotifyTriggers/channel``; each notification names a table and row id, and the next refresh
///   re-reads just those rows (present → inserted/updated, absent → deleted). Listening starts
///   before the full load, so nothing committed during it is missed.
/// - Without them (polling): every poll reads rows with an id past the largest seen minus
///   ``idLookback`` (ids are not committed in order; the primary key makes this cheap). Paced by
///   ``DateScanPacing`` (a share of one database core, since without an index on the date columns it
///   scans the tables), a poll also reads rows with a date column at or past the latest seen minus
///   ``dateLookback`` (catches updates that touch the date). Rows equal to the snapshot's are
///   ignored. Deletions and other updates show at the next periodic full reload.
/// - Rows the service wrote itself (``noteWritten(_:)``) are re-read by id at the next refresh in
///   either mode — so merged updates show without triggers too — and wake a polling wait at once.
/// - On any error the connection is dropped; the next call reconnects and starts with a full load.
///   A load that fails (the server dies mid-COPY) returns nothing: the snapshot served stays.
/// - With a ``CharacterScope`` (`serve --character`), the full load reads only those characters
///   (the loader's SQL filter) and changes to other characters are dropped before they are applied.
///   Every name must match a character: a full load fails (`/healthz` says so) while one does not.
///
/// libpq calls block, so they run on a private serial queue, never on the cooperative pool.
public final class PostgresSnapshotSource: SnapshotSource, @unchecked Sendable {
    public static let idLookback = 1000
    public static let dateLookback: Int64 = 5_000_000  // microseconds

    private let conninfo: String
    private let scope: CharacterScope
    private let progressInterval: Double
    private let onLoadProgress: (@Sendable (LoadProgress) -> Void)?
    private let queue = DispatchQueue(label: "insightgraph.postgres-source")
    // Everything below is touched only on `queue`.
    private var connection: Connection?
    /// Reads changed rows on `connection`; made after each full load (which inspects the tables anew).
    private var reader: ChangeReader?
    private var listening = false
    private var mustReload = true
    private var previous: GraphSnapshot?
    /// Ids of the characters in `previous` (what a scoped instance serves).
    private var servedIds = Set<Int>()
    private var pendingIds: [CharacterTable: Set<Int>] = [:]
    private var maxIds: [CharacterTable: Int] = [:]
    private var maxDates: [CharacterTable: Timestamp] = [:]
    /// Relationship rows the builder skipped (e.g. a NULL end): polling re-reads them while they are
    /// inside the lookback window, and they must not count as a change every time.
    private var skippedRelationships = Set<Relationship.Fingerprint>()
    /// Ids from ``noteWritten(_:)``; set from request tasks, so behind a lock rather than on `queue`
    /// (which may be blocked waiting for notifications).
    private let written = Locked([CharacterTable: Set<Int>]())
    private let wake = WakeSignal()
    /// Phases of the last incremental refresh (on `queue`).
    private var phases = RefreshPhases()
    /// When polling next reads the date columns (on `queue`).
    private var datePacing: DateScanPacing

    /// - Parameters:
    ///   - conninfo: a libpq conninfo string or URI; empty means the PG* environment. The source only
    ///     reads, so a read-only replica works (with polling: replicas cannot run the NOTIFY triggers).
    ///   - scope: the characters to load and keep current; `.all` by default.
    ///   - dateScanShare: without the triggers, the fraction of one database core (0...1) that
    ///     polling may spend reading the date columns for updated rows (0: never, updates wait for
    ///     the full reload; 1: at every poll). See ``DateScanPacing``.
    ///   - progressInterval: seconds between `onLoadProgress` calls during a full load.
    ///   - onLoadProgress: called on the source's queue while a full load reads rows (`serve` logs it).
    public init(conninfo: String, scope: CharacterScope = .all, dateScanShare: Double = 0.02,
                progressInterval: Double = 5, onLoadProgress: (@Sendable (LoadProgress) -> Void)? = nil) {
        self.conninfo = conninfo
        self.scope = scope
        self.datePacing = DateScanPacing(share: dateScanShare)
        self.progressInterval = progressInterval
        self.onLoadProgress = onLoadProgress
    }

    public var changeDetection: String {
        get async { await onQueue { self.connection == nil ? "disconnected" : (self.listening ? "notify" : "polling") } }
    }

    public var needsFullReload: Bool { get async { await onQueue { self.mustReload } } }

    public func loadFull() async throws -> GraphSnapshot {
        try await onQueue {
            try self.guarded {
                let connection = try self.connect()
                self.pendingIds = [:]
                self.written.withLock { $0 = [:] }  // committed before this load starts: it reads them
                let options = LoadOptions(characterNames: self.scope.names, progressInterval: self.progressInterval)
                let result = try GraphLoader(connection: connection).load(options, progress: self.onLoadProgress)
                self.reader = try ChangeReader(connection: connection)
                self.remember(result.snapshot)
                self.mustReload = false
                return result.snapshot
            }
        }
    }

    public func loadChanges() async throws -> GraphSnapshot? {
        try await onQueue {
            try self.guarded {
                guard let previous = self.previous, let reader = self.reader, !self.mustReload else { return nil }
                let written = self.written.withLock { ids in defer { ids = [:] }; return ids }
                if self.listening && self.pendingIds.isEmpty && written.isEmpty { return nil }  // nothing was announced
                var changes = ChangeSet()
                var phases = RefreshPhases()
                let clock = ContinuousClock()
                let readStarted = clock.now
                let checkDates = !self.listening && self.datePacing.isDue(at: readStarted)
                var dateCheckTime = Duration.zero
                try reader.inOneSnapshot(serialScans: checkDates) { () throws(StoreError) in
                    for table in CharacterTable.allCases {
                        var read = Set<Int>()
                        if !self.listening {
                            let afterId = (self.maxIds[table] ?? 0) - Self.idLookback
                            read = try reader.rows(of: table, afterId: afterId, into: &changes)
                            if checkDates, let latest = self.maxDates[table] {
                                let started = clock.now
                                let since = Timestamp(microsecondsSinceEpoch: latest.microsecondsSinceEpoch - Self.dateLookback)
                                read.formUnion(try reader.rows(of: table, sinceDate: since, throughId: afterId, into: &changes))
                                dateCheckTime += clock.now - started
                            }
                        }
                        let ids = (self.pendingIds[table] ?? []).union(written[table] ?? []).subtracting(read)
                        let present = try reader.rows(of: table, ids: ids, into: &changes)
                        changes.delete(ids.subtracting(present), from: table)
                    }
                }
                self.pendingIds = [:]
                let readEnded = clock.now
                if checkDates { self.datePacing.checked(taking: dateCheckTime, endingAt: readEnded) }
                phases.record("read", readEnded - readStarted)
                self.advanceWatermarks(changes)
                let scoped = changes.restricted(to: self.scope, servedIds: self.servedIds, previous: previous)
                if scoped.needsFullReload {
                    self.mustReload = true
                    return nil
                }
                changes = scoped.changes
                changes.relationships.removeAll { self.skippedRelationships.contains($0.fingerprint) }
                guard let next = phases.measure("apply", {
                    previous.applying(changes, isPartialSelection: !self.scope.isAll)
                }) else { return nil }
                for row in changes.relationships where next.edge(forRelationshipId: row.id) == nil {
                    if self.skippedRelationships.count > 100_000 { self.skippedRelationships.removeAll() }
                    self.skippedRelationships.insert(row.fingerprint)
                }
                self.previous = next
                self.servedIds = Set(next.characters.map(\.id))
                self.phases = phases
                return next
            }
        }
    }

    public func waitForChanges(timeout: Duration) async throws {
        let listening = await onQueue { self.listening && self.connection != nil }
        guard listening else {
            await wake.wait(timeout: timeout)  // a poll, or at once after noteWritten
            return try Task.checkCancellation()
        }
        try await onQueue {
            try self.guarded {
                guard let connection = self.connection else { return }
                for notice in try connection.waitForNotifications(timeout: timeout) { self.note(notice.payload) }
            }
        }
    }

    public func takeRefreshPhases() async -> RefreshPhases {
        await onQueue { defer { self.phases = RefreshPhases() }; return self.phases }
    }

    public func noteWritten(_ rows: WrittenRows) async {
        guard !rows.isEmpty else { return }
        written.withLock { ids in
            ids[.insights, default: []].formUnion(rows.insights)
            ids[.relationships, default: []].formUnion(rows.relationships)
            ids[.timeline, default: []].formUnion(rows.learningEvents)
        }
        wake.signal()  // with triggers the commit's NOTIFY wakes the wait as well
    }

    // MARK: Queue-confined helpers

    /// Opens the connection if needed and decides between notify and polling.
    private func connect() throws -> Connection {
        if let connection { return connection }
        let connection = try Connection(conninfo)
        listening = try NotifyTriggers.isInstalled(on: connection)
        if listening { try connection.listen(NotifyTriggers.channel) }
        self.connection = connection
        mustReload = true
        return connection
    }

    /// Runs `body`; on failure drops the connection (reconnect and full reload next time).
    private func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            connection = nil
            reader = nil
            listening = false
            mustReload = true
            throw SourceError(underlying: error)
        }
    }

    /// `table:op:id` from the triggers; TRUNCATE (or anything unreadable) forces a full reload.
    private func note(_ payload: String) {
        guard let (table, id) = NotifyTriggers.changedRow(payload) else {
            mustReload = true
            return
        }
        pendingIds[table, default: []].insert(id)
    }

    /// Keeps the snapshot for the next incremental rebuild and restarts the watermarks from it.
    private func remember(_ snapshot: GraphSnapshot) {
        previous = snapshot
        servedIds = Set(snapshot.characters.map(\.id))
        skippedRelationships = []
        maxIds = [:]
        maxDates = [:]
        for row in snapshot.characters { advance(.characters, id: row.id, date: nil) }
        for row in snapshot.insights { advance(.insights, id: row.id, date: row.discoveryDate) }
        for edge in 0..<snapshot.edgeCount {
            let row = snapshot.relationship(at: EdgeIndex(edge))
            advance(.relationships, id: row.id, date: row.createdDate)
        }
        for row in snapshot.learningEvents { advance(.timeline, id: row.id, date: row.learningDate) }
    }

    private func advance(_ table: CharacterTable, id: Int, date: Timestamp?) {
        maxIds[table] = max(maxIds[table] ?? 0, id)
        if let date, date.isFinite { maxDates[table] = max(maxDates[table] ?? date, date) }
    }

    private func advanceWatermarks(_ changes: ChangeSet) {
        for row in changes.characters { advance(.characters, id: row.id, date: nil) }
        for row in changes.insights { advance(.insights, id: row.id, date: row.discoveryDate) }
        for row in changes.relationships { advance(.relationships, id: row.id, date: row.createdDate) }
        for row in changes.learningEvents { advance(.timeline, id: row.id, date: row.learningDate) }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: body()) } }
    }
}

/// A PostgreSQL failure as `/healthz` shows it: the kind of failure, no host, SQL or row data.
struct SourceError: PublicErrorDescription, CustomStringConvertible {
    let error: any Error
    init(underlying: any Error) { error = underlying }
    var underlying: (any Error)? { error }
    var description: String { String(describing: error) }
    var publicDescription: String {
        guard let error = error as? StoreError else { return "reading the database failed" }
        switch error {
        case .connectionFailed, .connectionLost: return "database unreachable"
        case .authenticationFailed: return "database refused the login"
        case .schemaMissing: return "database schema is missing a table or column"
        case .queryFailed: return "a database query failed"
        case .badValue: return "the database sent an unreadable value"
        case .unknownCharacters: return "a --character name matches no character in the database; see the service log"
        }
    }
}

extension ChangeSet: RowSink {
    public mutating func add(_ character: Character) { characters.append(character) }
    public mutating func add(_ insight: Insight) { insights.append(insight) }
    public mutating func add(_ relationship: Relationship) { relationships.append(relationship) }
    public mutating func add(_ event: LearningEvent) { learningEvents.append(event) }

    mutating func delete(_ ids: Set<Int>, from table: CharacterTable) {
        switch table {
        case .characters: deletedCharacterIds.formUnion(ids)
        case .insights: deletedInsightIds.formUnion(ids)
        case .relationships: deletedRelationshipIds.formUnion(ids)
        case .timeline: deletedLearningEventIds.formUnion(ids)
        }
    }
}

extension Relationship {
    /// Equal for rows equal field by field, NaN strengths included.
    struct Fingerprint: Hashable {
        var id: Int, from: Int?, to: Int?, type: String?, strengthBits: UInt64?, created: Timestamp?
    }
    var fingerprint: Fingerprint {
        Fingerprint(id: id, from: fromInsightId, to: toInsightId, type: type,
                    strengthBits: strength.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern }, created: createdDate)
    }
}
