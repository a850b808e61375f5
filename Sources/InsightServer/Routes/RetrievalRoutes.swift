import Hummingbird
import InsightGraph

/// `POST /v1/retrieve` and `POST /v1/query`: validate, pick the snapshot once, hand to the engine.
package struct RetrievalRoutes {
    let store: SnapshotStore
    let queryEngine: (any QueryEngine)?
    let retrievalConfigured: Bool
    let decoder: RequestDecoder
    let maxRetrieveLimit: Int
    let queryDeadline: Duration
    var metrics: ServiceMetrics? = nil

    /// `{character, message, limit?, seeds?: [{id, weight}], options?}`
    struct RetrieveBody: Decodable {
        var character: String
        var message: String
        var limit: Int?
        var seeds: [RetrievalSeed]?
        var options: JSONValue?
    }

    /// `{query, params?}`
    struct QueryBody: Decodable {
        var query: String
        var params: [String: JSONValue]?
    }

    func add(to router: Router<some RequestContext>) {
        router.post("/v1/retrieve") { request, _ in
            try retrieve(body: try await decoder.collect(request))
        }
        router.post("/v1/query") { request, _ in
            try query(body: try await decoder.collect(request))
        }
    }

    /// `/v1/retrieve` once the body is read. Synchronous and `package` so the fuzz harness
    /// (Sources/Fuzzers/FuzzHTTP) drives exactly what a request does: decode, validate, retrieve.
    package func retrieve(body buffer: ByteBuffer) throws -> Response {
        let body = try RequestDecoder.decode(RetrieveBody.self, from: buffer)
        guard let served = store.current else { throw ServiceError.notReady }
        let retrievalRequest = try validate(body, in: served)
        guard let retriever = served.retriever else {
            throw retrievalConfigured ? ServiceError.internalError : ServiceError.engineUnavailable("retrieval")
        }
        guard let answers = served.answers else { return jsonResponse(bytes: try retriever.retrieve(retrievalRequest)) }
        let key = AnswerCache.Key(retrievalRequest)
        if let cached = answers.answer(for: key) {
            metrics?.recordAnswerCache(hit: true)
            return jsonResponse(bytes: cached, answerCache: "hit")
        }
        let bytes = try retriever.retrieve(retrievalRequest)
        answers.store(bytes, for: key)
        metrics?.recordAnswerCache(hit: false)
        return jsonResponse(bytes: bytes, answerCache: "miss")
    }

    /// `/v1/query` once the body is read (see ``retrieve(body:)``).
    package func query(body buffer: ByteBuffer) throws -> Response {
        let body = try RequestDecoder.decode(QueryBody.self, from: buffer)
        guard let served = store.current else { throw ServiceError.notReady }
        guard let queryEngine else { throw ServiceError.engineUnavailable("IGQ") }
        let queryRequest = QueryRequest(query: body.query, params: body.params ?? [:],
                                        deadline: .now + queryDeadline, retrievers: served.retriever?.retrievers)
        return jsonResponse(bytes: try queryEngine.execute(queryRequest, on: served.graph))
    }

    /// Checks what the engine should not have to: the character exists, the limit is in range,
    /// seeds are the character's insights with finite, positive weights.
    func validate(_ body: RetrieveBody, in served: ServedSnapshot) throws -> RetrievalRequest {
        let index = try CharacterLookup.find(body.character, in: served)
        if let limit = body.limit, !(1...maxRetrieveLimit).contains(limit) {
            throw ServiceError.badRequest("body.limit: must be between 1 and \(maxRetrieveLimit), got \(limit)",
                                          code: "invalid_parameter")
        }
        let seeds = body.seeds ?? []
        let nodes = served.graph.nodes(ofCharacter: index)
        for (i, seed) in seeds.enumerated() {
            guard seed.weight.isFinite, seed.weight > 0 else {
                throw ServiceError.badRequest("body.seeds[\(i)].weight: must be a finite number > 0",
                                              code: "invalid_parameter")
            }
            guard let node = served.graph.node(forInsightId: seed.id), nodes.contains(node) else {
                throw ServiceError.badRequest(
                    "body.seeds[\(i)].id: \(seed.id) is not an insight of character '\(body.character)'",
                    code: "invalid_parameter")
            }
        }
        return RetrievalRequest(character: body.character, characterIndex: index, message: body.message,
                                limit: body.limit, seeds: seeds, options: body.options)
    }
}
