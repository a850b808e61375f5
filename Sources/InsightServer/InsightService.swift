import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP service: a router over a ``SnapshotStore`` kept current by a ``SnapshotRefresher``.
///
/// ```swift
/// let service = InsightService(source: source, engines: engines, configuration: configuration, logger: logger)
/// try await service.makeApplication().runService()   // SIGTERM/SIGINT: graceful shutdown
/// ```
public struct InsightService: Sendable {
    public let store: SnapshotStore
    public let metrics: ServiceMetrics
    public let configuration: ServerConfiguration
    let source: (any SnapshotSource)?
    let engines: Engines
    let writer: (any BatchWriter)?
    let logger: Logger

    /// - Parameters:
    ///   - source: where snapshots come from; `nil` leaves refreshing to the caller
    ///     (tests install snapshots into ``store`` directly).
    ///   - writer: what `POST /v1/characters/{name}/insights` writes through; `nil` answers 501.
    public init(source: (any SnapshotSource)?, engines: Engines, writer: (any BatchWriter)? = nil,
                configuration: ServerConfiguration, logger: Logger) {
        self.store = SnapshotStore(retrievalEngine: engines.retrieval, scope: configuration.characters,
                                   answerCache: configuration.answerCache)
        self.metrics = ServiceMetrics()
        self.configuration = configuration
        self.source = source
        self.engines = engines
        self.writer = writer
        self.logger = logger
    }

    /// Routes and middleware, in the order requests meet them: metrics, errors to JSON, token.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(logger: logger))
        if let token = configuration.bearerToken { router.add(middleware: BearerTokenMiddleware(token: token)) }
        HealthRoutes(store: store, metrics: metrics).add(to: router)
        CharacterRoutes(store: store, graphML: engines.graphML).add(to: router)
        retrievalRoutes().add(to: router)
        WriteRoutes(store: store, writer: writer, source: source,
                    decoder: RequestDecoder(maxBodyBytes: configuration.maxBodyBytes), logger: logger).add(to: router)
        // After the routes: wraps only the not-found responder (a known path with another method: 405).
        router.add(middleware: MethodNotAllowedMiddleware(
            routes: router.routes.map { (path: $0.path.description, method: $0.method.rawValue) }))
        return router
    }

    /// `/v1/retrieve` and `/v1/query` as configured (`package`: the fuzz harness calls them directly).
    package func retrievalRoutes() -> RetrievalRoutes {
        RetrievalRoutes(store: store, queryEngine: engines.query, retrievalConfigured: engines.retrieval != nil,
                        decoder: RequestDecoder(maxBodyBytes: configuration.maxBodyBytes),
                        maxRetrieveLimit: configuration.maxRetrieveLimit,
                        queryDeadline: configuration.queryDeadline, metrics: metrics)
    }

    /// The refresh loop as a service, if a source was given.
    public func makeRefresher() -> SnapshotRefresher? {
        source.map {
            SnapshotRefresher(source: $0, store: store, policy: configuration.refresh, metrics: metrics, logger: logger)
        }
    }

    /// The Hummingbird application with the refresher attached: `runService()` runs both and shuts
    /// down gracefully on SIGTERM/SIGINT (stops accepting, finishes in-flight requests).
    public func makeApplication(
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var app = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "insightgraph"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        if let refresher = makeRefresher() { app.addServices(refresher) }
        return app
    }
}
