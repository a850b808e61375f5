import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Hummingbird
import HummingbirdTesting
import Testing
@testable import InsightServer

/// `/v1/characters/{name}/graphml` with the real GraphML exporter, parsed back with an XML parser.
@Suite struct GraphMLRouteTests {
    /// Counts elements by name and collects node ids.
    final class Collector: NSObject, XMLParserDelegate {
        var counts: [String: Int] = [:]
        var nodeIds: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            counts[name, default: 0] += 1
            if name == "node", let id = attributes["id"] { nodeIds.append(id) }
        }
    }

    func parse(_ data: Data) throws -> Collector {
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse() else { throw TestFailure("GraphML does not parse: \(String(describing: parser.parserError))") }
        return collector
    }

    @Test(arguments: ["standard", "yed"])
    func exportsOneCharacter(flavour: String) async throws {
        let service = try makeLoadedService(engines: Engines(graphML: GraphMLFileExporter()))
        try await Application(router: service.makeRouter()).test(.router) { client in
            let response = try await client.execute(uri: "/v1/characters/Elena/graphml?flavour=\(flavour)", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/graphml+xml; charset=utf-8")
            let document = try parse(Data(response.body.readableBytesView))
            // elena's four insights; her two internal relationships (the one to marcus leaves the selection).
            #expect(document.counts["node"] == 4)
            #expect(document.counts["edge"] == 2)
            #expect(document.counts["graphml"] == 1)
            if flavour == "yed" { #expect((document.counts["y:ShapeNode"] ?? document.counts["ShapeNode"] ?? 0) == 4) }
        }
    }
}
