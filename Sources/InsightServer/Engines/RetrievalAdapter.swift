import Foundation
import InsightGraph

/// `/v1/retrieve` through InsightGraph's ``Retriever``: one ``RetrievalIndex`` per snapshot,
/// shared; a pool of retrievers (each owns scratch buffers and serves one request at a time), so
/// concurrent requests neither share scratch nor allocate it per call after warm-up.
struct RetrieverEngine: RetrievalEngine {
    func prepare(_ snapshot: GraphSnapshot) throws -> any SnapshotRetriever {
        PooledRetriever(index: RetrievalIndex(snapshot: snapshot))
    }
}

final class PooledRetriever: SnapshotRetriever {
    let pool: RetrieverPool

    init(index: RetrievalIndex) {
        pool = RetrieverPool(index: index)
    }

    var retrievers: RetrieverPool? { pool }

    func retrieve(_ request: RetrievalRequest) throws -> [UInt8] {
        let options = try RetrievalRequestOptions.parse(request)
        let clock = ContinuousClock()
        let started = clock.now
        let response: RetrievalResponse
        do {
            response = try pool.withRetriever { retriever in
                try retriever.retrieve(
                    character: request.character, message: request.message,
                    callerSeeds: request.seeds.map { CallerSeed(insightId: $0.id, weight: $0.weight) }, options: options.retrieval)
            }
        } catch let error as RetrievalError {
            throw EngineError.invalidRequest(code: "invalid_parameter", message: error.description)
        }
        let elapsed = clock.now - started
        let micros = Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000)
        let prompt = PromptRenderer(budget: .tokens(options.promptTokens)).render(response.results)
        return try RetrievalJSON.encode(response, prompt: prompt, micros: micros)
    }
}

/// `options` of a `/v1/retrieve` body: `{"method": "push"|"exact"|"path", "tokens": N, "explain": bool}`,
/// the same choices as `insightgraph retrieve --method/--tokens`.
struct RetrievalRequestOptions {
    var retrieval = RetrievalOptions()
    var promptTokens = 400

    static func parse(_ request: RetrievalRequest) throws -> RetrievalRequestOptions {
        var result = RetrievalRequestOptions()
        result.retrieval.limit = request.limit ?? 10
        result.retrieval.weights.now = Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970)
        guard let options = request.options else { return result }
        guard case .object(let fields) = options else { throw invalid("body.options: expected an object") }
        for (key, value) in fields {
            switch (key, value) {
            case ("method", .string("push")): result.retrieval.method = .localPush(epsilon: 0.02)
            case ("method", .string("exact")): result.retrieval.method = .exactPageRank(tolerance: 1e-10)
            case ("method", .string("path")): result.retrieval.method = .bestPath(maxHops: nil)
            case ("method", _): throw invalid("body.options.method: expected \"push\", \"exact\" or \"path\"")
            case ("tokens", .number(let n)) where n >= 1 && n <= 100_000 && n.rounded() == n: result.promptTokens = Int(n)
            case ("tokens", _): throw invalid("body.options.tokens: expected an integer between 1 and 100000")
            case ("explain", .bool(let b)): result.retrieval.explain = b
            case ("explain", _): throw invalid("body.options.explain: expected true or false")
            default: throw invalid("body.options.\(key): unknown option (known: method, tokens, explain)")
            }
        }
        return result
    }

    private static func invalid(_ message: String) -> EngineError {
        .invalidRequest(code: "invalid_parameter", message: message)
    }
}
