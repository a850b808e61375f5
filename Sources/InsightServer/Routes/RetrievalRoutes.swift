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

    /// `{character, message, limit?, seeds?: [{id, weight}], options?}`; unknown fields are refused.
    struct RetrieveBody: Decodable {
        var character: String
        var message: String
        var limit: Int?
        var seeds: [RetrievalSeed]?
        var options: JSONValue?

        static let fields = ["character", "message", "limit", "seeds", "options"]
        private enum CodingKeys: String, CodingKey { case character, message, limit, seeds, options }

        init(from decoder: any Decoder) throws {
            try StrictFields.check(decoder, known: Self.fields)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            character = try container.decode(String.self, forKey: .character)
            message = try container.decode(String.self, forKey: .message)
            limit = try container.decodeIfPresent(Int.self, forKey: .limit)
            seeds = try container.decodeIfPresent([SeedBody].self, forKey: .seeds)?.map(\.seed)
            options = try container.decodeIfPresent(JSONValue.self, forKey: .options)
        }
    }

    /// One item of `seeds`: `{id, weight}`, nothing else.
    struct SeedBody: Decodable {
        var seed: RetrievalSeed
        private enum CodingKeys: String, CodingKey { case id, weight }

        init(from decoder: any Decoder) throws {
            try StrictFields.check(decoder, known: ["id", "weight"])
            let container = try decoder.container(keyedBy: CodingKeys.self)
            seed = RetrievalSeed(id: try container.decode(Int.self, forKey: .id),
                                 weight: try container.decode(Double.self, forKey: .weight))
        }
    }

    /// `{query, params?}`; unknown fields are refused.
    struct QueryBody: Decodable {
        var query: String
        var params: [String: JSONValue]?
        private enum CodingKeys: String, CodingKey { case query, params }

        init(from decoder: any Decoder) throws {
            try StrictFields.check(decoder, known: ["query", "params"])
            let container = try decoder.container(keyedBy: CodingKeys.self)
            query = try container.decode(String.self, forKey: .query)
            params = try container.decodeIfPresent([String: JSONValue].self, forKey: .params)
        }
    }

    /// `{items: [RetrieveBody, ...]}`: each item read on its own, so one bad item fails alone.
    struct BatchBody: Decodable {
        var items: [BatchItem]
        private enum CodingKeys: String, CodingKey { case items }

        init(from decoder: any Decoder) throws {
            try StrictFields.check(decoder, known: ["items"])
            items = try decoder.container(keyedBy: CodingKeys.self).decode([BatchItem].self, forKey: .items)
        }
    }

    /// One batch item: its ``RetrieveBody``, or why it is not one (`body.items[2].limt: unknown field ...`).
    struct BatchItem: Decodable {
        var body: Result<RetrieveBody, ServiceError>

        init(from decoder: any Decoder) throws {
            do {
                body = .success(try RetrieveBody(from: decoder))
            } catch let error as ServiceError {
                body = .failure(error)
            } catch let error as DecodingError {
                body = .failure(.invalidJSON(RequestDecoder.describe(error)))
            }
        }
    }

    /// Most items one `/v1/retrieve/batch` request may carry.
    static let maxBatchItems = 64

    func add(to router: Router<some RequestContext>) {
        router.post("/v1/retrieve") { request, _ in
            try retrieve(body: try await decoder.collect(request))
        }
        router.post("/v1/retrieve/batch") { request, _ in
            try retrieveBatch(body: try await decoder.collect(request))
        }
        router.post("/v1/query") { request, _ in
            try query(body: try await decoder.collect(request))
        }
    }

    /// `/v1/retrieve` once the body is read. Synchronous and `package` so the fuzz harness
    /// (Sources/Fuzzers/FuzzHTTP) drives exactly what a request does: decode, validate, retrieve.
    package func retrieve(body buffer: ByteBuffer) throws -> Response {
        let answer = try retrieve(try RequestDecoder.decode(RetrieveBody.self, from: buffer))
        return jsonResponse(bytes: answer.bytes, answerCache: answer.answerCache)
    }

    /// One retrieval: validated, answered from the snapshot's answer cache when it holds the answer.
    /// `answerCache`: `hit`, `miss`, or nil when the cache is off.
    func retrieve(_ body: RetrieveBody) throws -> (bytes: [UInt8], answerCache: String?) {
        guard let served = store.current else { throw ServiceError.notReady }
        let retrievalRequest = try validate(body, in: served)
        guard let retriever = served.retriever else {
            throw retrievalConfigured ? ServiceError.internalError : ServiceError.engineUnavailable("retrieval")
        }
        guard let answers = served.answers else { return (try retriever.retrieve(retrievalRequest), nil) }
        let key = AnswerCache.Key(retrievalRequest)
        if let cached = answers.answer(for: key) {
            metrics?.recordAnswerCache(hit: true)
            return (Array(cached), "hit")
        }
        let bytes = try retriever.retrieve(retrievalRequest)
        answers.store(bytes, for: key)
        metrics?.recordAnswerCache(hit: false)
        return (bytes, "miss")
    }

    /// `/v1/retrieve/batch` once the body is read: `{"results": [...]}`, one per item in order,
    /// `{"ok": true, "answer": <the /v1/retrieve body>}` or `{"ok": false, "error": {code, message, ...}}`.
    /// Each item goes through ``retrieve(body:)`` itself, so it is validated and answered (answer
    /// cache included) exactly as a request of its own would be.
    package func retrieveBatch(body buffer: ByteBuffer) throws -> Response {
        let body = try RequestDecoder.decode(BatchBody.self, from: buffer)
        guard !body.items.isEmpty, body.items.count <= Self.maxBatchItems else {
            throw ServiceError.badRequest(
                "body.items: expected 1 to \(Self.maxBatchItems) items, got \(body.items.count)", code: "invalid_parameter")
        }
        guard store.current != nil else { throw ServiceError.notReady }
        var out: [UInt8] = Array(#"{"results":["#.utf8)
        for (i, item) in body.items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            do {
                let answer = try retrieve(try item.body.get())
                out += Array(#"{"answer":"#.utf8)
                out += answer.bytes
                out += Array(#","ok":true}"#.utf8)
            } catch {
                out += Array(#"{"error":"#.utf8)
                out += Array(ErrorMapping.map(error).errorObjectJSON())
                out += Array(#","ok":false}"#.utf8)
            }
        }
        out += Array("]}".utf8)
        return jsonResponse(bytes: out)
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
        // The engine looks the character up by normalized_name; the client may have sent the display name.
        let character = served.graph.characters[index].normalizedName ?? body.character
        return RetrievalRequest(character: character, characterIndex: index, message: body.message,
                                limit: body.limit, seeds: seeds, options: body.options)
    }
}
