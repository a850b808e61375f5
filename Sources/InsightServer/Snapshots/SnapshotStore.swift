import Foundation
import InsightGraph

/// A snapshot as served: the graph, what was prepared for it, and when it was built.
public final class ServedSnapshot: Sendable {
    public let graph: GraphSnapshot
    /// 1 for the first snapshot, +1 per swap.
    public let generation: Int
    public let loadedAt: Date
    /// `nil` when no retrieval engine is configured or preparing failed (then `/v1/retrieve` answers 501/500).
    let retriever: (any SnapshotRetriever)?
    /// Every `normalized_name`, for suggesting close names.
    let characterNames: [String]
    /// The characters this instance serves (the snapshot holds only those).
    let scope: CharacterScope
    /// Recent `/v1/retrieve` answers on this snapshot; `nil` when the policy turns caching off.
    let answers: AnswerCache?

    init(graph: GraphSnapshot, generation: Int, loadedAt: Date, retriever: (any SnapshotRetriever)?,
         scope: CharacterScope = .all, answerCache: AnswerCachePolicy = .off) {
        self.answers = answerCache.isEnabled ? AnswerCache(policy: answerCache) : nil
        self.graph = graph
        self.scope = scope
        self.generation = generation
        self.loadedAt = loadedAt
        self.retriever = retriever
        self.characterNames = graph.characters.compactMap(\.normalizedName)
    }
}

/// How refreshing has gone: what `/healthz` and the metrics report.
public struct RefreshStatus: Sendable, Equatable {
    public enum Outcome: String, Sendable { case never, ok, failed }

    public var lastAttempt: Date?
    public var lastOutcome: Outcome = .never
    /// The last failure's message (kept after a later success, with its time, for diagnosis).
    public var lastError: String?
    public var lastErrorAt: Date?
    public var lastSuccess: Date?
    public var consecutiveFailures = 0
    public var fullReloads = 0
    public var incrementalRefreshes = 0
    public var failures = 0
    public var changeDetection = "unknown"
}

/// Holds the snapshot requests read and the refresh status.
///
/// A request calls ``current`` once and uses that immutable snapshot to the end; the refresher
/// builds the next one off to the side and swaps it in with ``install(_:full:)`` under the lock,
/// so no request ever sees a half-built graph. A failed refresh leaves the snapshot in place.
public final class SnapshotStore: Sendable {
    private struct State {
        var served: ServedSnapshot?
        var status = RefreshStatus()
    }

    private let state = Locked(State())
    private let engine: (any RetrievalEngine)?
    private let clock: @Sendable () -> Date
    /// Which characters the snapshots hold; requests for others are refused as not served here.
    public let scope: CharacterScope
    /// Each new snapshot gets an empty answer cache under this policy.
    public let answerCache: AnswerCachePolicy

    public init(retrievalEngine: (any RetrievalEngine)?, scope: CharacterScope = .all,
                answerCache: AnswerCachePolicy = .off, clock: @escaping @Sendable () -> Date = Date.init) {
        self.engine = retrievalEngine
        self.scope = scope
        self.answerCache = answerCache
        self.clock = clock
    }

    /// The snapshot to answer from, or `nil` before the first load.
    public var current: ServedSnapshot? { state.withLock { $0.served } }

    public var status: RefreshStatus { state.withLock { $0.status } }

    /// Prepares and swaps in a new snapshot. Preparation runs before the swap, outside the lock.
    /// - Throws: what the retrieval engine's `prepare` threw; the old snapshot stays.
    @discardableResult
    public func install(_ graph: GraphSnapshot, full: Bool) throws -> ServedSnapshot {
        var phases = RefreshPhases()
        return try install(graph, full: full, phases: &phases)
    }

    /// ``install(_:full:)``, recording `prepare` (the engine's index; reusing the served
    /// snapshot's parts for an incremental refresh) and `swap` in `phases`.
    @discardableResult
    public func install(_ graph: GraphSnapshot, full: Bool, phases: inout RefreshPhases) throws -> ServedSnapshot {
        let previous = full ? nil : current?.retriever
        let retriever = try phases.measure("prepare") { try engine?.prepare(graph, reusing: previous) }
        let now = clock()
        let timer = ContinuousClock()
        let swapStarted = timer.now
        defer { phases.record("swap", timer.now - swapStarted) }
        return state.withLock { state in
            let served = ServedSnapshot(graph: graph, generation: (state.served?.generation ?? 0) + 1,
                                        loadedAt: now, retriever: retriever, scope: scope, answerCache: answerCache)
            state.served = served
            state.status.lastAttempt = now
            state.status.lastSuccess = now
            state.status.lastOutcome = .ok
            state.status.consecutiveFailures = 0
            if full { state.status.fullReloads += 1 } else { state.status.incrementalRefreshes += 1 }
            return served
        }
    }

    /// A check that found nothing new: the snapshot is current as of now.
    public func recordUnchanged() {
        let now = clock()
        state.withLock { state in
            state.status.lastAttempt = now
            state.status.lastSuccess = now
            state.status.lastOutcome = .ok
            state.status.consecutiveFailures = 0
        }
    }

    public func recordFailure(_ message: String) {
        let now = clock()
        state.withLock { state in
            state.status.lastAttempt = now
            state.status.lastOutcome = .failed
            state.status.lastError = message
            state.status.lastErrorAt = now
            state.status.consecutiveFailures += 1
            state.status.failures += 1
        }
    }

    public func setChangeDetection(_ mode: String) {
        state.withLock { $0.status.changeDetection = mode }
    }
}
