import Foundation
import InsightGraph
import Logging
import ServiceLifecycle
import Testing
@testable import InsightServer

/// A source whose next results the test sets: a graph to return, or an error to throw.
/// (The PostgreSQL source is tested against a real server in PostgresFreshnessTests.)
final class ScriptedSource: SnapshotSource, @unchecked Sendable {
    private let lock = NSLock()
    private var failure: String?
    private var pending: GraphSnapshot?
    private(set) var fullLoads = 0

    func fail(_ message: String?) { lock.withLock { failure = message } }
    func publish(_ graph: GraphSnapshot) { lock.withLock { pending = graph } }

    struct Failure: PublicErrorDescription, CustomStringConvertible {
        var description: String
        var publicDescription: String { description }
    }

    func loadFull() async throws -> GraphSnapshot {
        try lock.withLock {
            if let failure { throw Failure(description: failure) }
            fullLoads += 1
            return pending ?? makeTestGraph()
        }
    }

    func loadChanges() async throws -> GraphSnapshot? {
        try lock.withLock {
            if let failure { throw Failure(description: failure) }
            defer { pending = nil }
            return pending
        }
    }

    func waitForChanges(timeout: Duration) async throws { try await Task.sleep(for: timeout) }
    var changeDetection: String { "polling" }
    var needsFullReload: Bool { false }
}

/// Polls `condition` every 10 ms, up to `seconds` × 100 times. Counted in polls, not wall time:
/// when blocking tests of other suites hold every thread for a while (the whole suite on 2 cores),
/// the task under test and this loop stall together, and the stall costs no attempts.
func eventually(_ seconds: Double = 30, _ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<Int(seconds * 100) {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

@Suite struct SnapshotRefresherTests {
    let policy = RefreshPolicy(pollInterval: .milliseconds(20), fullReloadInterval: .seconds(3600),
                               initialBackoff: .milliseconds(20), maxBackoff: .milliseconds(80))

    @Test func backoffDoublesUpToCap() {
        let policy = RefreshPolicy(initialBackoff: .milliseconds(250), maxBackoff: .seconds(2))
        #expect(policy.backoff(afterFailures: 1) == .milliseconds(250))
        #expect(policy.backoff(afterFailures: 2) == .milliseconds(500))
        #expect(policy.backoff(afterFailures: 4) == .seconds(2))
        #expect(policy.backoff(afterFailures: 100) == .seconds(2))
    }

    @Test func swapsInChangesAndKeepsOldSnapshotOnFailure() async throws {
        let source = ScriptedSource()
        let store = SnapshotStore(retrievalEngine: TriggerMatchRetrievalEngine())
        let metrics = ServiceMetrics()
        let refresher = SnapshotRefresher(source: source, store: store, policy: policy, metrics: metrics, logger: testLogger)
        let task = Task { try await refresher.run() }
        defer { task.cancel() }

        #expect(try await eventually { store.current?.generation == 1 })
        let first = try #require(store.current)
        #expect(first.graph.nodeCount == 6)

        // A change becomes a new generation.
        source.publish(makeTestGraph(extraInsight: Insight(id: 14, characterId: 1, content: "new")))
        #expect(try await eventually { store.current?.generation == 2 })
        #expect(store.current?.graph.node(forInsightId: 14) != nil)
        #expect(store.status.incrementalRefreshes == 1)

        // The database goes away: the snapshot stays, failures are counted, backoff applies.
        source.fail("could not connect to server")
        #expect(try await eventually { store.status.consecutiveFailures >= 3 })
        #expect(store.current?.generation == 2)
        #expect(store.status.lastOutcome == .failed)
        #expect(store.status.lastError == "could not connect to server")
        let text = String(decoding: metrics.exposition(snapshotLoadedAt: store.current?.loadedAt), as: UTF8.self)
        #expect(text.contains("insightgraph_snapshot_refresh_failures_total"))
        #expect(!text.contains("insightgraph_snapshot_refresh_failures_total 0\n"))

        // It comes back: refreshing resumes.
        source.fail(nil)
        #expect(try await eventually { store.status.lastOutcome == .ok })
        #expect(store.status.consecutiveFailures == 0)
        #expect(store.current?.generation == 2)
        #expect(text.contains("insightgraph_snapshot_insights 7"))
    }

    @Test func startsWithFailuresAndLoadsWhenSourceAppears() async throws {
        let source = ScriptedSource()
        source.fail("connection refused")
        let store = SnapshotStore(retrievalEngine: nil)
        let refresher = SnapshotRefresher(source: source, store: store, policy: policy, logger: testLogger)
        let task = Task { try await refresher.run() }
        defer { task.cancel() }
        #expect(try await eventually { store.status.failures >= 2 })
        #expect(store.current == nil)
        source.fail(nil)
        #expect(try await eventually { store.current != nil })
        #expect(store.status.fullReloads == 1)
    }

    @Test func periodicFullReload() async throws {
        let source = ScriptedSource()
        let store = SnapshotStore(retrievalEngine: nil)
        var fast = policy
        fast.fullReloadInterval = .milliseconds(50)
        let refresher = SnapshotRefresher(source: source, store: store, policy: fast, logger: testLogger)
        let task = Task { try await refresher.run() }
        defer { task.cancel() }
        #expect(try await eventually { source.fullLoads >= 3 })
        // The source counts a load before the store installs it: wait for the store too.
        #expect(try await eventually { store.status.fullReloads >= 3 })
    }

    @Test func stopsOnGracefulShutdown() async throws {
        let source = ScriptedSource()
        let store = SnapshotStore(retrievalEngine: nil)
        let refresher = SnapshotRefresher(source: source, store: store, policy: policy, logger: testLogger)
        let group = ServiceGroup(services: [refresher], logger: testLogger)
        let task = Task { try await group.run() }
        #expect(try await eventually { store.current != nil })
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
