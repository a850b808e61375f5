import Foundation
import GraphML
import InsightGraph

/// `/v1/characters/{name}/graphml` through the GraphML module's streaming exporter.
///
/// The exporter writes to a file descriptor; the document goes to a temporary file that is read
/// back and deleted (exports of one character are small next to the whole graph).
struct GraphMLFileExporter: GraphMLExporting {
    func export(characterIndex: Int, of snapshot: GraphSnapshot, flavour: GraphMLFlavour) throws -> [UInt8] {
        let character = snapshot.characters[characterIndex]
        let options = GraphMLExportOptions(
            flavour: flavour, scope: .characters([character.normalizedName ?? String(character.id)]))
        let path = NSTemporaryDirectory() + "insightgraph-export-\(UUID().uuidString).graphml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try GraphMLExporter(snapshot: snapshot, options: options).write(toFile: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError.internalError
        }
        return Array(data)
    }
}
