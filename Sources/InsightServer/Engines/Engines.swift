import GraphML
import InsightGraph

/// One seed of a retrieval request: an insight id and how much it counts.
public struct RetrievalSeed: Sendable, Hashable, Codable {
    public var id: Int
    public var weight: Double

    public init(id: Int, weight: Double) {
        self.id = id
        self.weight = weight
    }
}

/// A `/v1/retrieve` request after validation: the character exists in the snapshot.
public struct RetrievalRequest: Sendable {
    /// The character's `normalized_name` as the client sent it.
    public var character: String
    /// Index into the snapshot's `characters`.
    public var characterIndex: Int
    public var message: String
    public var limit: Int?
    public var seeds: [RetrievalSeed]
    /// Engine options, passed through unread.
    public var options: JSONValue?
}

/// Retrieval bound to one snapshot: built once when the snapshot is installed (indexes, scratch
/// buffers), so requests pay for neither.
public protocol SnapshotRetriever: Sendable {
    /// The response body: the same JSON as `insightgraph retrieve --format json`.
    func retrieve(_ request: RetrievalRequest) throws -> [UInt8]
    /// The snapshot's retrievers, if the engine keeps the core's; shared with IGQ.
    var retrievers: RetrieverPool? { get }
}

extension SnapshotRetriever {
    public var retrievers: RetrieverPool? { nil }
}

/// Makes a ``SnapshotRetriever`` for each new snapshot, on the refresh task, before it is served.
public protocol RetrievalEngine: Sendable {
    func prepare(_ snapshot: GraphSnapshot) throws -> any SnapshotRetriever
    /// Like ``prepare(_:)``, for a snapshot that differs from `previous`'s by a few rows: an
    /// engine may reuse what did not change. The result must equal ``prepare(_:)``'s.
    func prepare(_ snapshot: GraphSnapshot, reusing previous: (any SnapshotRetriever)?) throws -> any SnapshotRetriever
}

extension RetrievalEngine {
    public func prepare(_ snapshot: GraphSnapshot, reusing previous: (any SnapshotRetriever)?) throws -> any SnapshotRetriever {
        try prepare(snapshot)
    }
}

/// A `/v1/query` request.
public struct QueryRequest: Sendable {
    public var query: String
    public var params: [String: JSONValue]
    /// When the engine must give up (the IGQ deadline).
    public var deadline: ContinuousClock.Instant
    /// The served snapshot's retrievers, when its retrieval engine keeps them: IGQ ranks with
    /// them instead of building a retrieval index per query.
    public var retrievers: RetrieverPool?

    public init(query: String, params: [String: JSONValue], deadline: ContinuousClock.Instant,
                retrievers: RetrieverPool? = nil) {
        self.query = query
        self.params = params
        self.deadline = deadline
        self.retrievers = retrievers
    }
}

/// Runs IGQ against a snapshot; the response body is the IGQ results JSON.
public protocol QueryEngine: Sendable {
    func execute(_ request: QueryRequest, on snapshot: GraphSnapshot) throws -> [UInt8]
}

/// Writes one character's subgraph as GraphML (`/v1/characters/{name}/graphml`).
public protocol GraphMLExporting: Sendable {
    func export(characterIndex: Int, of snapshot: GraphSnapshot, flavour: GraphMLFlavour) throws -> [UInt8]
}

/// Errors engines throw that the service shows the client as they are (a bad query, a limit hit).
/// Anything else an engine throws becomes a 500 with no detail; the log keeps the detail.
public enum EngineError: Error, Sendable, Equatable {
    /// The request was understood but is wrong (e.g. an IGQ syntax error with line:column).
    case invalidRequest(code: String, message: String)
    /// A limit was reached (rows, depth, deadline).
    case limitExceeded(code: String, message: String)
}

/// The engines the service runs; `nil` answers 501 `engine_unavailable`.
public struct Engines: Sendable {
    public var retrieval: (any RetrievalEngine)?
    public var query: (any QueryEngine)?
    public var graphML: (any GraphMLExporting)?

    public init(retrieval: (any RetrievalEngine)? = nil, query: (any QueryEngine)? = nil,
                graphML: (any GraphMLExporting)? = nil) {
        self.retrieval = retrieval
        self.query = query
        self.graphML = graphML
    }
}
