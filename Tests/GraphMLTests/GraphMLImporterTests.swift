import Foundation
import InsightGraph
import Testing
@testable import GraphML

@Suite struct GraphMLImporterTests {
    @Test(arguments: GraphMLExporterTests.optionSets)
    func exportImportExportIsByteIdentical(_ options: GraphMLExportOptions) throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (first, report) = try TestFiles.export(SampleGraphs.awkward(), options, in: dir, name: "first.graphml")
        let imported = try GraphMLImporter().read(path: first)
        #expect(imported.report.nodes == report.nodes && imported.report.edges == report.edges)
        #expect(imported.report.ignoredKeys.isEmpty && imported.report.ignoredValues == 0)
        // The re-import holds exactly the exported rows, so exporting it whole gives the same bytes.
        var again = options
        again.scope = .wholeGraph
        let (second, _) = try TestFiles.export(imported.snapshot, again, in: dir, name: "second.graphml")
        #expect(try TestFiles.bytes(first) == TestFiles.bytes(second))
    }

    @Test func readingReportsProgressInBytes() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, report) = try TestFiles.export(SampleGraphs.chain(characters: 2, insightsPerCharacter: 20_000), in: dir)
        var seen: [Int64] = []
        let result = try GraphMLImporter().read(path: path) { seen.append($0) }
        #expect(result.snapshot.nodeCount == 40_000)
        #expect(seen.count >= 4 && seen == seen.sorted() && seen.allSatisfy { $0 > 0 && $0 <= report.bytes })
    }

    @Test func emptyGraphRoundTrips() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        var builder = GraphBuilder()
        let (first, report) = try TestFiles.export(builder.build(), .init(withTimeline: true), in: dir, name: "a.graphml")
        #expect(report.nodes == 0 && report.edges == 0)
        #expect(XMLChecks.schema.validationError(forFileAt: first) == nil)
        let imported = try GraphMLImporter().read(path: first)
        #expect(imported.snapshot.nodeCount == 0)
        let (second, _) = try TestFiles.export(imported.snapshot, .init(withTimeline: true), in: dir, name: "b.graphml")
        #expect(try TestFiles.bytes(first) == TestFiles.bytes(second))
    }

    @Test func importRestoresEveryValue() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let original = SampleGraphs.awkward()
        let (path, _) = try TestFiles.export(original, .init(withTimeline: true), in: dir)
        let result = try GraphMLImporter().read(path: path)
        let graph = result.snapshot
        #expect(result.report.insights == 5 && result.report.relationships == 7 && result.report.characters == 2)
        #expect(result.report.learningEvents == 3 && result.report.derivedEdges == 6)
        let i10 = graph.insight(at: try #require(graph.node(forInsightId: 10)))
        #expect(i10 == original.insight(at: original.node(forInsightId: 10)!))
        let i11 = graph.insight(at: try #require(graph.node(forInsightId: 11)))
        #expect(i11.content == "bell\u{FFFD} and null\u{FFFD} and nonchar\u{FFFD}\u{FFFD} end")
        #expect(i11.confidence?.isNaN == true && i11.emotionalValence == .infinity)
        #expect(i11.triggers == ["ctl\u{01}x", "\u{FFFE}"]) // lossless through the JSON escapes
        #expect(i11.discoveryDate == SampleGraphs.t1)
        let i14 = graph.insight(at: try #require(graph.node(forInsightId: 14)))
        #expect(i14.content == "  leading and trailing  " && i14.discoveryDate == .negativeInfinity)
        #expect(i14.importance == -2147483648 && i14.confidence == 1e-300 && i14.characterId == nil)
        let i13 = graph.insight(at: try #require(graph.node(forInsightId: 13)))
        #expect(i13 == Insight(id: 13, characterId: 2))
        let r101 = graph.relationship(at: 1)
        #expect(r101.id == 101 && r101.strength?.isNaN == true && r101.type == "supports")
        #expect(graph.relationship(at: 3) == Relationship(id: 103, fromInsightId: 12, toInsightId: 13, type: nil,
                                                          strength: nil, createdDate: SampleGraphs.t1))
        #expect(graph.relationship(at: 5).strength?.sign == .minus)
        #expect(graph.characters == original.characters)
        #expect(graph.learningEvents.map(\.id) == original.learningEvents.map(\.id))
        #expect(graph.anomalies.counts == original.anomalies.counts)
    }

    @Test func readsYedExports() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, _) = try TestFiles.export(SampleGraphs.awkward(), .init(flavour: .yed, withCharacters: true), in: dir)
        let result = try GraphMLImporter().read(path: path)
        #expect(result.snapshot.nodeCount == 5 && result.snapshot.edgeCount == 7)
        #expect(result.report.ignoredKeys.isEmpty && result.report.ignoredElements == 0)
    }

    /// GraphML as NetworkX or another tool writes it: d-numbered keys, for="all", edges before
    /// their nodes, no ids of ours, an unknown key, a default value, CDATA and a hyperedge.
    @Test func readsGenericGraphML() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="d0" for="node" attr.name="label" attr.type="string"/>
          <key id="d1" for="all" attr.name="weight" attr.type="double"><default>0.5</default></key>
          <key id="d2" for="node" attr.name="colour" attr.type="string"/>
          <key id="d3" for="edge" attr.name="label" attr.type="string"/>
          <key id="d4" for="node" attr.name="importance_level" attr.type="long"/>
          <graph id="G" edgedefault="undirected">
            <edge source="a" target="b"><data key="d1">0.9</data><data key="d3">supports</data></edge>
            <edge id="e2" source="b" target="c"/>
            <node id="a"><data key="d0">First <![CDATA[& <raw>]]></data><data key="d2">red</data></node>
            <node id="b"><data key="d0">Second</data><data key="d4">7</data></node>
            <node id="c"/>
            <hyperedge><endpoint node="a"/><endpoint node="b"/></hyperedge>
          </graph>
        </graphml>
        """
        let result = try GraphMLImporter().read(bytes: Array(xml.utf8))
        let graph = result.snapshot
        #expect(graph.insights.map(\.id) == [1, 2, 3])
        #expect(graph.insights.map(\.content) == ["First & <raw>", "Second", nil])
        #expect(graph.insights[1].importance == 7)
        #expect(graph.edgeCount == 2)
        #expect(graph.relationship(at: 0) == Relationship(id: 1, fromInsightId: 1, toInsightId: 2, type: "supports", strength: 0.9))
        #expect(graph.relationship(at: 1) == Relationship(id: 2, fromInsightId: 2, toInsightId: 3, type: nil, strength: 0.5))
        #expect(result.report.duplicateEdgeIds == 0)
        #expect(result.report.ignoredKeys == ["colour", "weight"]) // "weight" on nodes via for="all"
        #expect(result.report.ignoredValues == 4) // colour once, node weight defaults three times
        #expect(result.report.ignoredElements == 1)
        #expect(result.report.generatedInsightIds == 3 && result.report.generatedRelationshipIds == 2)
    }

    /// NetworkX writes a multigraph's parallel-edge keys (0, 1, ...) as edge ids, so they repeat.
    @Test func repeatedEdgeIdsAreCountedNotRejected() throws {
        let xml = Self.header + #"<node id="a"/><node id="b"/><edge id="0" source="a" target="b"/><edge id="1" source="a" target="b"/><edge id="0" source="b" target="a"/>"# + "</graph></graphml>"
        let result = try GraphMLImporter().read(bytes: Array(xml.utf8))
        #expect(result.snapshot.edgeCount == 3 && result.report.duplicateEdgeIds == 1)
    }

    static let header = """
        <?xml version="1.0"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
          <key id="n_db_id" for="node" attr.name="db_id" attr.type="long"/>
          <key id="n_confidence" for="node" attr.name="confidence_score" attr.type="double"/>
          <key id="e_flag" for="edge" attr.name="flag" attr.type="boolean"/>
          <key id="e_db" for="edge" attr.name="db_id" attr.type="long"/>
          <key id="n_dates" for="node" attr.name="discovery_date" attr.type="string"/>
          <key id="n_triggers" for="node" attr.name="triggers" attr.type="string"/>
          <graph edgedefault="directed">

        """

    static let badDocuments: [(String, GraphMLError)] = [
        (#"<node id="a"><data key="nope">1</data></node>"#, .undeclaredKey(line: 10, key: "nope")),
        (#"<node id="a"/><node id="a"/>"#, .duplicateNodeId(line: 10, id: "a")),
        ("<node id=\"a\"/>\n<edge source=\"a\" target=\"a\"><data key=\"e_db\">7</data></edge>\n<edge source=\"a\" target=\"a\"><data key=\"e_db\">7</data></edge>",
         .duplicateRowId(line: 12, kind: "relationship", id: 7)),
        ("<node id=\"a\"/>\n\n<edge id=\"e\" source=\"a\" target=\"zz\"/>", .danglingEdge(line: 12, edge: "e", missingNode: "zz")),
        (#"<node id="a"><data key="n_db_id">1.5</data></node>"#,
         .badValue(line: 10, key: "n_db_id", expected: "64-bit integer (long)", value: "1.5")),
        (#"<node id="a"><data key="n_confidence">high</data></node>"#,
         .badValue(line: 10, key: "n_confidence", expected: "number (double; NaN, Infinity, -Infinity allowed)", value: "high")),
        ("<node id=\"a\"/>\n<edge source=\"a\" target=\"a\"><data key=\"e_flag\">yes</data></edge>",
         .badValue(line: 11, key: "e_flag", expected: "boolean (true/false)", value: "yes")),
        (#"<node id="a"><data key="e_flag">true</data></node>"#,
         .keyNotForElement(line: 10, key: "e_flag", element: "node", declaredFor: "edge")),
        (#"<node id="a"><data key="n_dates">yesterday</data></node>"#,
         .badValue(line: 10, key: "n_dates", expected: "ISO-8601 UTC timestamp (2025-03-01T12:00:00Z) for discovery_date", value: "yesterday")),
        (#"<node id="a"><data key="n_triggers">["a",]</data></node>"#,
         .badValue(line: 10, key: "n_triggers", expected: "JSON array of strings and nulls for triggers", value: #"["a",]"#)),
        ("<node id=\"a\"><data key=\"n_db_id\">4</data></node>\n<node id=\"b\"><data key=\"n_db_id\">4</data></node>",
         .duplicateRowId(line: 11, kind: "insight", id: 4)),
        (#"<node><data key="n_db_id">4</data></node>"#, .invalidStructure(line: 10, "<node> without an id")),
    ]

    @Test(arguments: badDocuments)
    func badDocumentsGiveErrorsWithLines(_ body: String, _ expected: GraphMLError) throws {
        let xml = Self.header + body + "\n</graph>\n</graphml>\n"
        #expect(throws: expected) { try GraphMLImporter().read(bytes: Array(xml.utf8)) }
    }

    /// libxml2 keeps element lines only up to 65,535; the reader recovers exact lines beyond.
    @Test func linesPast65535AreExact() throws {
        var xml = "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<graph>\n"
        for i in 0..<35_000 { xml += "<node id=\"n\(i)\">\n</node>\n" }  // lines 3...70,002
        xml += "<edge source=\"n1\" target=\"n2\"/>\n<edge source=\"n1\" target=\"missing\"/>\n</graph></graphml>\n"
        #expect(throws: GraphMLError.danglingEdge(line: 70_004, edge: "n1->missing", missingNode: "missing")) {
            try GraphMLImporter().read(bytes: Array(xml.utf8))
        }
        xml = xml.replacingOccurrences(of: "<node id=\"n34999\">", with: "<node id=\"n0\">")
        #expect(throws: GraphMLError.duplicateNodeId(line: 70_001, id: "n0")) {
            try GraphMLImporter().read(bytes: Array(xml.utf8))
        }
    }

    @Test func structureErrors() throws {
        #expect(throws: GraphMLError.invalidStructure(line: 1, "the root element is <html>, expected <graphml>")) {
            try GraphMLImporter().read(bytes: Array("<html/>".utf8))
        }
        #expect(throws: GraphMLError.invalidStructure(line: 1, "the document has no <graph> element")) {
            try GraphMLImporter().read(bytes: Array("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"/>".utf8))
        }
        #expect(throws: GraphMLError.cannotOpen("/nonexistent/x.graphml", errno: ENOENT)) {
            try GraphMLImporter().read(path: "/nonexistent/x.graphml")
        }
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        #expect(throws: GraphMLError.cannotOpen(dir.path, errno: EISDIR)) { try GraphMLImporter().read(path: dir.path) }
        let empty = dir.appendingPathComponent("empty.graphml")
        try Data().write(to: empty)
        #expect(throws: GraphMLError.malformed(line: 1, "the file is empty")) { try GraphMLImporter().read(path: empty.path) }
        let error = GraphMLError.danglingEdge(line: 11, edge: "e", missingNode: "zz")
        #expect(error.description == "line 11: edge \"e\" refers to node \"zz\", which the file does not contain")
    }
}
