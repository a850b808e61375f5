import Foundation
import HummingbirdTesting
import InsightStore
import Testing
@testable import InsightServer
@testable import InsightServerPostgres

/// PostgreSQL killed while the service loads a snapshot (real server, real engines, a private
/// cluster): no half-read graph is ever served; the old snapshot keeps answering; `/healthz` and
/// `/metrics` show the failure; the service recovers when PostgreSQL is back.
@Suite(.serialized) struct RefreshFaultTests {
    static let dataset = LargeDataset()
    static let retrieveBody = #"{"character":"character2","message":"word5 topic3 remembers","limit":8}"#

    func makeService(cluster: PrivateCluster, killer: KillDuringLoad, fullReload: Duration) -> InsightService {
        let policy = RefreshPolicy(pollInterval: .milliseconds(100), fullReloadInterval: fullReload,
                                   initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(500))
        let source = PostgresSnapshotSource(conninfo: cluster.conninfo(database: "app"), progressInterval: 0) {
            killer.observe($0)
        }
        return InsightService(source: source, engines: .standard,
                              configuration: ServerConfiguration(port: 0, refresh: policy), logger: testLogger)
    }

    @Test func killedDuringTheFirstLoadPublishesNothingThenRecovers() async throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        try Self.dataset.create(in: cluster)
        let killer = KillDuringLoad(cluster: cluster, onLoad: 1)
        let service = makeService(cluster: cluster, killer: killer, fullReload: .seconds(3600))
        try await service.makeApplication().test(.live) { client in
            let failed = try await health(client) { $0.refresh["consecutive_failures"] as? Int ?? 0 >= 1 }
            #expect(killer.killedAt != nil)
            #expect(failed.status == 503 && failed.body["status"] as? String == "starting")
            #expect(failed.body["snapshot"] == nil || failed.body["snapshot"] is NSNull)
            #expect(failed.refresh["last_error"] as? String == "database unreachable")
            let retrieve = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(Self.retrieveBody))
            #expect(retrieve.status == .serviceUnavailable)
            #expect(try errorBody(retrieve).code == "not_ready")
            #expect(try await client.execute(uri: "/v1/characters", method: .get).status == .serviceUnavailable)

            try cluster.start()
            let loaded = try await health(client) { $0.status == 200 }
            #expect(loaded.snapshot["generation"] as? Int == 1)
            #expect(loaded.snapshot["insights"] as? Int == Self.dataset.insights)
            #expect(loaded.snapshot["relationships"] as? Int == Self.dataset.relationships)
        }
    }

    @Test func killedDuringARefreshKeepsTheOldSnapshotAnsweringThenRecovers() async throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        try Self.dataset.create(in: cluster)
        let killer = KillDuringLoad(cluster: cluster, onLoad: 2)
        // A full reload every 2 s: the second one is killed mid-stream.
        let service = makeService(cluster: cluster, killer: killer, fullReload: .seconds(2))
        try await service.makeApplication().test(.live) { client in
            let first = try await health(client) { $0.status == 200 }
            let generation = try #require(first.snapshot["generation"] as? Int)
            let before = try await retrieveResults(client)
            #expect(before.count > 20, "the query should rank some insights: \(before)")

            let failed = try await health(client) { $0.body["status"] as? String == "degraded" }
            #expect(killer.killedAt != nil)
            #expect(failed.refresh["last_error"] as? String == "database unreachable")
            #expect(failed.refresh["last_outcome"] as? String == "failed")
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metricValue(metrics, "insightgraph_snapshot_refresh_failures_total") ?? 0 >= 1, "\(metrics)")
            #expect(metricValue(metrics, "insightgraph_snapshot_refresh_consecutive_failures") ?? 0 >= 1)
            #expect(metricValue(metrics, "insightgraph_snapshot_insights") == Double(Self.dataset.insights))
            // The old snapshot answers, with the same results, while PostgreSQL is down.
            for _ in 0..<10 {
                #expect(try await retrieveResults(client) == before)
                let now = try await health(client) { _ in true }
                #expect(now.snapshot["generation"] as? Int == generation)
                #expect(now.snapshot["insights"] as? Int == Self.dataset.insights)
                try await Task.sleep(for: .milliseconds(50))
            }

            try cluster.start()
            let recovered = try await health(client) {
                $0.body["status"] as? String == "ok" && $0.snapshot["generation"] as? Int ?? 0 > generation
            }
            #expect(recovered.snapshot["insights"] as? Int == Self.dataset.insights)
            #expect(recovered.refresh["failures"] as? Int ?? 0 >= 1)
            #expect(try await retrieveResults(client) == before)
        }
    }

    // MARK: Helpers

    struct Health {
        var status: Int
        var body: [String: Any]
        var snapshot: [String: Any] { body["snapshot"] as? [String: Any] ?? [:] }
        var refresh: [String: Any] { body["refresh"] as? [String: Any] ?? [:] }
    }

    /// Polls `/healthz` until `check` accepts it. Every answer is also checked: a snapshot, when
    /// there is one, always holds the whole dataset (never a partial graph).
    func health(_ client: some TestClientProtocol, timeout: Double = 90,
                _ check: (Health) -> Bool) async throws -> Health {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            let response = try await client.execute(uri: "/healthz", method: .get)
            let health = Health(status: Int(response.status.code), body: try json(response.body))
            if let insights = health.snapshot["insights"] as? Int {
                #expect(insights == Self.dataset.insights, "a partial snapshot was served: \(health.body)")
            }
            if check(health) { return health }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("/healthz did not reach the expected state within \(timeout) s")
    }

    /// The ranked results of ``retrieveBody`` as canonical JSON text (timings left out).
    func retrieveResults(_ client: some TestClientProtocol) async throws -> String {
        let response = try await client.execute(uri: "/v1/retrieve", method: .post, headers: jsonHeaders,
                                                body: jsonBody(Self.retrieveBody))
        guard response.status == .ok else { throw TestFailure("retrieve: \(response.status) \(String(buffer: response.body))") }
        let body = try json(response.body)
        let kept: [String: Any] = ["results": body["results"] ?? NSNull(), "prompt": body["prompt"] ?? NSNull()]
        return String(decoding: try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]), as: UTF8.self)
    }

    func metricValue(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }
}

/// Kills the cluster from the snapshot source's progress callback while load number `onLoad`
/// (1-based) streams rows, once. Progress comes every 4,096 rows (`progressInterval: 0`), so the
/// kill lands with most of the table unsent.
final class KillDuringLoad: @unchecked Sendable {
    let cluster: PrivateCluster
    let onLoad: Int
    private let lock = NSLock()
    private var finishedLoads = 0
    private var killed: LoadProgress?

    init(cluster: PrivateCluster, onLoad: Int) {
        self.cluster = cluster
        self.onLoad = onLoad
    }

    var killedAt: LoadProgress? { lock.withLock { killed } }

    func observe(_ progress: LoadProgress) {
        lock.withLock {
            if progress.phase == .building { finishedLoads += 1; return }
            guard killed == nil, finishedLoads + 1 == onLoad, progress.rowsLoaded >= 4096 else { return }
            killed = progress
            try? cluster.kill()
        }
    }
}
