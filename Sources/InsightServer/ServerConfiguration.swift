/// Settings of one service instance (the `serve` command's options).
public struct ServerConfiguration: Sendable {
    /// Loopback by default: the service has no TLS and is meant for a prompt builder on the same host.
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// When set, every endpoint but `/healthz` requires `Authorization: Bearer <token>`.
    public var bearerToken: String?
    /// Larger request bodies are refused with 413.
    public var maxBodyBytes: Int
    /// Largest `limit` a `/v1/retrieve` request may ask for.
    public var maxRetrieveLimit: Int
    /// Wall-clock budget of one `/v1/query` (passed to the IGQ executor as its deadline).
    public var queryDeadline: Duration
    public var refresh: RefreshPolicy
    /// The characters this instance serves (`--character`); requests for others get 404
    /// `character_not_served`. Give the same scope to the snapshot source.
    public var characters: CharacterScope
    /// Answers to repeated `/v1/retrieve` requests kept per snapshot (``AnswerCachePolicy``).
    public var answerCache: AnswerCachePolicy

    public init(host: String = "127.0.0.1", port: Int = 8187, bearerToken: String? = nil,
                maxBodyBytes: Int = 1 << 20, maxRetrieveLimit: Int = 1000,
                queryDeadline: Duration = .seconds(2), refresh: RefreshPolicy = RefreshPolicy(),
                characters: CharacterScope = .all, answerCache: AnswerCachePolicy = AnswerCachePolicy()) {
        self.characters = characters
        self.answerCache = answerCache
        self.host = host
        self.port = port
        self.bearerToken = bearerToken
        self.maxBodyBytes = maxBodyBytes
        self.maxRetrieveLimit = maxRetrieveLimit
        self.queryDeadline = queryDeadline
        self.refresh = refresh
    }
}
