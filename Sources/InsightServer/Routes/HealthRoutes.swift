import Foundation
import Hummingbird
import InsightGraph

/// `GET /healthz` and `GET /metrics`.
struct HealthRoutes {
    let store: SnapshotStore
    let metrics: ServiceMetrics

    struct Health: Encodable {
        struct Snapshot: Encodable {
            var generation: Int
            var loaded_at: String
            var age_seconds: Double
            var characters: Int
            var insights: Int
            var relationships: Int
        }
        struct Refresh: Encodable {
            var last_attempt: String?
            var last_outcome: String
            var last_success: String?
            var last_error: String?
            var last_error_at: String?
            var consecutive_failures: Int
            var full_reloads: Int
            var incremental_refreshes: Int
            var failures: Int
            var change_detection: String
        }
        /// `ok`: answering from a snapshot and the last refresh worked; `degraded`: answering from
        /// an older snapshot because refreshing fails; `starting`: no snapshot yet (status 503).
        var status: String
        var snapshot: Snapshot?
        var refresh: Refresh
    }

    func add(to router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in try health() }
        router.get("/metrics") { _, _ in
            let bytes = metrics.exposition(snapshotLoadedAt: store.current?.loadedAt)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    func health(now: Date = Date()) throws -> Response {
        let served = store.current
        let status = store.status
        let snapshot = served.map { served in
            Health.Snapshot(generation: served.generation, loaded_at: iso(served.loadedAt)!,
                            age_seconds: max(0, now.timeIntervalSince(served.loadedAt)),
                            characters: served.graph.characters.count, insights: served.graph.nodeCount,
                            relationships: served.graph.edgeCount)
        }
        let refresh = Health.Refresh(
            last_attempt: iso(status.lastAttempt), last_outcome: status.lastOutcome.rawValue,
            last_success: iso(status.lastSuccess), last_error: status.lastError, last_error_at: iso(status.lastErrorAt),
            consecutive_failures: status.consecutiveFailures, full_reloads: status.fullReloads,
            incremental_refreshes: status.incrementalRefreshes, failures: status.failures,
            change_detection: status.changeDetection)
        let state = served == nil ? "starting" : (status.lastOutcome == .failed ? "degraded" : "ok")
        return try jsonResponse(Health(status: state, snapshot: snapshot, refresh: refresh),
                                status: served == nil ? .serviceUnavailable : .ok)
    }

    private func iso(_ date: Date?) -> String? {
        guard let date else { return nil }
        // Millisecond precision is plenty for freshness and keeps the text short.
        return Timestamp(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded()) * 1000).iso8601
    }
}
