import Dispatch
import Foundation
import InsightGraph
import Logging
import ServiceLifecycle

/// Timing of the refresh loop.
public struct RefreshPolicy: Sendable {
    /// Longest wait between checks for changes when no notification arrives (the polling fallback).
    public var pollInterval: Duration
    /// A full reload this often catches what incremental refresh cannot see (deletions without triggers).
    public var fullReloadInterval: Duration
    /// First wait after a failure; doubles per consecutive failure up to ``maxBackoff``.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// Whether a failed first load is retried like any other failure (`serve --wait-for-database`);
    /// when false the refresher throws ``FirstLoadError`` and the service stops, so a supervisor
    /// sees a wrong database or character at once instead of a live process answering 503.
    public var retryFirstLoad: Bool

    public init(pollInterval: Duration = .milliseconds(250), fullReloadInterval: Duration = .seconds(300),
                initialBackoff: Duration = .milliseconds(250), maxBackoff: Duration = .seconds(30),
                retryFirstLoad: Bool = true) {
        self.pollInterval = pollInterval
        self.fullReloadInterval = fullReloadInterval
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.retryFirstLoad = retryFirstLoad
    }

    /// The wait after `failures` consecutive failures: initial × 2^(failures-1), capped.
    func backoff(afterFailures failures: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(failures, 1) {
            wait = wait * 2
            if wait >= maxBackoff { return maxBackoff }
        }
        return min(wait, maxBackoff)
    }
}

/// The first snapshot could not be loaded and ``RefreshPolicy/retryFirstLoad`` is off.
public struct FirstLoadError: Error, CustomStringConvertible {
    /// What the source threw (a `StoreError` for PostgreSQL: its description names host and database).
    public let underlying: any Error
    public var description: String { String(describing: underlying) }
}

/// Keeps the ``SnapshotStore`` current: loads the first snapshot, then waits for changes and
/// applies them, with a periodic full reload; on failure keeps the old snapshot and retries with
/// exponential backoff. Logs each state change once (not every failed retry).
///
/// Runs as a ServiceLifecycle service beside the HTTP server and stops on graceful shutdown.
public struct SnapshotRefresher: Service {
    let source: any SnapshotSource
    let store: SnapshotStore
    let policy: RefreshPolicy
    let metrics: ServiceMetrics?
    let logger: Logger

    public init(source: any SnapshotSource, store: SnapshotStore, policy: RefreshPolicy = RefreshPolicy(),
                metrics: ServiceMetrics? = nil, logger: Logger) {
        self.source = source
        self.store = store
        self.policy = policy
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await loop() }
        } catch is CancellationError {
            // Shutdown: stop refreshing; the server finishes its in-flight requests on its own.
        }
        logger.info("snapshot refresher stopped")
    }

    private func loop() async throws {
        let clock = ContinuousClock()
        var nextFullReload = clock.now
        var failing = false
        var loadedOnce = false
        var detection = ""
        while true {
            try Task.checkCancellation()
            do {
                let sourceWantsFull = await source.needsFullReload
                let wantFull = store.current == nil || clock.now >= nextFullReload || sourceWantsFull
                let started = clock.now
                if wantFull {
                    let graph = try await source.loadFull()
                    try Task.checkCancellation()
                    await noteChangeDetection(&detection)  // before the swap: /healthz never shows the snapshot without it
                    let served = try await install(graph, full: true)
                    nextFullReload = clock.now + policy.fullReloadInterval
                    metrics?.recordRefresh(kind: "full", duration: clock.now - started, snapshot: served)
                    logger.debug("full reload done", metadata: sizeMetadata(graph))
                } else if let graph = try await source.loadChanges() {
                    try Task.checkCancellation()
                    await noteChangeDetection(&detection)
                    var phases = await source.takeRefreshPhases()
                    let (served, installPhases) = try await install(graph)
                    phases.append(installPhases)
                    metrics?.recordRefresh(kind: "incremental", duration: clock.now - started, snapshot: served)
                    metrics?.recordRefreshPhases(phases)
                    var metadata = sizeMetadata(graph)
                    metadata["phases"] = .string(phases.summary)
                    logger.debug("incremental refresh done", metadata: metadata)
                } else {
                    store.recordUnchanged()
                }
                if failing || !loadedOnce, let served = store.current {
                    logger.info(failing ? "snapshot refresh recovered" : "first snapshot loaded",
                                metadata: sizeMetadata(served.graph))
                    loadedOnce = true
                }
                failing = false
                await noteChangeDetection(&detection)
                try await source.waitForChanges(timeout: policy.pollInterval)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if !loadedOnce && store.current == nil && !policy.retryFirstLoad {
                    throw FirstLoadError(underlying: (error as? any PublicErrorDescription)?.underlying ?? error)
                }
                let message = String(describing: error)
                store.recordFailure((error as? any PublicErrorDescription)?.publicDescription
                                    ?? "refresh failed; see the service log")
                metrics?.recordRefreshFailure()
                if !failing {
                    failing = true
                    logger.warning("snapshot refresh failed; serving the last snapshot and retrying with backoff",
                                   metadata: ["error": .string(message)])
                }
                try await Task.sleep(for: policy.backoff(afterFailures: store.status.consecutiveFailures))
            }
        }
    }

    /// Publishes how the source detects changes now (`/healthz`), logging a change once.
    private func noteChangeDetection(_ detection: inout String) async {
        let mode = await source.changeDetection
        guard mode != detection else { return }
        detection = mode
        store.setChangeDetection(mode)
        logger.info("change detection: \(mode)")
    }

    /// Installs on a queue of its own: preparing engine indexes for a large graph takes long
    /// enough that it must not hold one of the few cooperative threads requests run on.
    private func install(_ graph: GraphSnapshot, full: Bool) async throws -> ServedSnapshot {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            Self.installQueue.async { continuation.resume(with: Result { try store.install(graph, full: full) }) }
        }
    }

    /// An incremental install (reusing the served snapshot's engine parts), with its phases.
    private func install(_ graph: GraphSnapshot) async throws -> (ServedSnapshot, RefreshPhases) {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            Self.installQueue.async {
                continuation.resume(with: Result {
                    var phases = RefreshPhases()
                    let served = try store.install(graph, full: false, phases: &phases)
                    return (served, phases)
                })
            }
        }
    }

    private static let installQueue = DispatchQueue(label: "insightgraph.snapshot-install")

    private func sizeMetadata(_ graph: GraphSnapshot) -> Logger.Metadata {
        ["characters": "\(graph.characters.count)", "insights": "\(graph.nodeCount)",
         "relationships": "\(graph.edgeCount)"]
    }
}
