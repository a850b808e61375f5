import Foundation
import GraphML
import Hummingbird
import InsightGraph

/// The body of `GET /v1/characters`.
struct CharacterList: Encodable {
    var characters: [CharacterSummary]
    var snapshot_generation: Int
}

/// `GET /v1/characters`, `GET /v1/characters/{name}/stats`, `GET /v1/characters/{name}/graphml`.
struct CharacterRoutes {
    let store: SnapshotStore
    let graphML: (any GraphMLExporting)?

    func add(to router: Router<some RequestContext>) {
        router.get("/v1/characters") { _, _ in
            let served = try snapshot()
            let list = (0..<served.graph.characters.count).map { CharacterSummary(index: $0, graph: served.graph) }
            return try jsonResponse(CharacterList(characters: list, snapshot_generation: served.generation))
        }
        router.get("/v1/characters/{name}/stats") { _, context in
            let served = try snapshot()
            let index = try CharacterLookup.find(try name(context), in: served)
            return try jsonResponse(CharacterStats(index: index, served: served))
        }
        router.get("/v1/characters/{name}/graphml") { request, context in
            let served = try snapshot()
            let index = try CharacterLookup.find(try name(context), in: served)
            let flavourText = request.uri.queryParameters.get("flavour") ?? GraphMLFlavour.standard.rawValue
            guard let flavour = GraphMLFlavour(rawValue: flavourText) else {
                throw ServiceError.badRequest(
                    "flavour '\(flavourText)' is not one of: " + GraphMLFlavour.allCases.map(\.rawValue).joined(separator: ", "),
                    code: "invalid_parameter")
            }
            guard let graphML else { throw ServiceError.engineUnavailable("GraphML export") }
            let bytes = try graphML.export(characterIndex: index, of: served.graph, flavour: flavour)
            var headers = HTTPFields()
            headers[.contentType] = "application/graphml+xml; charset=utf-8"
            headers[.contentLength] = String(bytes.count)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    private func snapshot() throws -> ServedSnapshot {
        guard let served = store.current else { throw ServiceError.notReady }
        return served
    }

    private func name(_ context: some RequestContext) throws -> String {
        guard let raw = context.parameters.get("name") else { throw ServiceError.badRequest("missing character name") }
        return raw.removingPercentEncoding ?? raw
    }
}
