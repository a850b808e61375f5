import Foundation
import InsightGraph

/// `/v1/retrieve` through InsightGraph's ``Retriever``: one ``RetrievalIndex`` per snapshot,
/// shared; a pool of retrievers (each owns scratch buffers and serves one request at a time), so
/// concurrent requests neither share scratch nor allocate it per call after warm-up.
struct RetrieverEngine: RetrievalEngine {
    /// Every request's defaults (`serve --weights`); the index is built with their `type_weights`.
    var defaults = RetrievalSettings()

    func prepare(_ snapshot: GraphSnapshot) throws -> any SnapshotRetriever {
        PooledRetriever(index: RetrievalIndex(snapshot: snapshot, walkPolicy: defaults.walkPolicy), defaults: defaults)
    }
}

final class PooledRetriever: SnapshotRetriever {
    let pool: RetrieverPool
    let defaults: RetrievalSettings

    init(index: RetrievalIndex, defaults: RetrievalSettings) {
        pool = RetrieverPool(index: index, defaults: defaults.retrieval)
        self.defaults = defaults
    }

    var retrievers: RetrieverPool? { pool }

    func retrieve(_ request: RetrievalRequest) throws -> [UInt8] {
        let options = try RetrievalRequestOptions.parse(request, defaults: defaults, served: pool.index.walkPolicy.typeWeights)
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
        let prompt = PromptRenderer(template: options.prompt, budget: .tokens(options.tokens)).render(response.results)
        return try RetrievalJSON.encode(response, prompt: prompt, micros: micros)
    }
}

/// `options` of a `/v1/retrieve` body: a ``RetrievalSettings`` object (the same schema and parser as
/// `--weights FILE.json`), applied over the server's defaults; the body's `limit` wins over both.
enum RetrievalRequestOptions {
    static func parse(_ request: RetrievalRequest, defaults: RetrievalSettings = RetrievalSettings(),
                      served: [String: Double] = WalkPolicy.retrieval.typeWeights) throws -> RetrievalSettings {
        var result = defaults
        if let options = request.options {
            guard case .object = options else {
                throw EngineError.invalidRequest(code: "invalid_parameter", message: "body.options: expected an object")
            }
            do {
                result = try defaults.applying(options)
                if result.typeWeights != served { throw RetrievalSettingsError.typeWeightsFixed(served: served) }
            } catch let error as RetrievalSettingsError {
                throw EngineError.invalidRequest(code: "invalid_parameter", message: error.message(root: "body.options"))
            }
        }
        if let limit = request.limit { result.retrieval.limit = limit }
        result.retrieval.weights.now = Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970)
        return result
    }
}
