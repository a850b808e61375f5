import Foundation
import Metrics
import Prometheus

/// The service's metrics, recorded through swift-metrics into a Prometheus registry of its own
/// (not the process-wide `MetricsSystem`, so several servers in one test process stay apart).
///
/// Names (all prefixed `insightgraph_`): `http_requests_total{endpoint,method,status}`,
/// `http_request_duration_seconds{endpoint,method}` (histogram), `snapshot_characters`,
/// `snapshot_insights`, `snapshot_relationships`, `snapshot_generation`, `snapshot_age_seconds`,
/// `snapshot_refreshes_total{kind=full|incremental}`, `snapshot_refresh_failures_total`,
/// `snapshot_refresh_consecutive_failures`, `snapshot_refresh_duration_seconds{kind}` (histogram),
/// `snapshot_refresh_phase_seconds{phase=read|apply|prepare|swap}` (histogram, incremental refreshes).
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    private struct RequestKey: Hashable { var endpoint: String; var method: String; var status: Int }
    private struct LatencyKey: Hashable { var endpoint: String; var method: String }
    private let requestCounters = Locked([RequestKey: Metrics.Counter]())
    private let latencyTimers = Locked([LatencyKey: Metrics.Timer]())

    private let characters: Metrics.Gauge, insights: Metrics.Gauge, relationships: Metrics.Gauge, generation: Metrics.Gauge
    private let snapshotAge: Metrics.Gauge, consecutiveFailures: Metrics.Gauge
    private let fullReloads: Metrics.Counter, incrementalRefreshes: Metrics.Counter, refreshFailures: Metrics.Counter
    private let fullReloadDuration: Metrics.Timer, incrementalDuration: Metrics.Timer
    private let consecutive = Locked(0)
    private let phaseTimers = Locked([String: Metrics.Timer]())
    private let answerCacheHits: Metrics.Counter, answerCacheMisses: Metrics.Counter

    /// Latency buckets from 50 µs to 10 s: retrieval answers in microseconds, full reloads in seconds.
    static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10),
    ]

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.factory = factory
        characters = Metrics.Gauge(label: "insightgraph_snapshot_characters", factory: factory)
        insights = Metrics.Gauge(label: "insightgraph_snapshot_insights", factory: factory)
        relationships = Metrics.Gauge(label: "insightgraph_snapshot_relationships", factory: factory)
        generation = Metrics.Gauge(label: "insightgraph_snapshot_generation", factory: factory)
        snapshotAge = Metrics.Gauge(label: "insightgraph_snapshot_age_seconds", factory: factory)
        consecutiveFailures = Metrics.Gauge(label: "insightgraph_snapshot_refresh_consecutive_failures", factory: factory)
        fullReloads = Metrics.Counter(label: "insightgraph_snapshot_refreshes_total", dimensions: [("kind", "full")], factory: factory)
        incrementalRefreshes = Metrics.Counter(label: "insightgraph_snapshot_refreshes_total",
                                       dimensions: [("kind", "incremental")], factory: factory)
        refreshFailures = Metrics.Counter(label: "insightgraph_snapshot_refresh_failures_total", factory: factory)
        fullReloadDuration = Metrics.Timer(label: "insightgraph_snapshot_refresh_duration_seconds",
                                           dimensions: [("kind", "full")], factory: factory)
        incrementalDuration = Metrics.Timer(label: "insightgraph_snapshot_refresh_duration_seconds",
                                            dimensions: [("kind", "incremental")], factory: factory)
        answerCacheHits = Metrics.Counter(label: "insightgraph_answer_cache_requests_total", dimensions: [("result", "hit")],
                                          factory: factory)
        answerCacheMisses = Metrics.Counter(label: "insightgraph_answer_cache_requests_total",
                                            dimensions: [("result", "miss")], factory: factory)
        // Present from the start so a scrape before the first load shows zeros, not gaps.
        answerCacheHits.increment(by: 0)
        answerCacheMisses.increment(by: 0)
        fullReloads.increment(by: 0)
        incrementalRefreshes.increment(by: 0)
        refreshFailures.increment(by: 0)
        consecutiveFailures.record(0)
    }

    /// One finished request. `endpoint` is the route template (`/v1/characters/{name}/stats`), never
    /// the raw path, so the label set stays bounded.
    public func recordRequest(endpoint: String, method: String, status: Int, duration: Duration) {
        let counter = requestCounters.withLock { counters in
            let key = RequestKey(endpoint: endpoint, method: method, status: status)
            if let counter = counters[key] { return counter }
            let counter = Metrics.Counter(label: "insightgraph_http_requests_total",
                                  dimensions: [("endpoint", endpoint), ("method", method), ("status", String(status))],
                                  factory: factory)
            counters[key] = counter
            return counter
        }
        let timer = latencyTimers.withLock { timers in
            let key = LatencyKey(endpoint: endpoint, method: method)
            if let timer = timers[key] { return timer }
            let timer = Metrics.Timer(label: "insightgraph_http_request_duration_seconds",
                                      dimensions: [("endpoint", endpoint), ("method", method)], factory: factory)
            timers[key] = timer
            return timer
        }
        counter.increment()
        timer.record(duration: duration)
    }

    func recordRefresh(kind: String, duration: Duration, snapshot: ServedSnapshot) {
        if kind == "full" {
            fullReloads.increment()
            fullReloadDuration.record(duration: duration)
        } else {
            incrementalRefreshes.increment()
            incrementalDuration.record(duration: duration)
        }
        characters.record(snapshot.graph.characters.count)
        insights.record(snapshot.graph.nodeCount)
        relationships.record(snapshot.graph.edgeCount)
        generation.record(snapshot.generation)
        consecutive.withLock { $0 = 0 }
        consecutiveFailures.record(0)
    }

    /// `insightgraph_snapshot_refresh_phase_seconds{phase}` (histogram): where an incremental refresh's time goes.
    func recordRefreshPhases(_ phases: RefreshPhases) {
        for (name, duration) in phases.entries {
            let timer = phaseTimers.withLock { timers in
                if let timer = timers[name] { return timer }
                let timer = Metrics.Timer(label: "insightgraph_snapshot_refresh_phase_seconds", dimensions: [("phase", name)],
                                          factory: factory)
                timers[name] = timer
                return timer
            }
            timer.record(duration: duration)
        }
    }

    /// A `/v1/retrieve` answered from the snapshot's answer cache (hit) or computed (miss).
    func recordAnswerCache(hit: Bool) {
        (hit ? answerCacheHits : answerCacheMisses).increment()
    }

    func recordRefreshFailure() {
        refreshFailures.increment()
        consecutiveFailures.record(consecutive.withLock { $0 += 1; return $0 })
    }

    /// The Prometheus text exposition, with the snapshot age brought up to date.
    public func exposition(snapshotLoadedAt: Date?, now: Date = Date()) -> [UInt8] {
        if let loadedAt = snapshotLoadedAt { snapshotAge.record(now.timeIntervalSince(loadedAt)) }
        return registry.emitToBuffer()
    }
}

extension Metrics.Timer {
    func record(duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
