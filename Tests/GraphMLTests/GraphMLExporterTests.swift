import Foundation
import InsightGraph
import Testing
@testable import GraphML

@Suite struct GraphMLExporterTests {
    static let optionSets: [GraphMLExportOptions] = {
        var all: [GraphMLExportOptions] = []
        let scopes: [GraphMLScope] = [.wholeGraph, .characters(["elena"]), .neighbourhood(insightId: 10, hops: 1),
                                      .subset(insightIds: [13], relationshipIds: [102])]
        for flavour in GraphMLFlavour.allCases {
            for scope in scopes {
                for (characters, timeline) in [(false, false), (true, false), (true, true)] {
                    all.append(.init(flavour: flavour, scope: scope, withCharacters: characters, withTimeline: timeline))
                }
            }
        }
        return all
    }()

    @Test(arguments: optionSets)
    func everyOutputParsesAndStandardValidates(_ options: GraphMLExportOptions) throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, report) = try TestFiles.export(SampleGraphs.awkward(), options, in: dir)
        let names = try XMLChecks.parseAll(path)
        #expect(names.first == "graphml")
        #expect(names.filter { $0 == "node" }.count == report.nodes)
        #expect(names.filter { $0 == "edge" }.count == report.edges)
        // Cytoscape drops edges that come before their nodes: every node precedes every edge.
        let lastNode = names.lastIndex(of: "node") ?? -1
        let firstEdge = names.firstIndex(of: "edge") ?? Int.max
        #expect(lastNode < firstEdge)
        #expect(report.bytes == Int64(try TestFiles.bytes(path).count))
        let problem = XMLChecks.schema.validationError(forFileAt: path)
        switch options.flavour {
        case .standard: #expect(problem == nil, "\(problem ?? "")")
        case .yed: #expect(problem != nil, "yFiles markup is outside the GraphML schema")
        }
    }

    @Test func keysNameTheirDomainAndNeverLookLikeGephiIds() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, _) = try TestFiles.export(SampleGraphs.awkward(), .init(withTimeline: true), in: dir)
        let text = try XMLChecks.text(path)
        let keyLines = text.split(separator: "\n").filter { $0.contains("<key ") }
        #expect(keyLines.count == 29)
        for line in keyLines {
            #expect(line.contains("for=\"node\"") || line.contains("for=\"edge\""), "\(line)")
            #expect(!line.contains("for=\"all\""))
            #expect(line.range(of: #"id="d[0-9]+""#, options: .regularExpression) == nil, "\(line)")
        }
        #expect(text.contains(#"<key id="e_weight" for="edge" attr.name="weight" attr.type="double">"#))
        #expect(text.contains(#"<key id="n_label" for="node" attr.name="label" attr.type="string">"#))
        #expect(text.contains(#"<key id="n_importance_level" for="node" attr.name="importance_level" attr.type="int"/>"#))
        #expect(text.contains(#"<key id="n_db_id" for="node" attr.name="db_id" attr.type="long">"#))
    }

    @Test func valuesAreWrittenAsSpecified() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, _) = try TestFiles.export(SampleGraphs.awkward(), in: dir)
        let text = try XMLChecks.text(path)
        #expect(text.contains(#"<data key="n_confidence_score">NaN</data>"#))
        #expect(text.contains(#"<data key="n_emotional_valence">Infinity</data>"#))
        #expect(text.contains(#"<data key="n_confidence_score">-Infinity</data>"#))
        #expect(text.contains(#"<data key="n_confidence_score">1e-300</data>"#))
        #expect(text.contains(#"<data key="n_discovery_date">2025-03-01T12:00:00.250000Z</data>"#))
        #expect(text.contains(#"<data key="n_discovery_date">infinity</data>"#))
        #expect(text.contains(#"<data key="n_triggers">[&quot;rain&quot;,null,&quot;calm \&quot;quoted\&quot;&quot;]</data>"#))
        #expect(text.contains(#"<data key="n_supporting_evidence">[]</data>"#))
        #expect(text.contains(#"<data key="n_triggers">[&quot;ctl\u0001x&quot;,&quot;\ufffe&quot;]</data>"#))
        #expect(text.contains(#"<data key="e_weight">NaN</data>"#))
        #expect(text.contains(#"<data key="e_strength">-0.0</data>"#))
        // CR survives as a character reference (a raw CR would be normalised to LF by readers).
        #expect(text.contains("Really.&#13;\nTabs\there &amp; &lt;tags&gt;"))
        // Insight 13 has only NULL columns: no <data> for them.
        let node13 = try #require(text.range(of: #"<node id="i13">"#))
        let end13 = try #require(text.range(of: "</node>", range: node13.upperBound..<text.endIndex))
        let body = text[node13.upperBound..<end13.lowerBound]
        #expect(body.components(separatedBy: "<data ").count - 1 == 4) // kind, label, db_id, character_id
        // Relationship 103 has a NULL type and strength: no label, weight, type or strength.
        let edge = try #require(text.range(of: #"<edge id="r103" source="i12" target="i13">"#))
        let edgeEnd = try #require(text.range(of: "</edge>", range: edge.upperBound..<text.endIndex))
        let edgeBody = String(text[edge.upperBound..<edgeEnd.lowerBound])
        #expect(!edgeBody.contains("e_label") && !edgeBody.contains("e_weight") && !edgeBody.contains("e_strength"))
        #expect(edgeBody.contains(#"<data key="e_created_date">2025-03-01T12:00:00.250000Z</data>"#))
    }

    @Test func illegalCharactersAreReplacedAndCountedPerColumn() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, report) = try TestFiles.export(SampleGraphs.awkward(), .init(withTimeline: true), in: dir)
        // Insight 11: U+0007, U+0000, U+FFFE, U+FFFF in content (and so in its label);
        // event 1002: U+0002. List elements are JSON-escaped instead, so nothing is lost there.
        #expect(report.replacedCharacters == ["insight_content": 4, "label": 5, "learning_event": 1])
        #expect(report.totalReplacedCharacters == 10)
        let text = try XMLChecks.text(path)
        #expect(text.contains("<data key=\"n_insight_content\">bell\u{FFFD} and null\u{FFFD} and nonchar\u{FFFD}\u{FFFD} end</data>"))
        #expect(text.contains("<data key=\"n_learning_event\">ghost\u{FFFD}</data>"))
        for scalar in text.unicodeScalars {
            #expect(XMLTextSanitizer.isLegal(scalar))
        }
    }

    @Test func sameGraphGivesSameBytesWhateverTheRowOrder() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let options = GraphMLExportOptions(flavour: .yed, withCharacters: true, withTimeline: true)
        let (first, _) = try TestFiles.export(SampleGraphs.awkward(), options, in: dir, name: "a.graphml")
        let (second, _) = try TestFiles.export(SampleGraphs.awkward(), options, in: dir, name: "b.graphml")
        #expect(try TestFiles.bytes(first) == TestFiles.bytes(second))
        // The same rows added in reverse order build the same graph, so the same file.
        let snapshot = SampleGraphs.chain(characters: 3, insightsPerCharacter: 50)
        var builder = GraphBuilder()
        for character in snapshot.characters.reversed() { builder.add(character) }
        for insight in snapshot.insights.reversed() { builder.add(insight) }
        for edge in (0..<snapshot.edgeCount).reversed() { builder.add(snapshot.relationship(at: EdgeIndex(edge))) }
        let (third, _) = try TestFiles.export(snapshot, options, in: dir, name: "c.graphml")
        let (fourth, _) = try TestFiles.export(builder.build(), options, in: dir, name: "d.graphml")
        #expect(try TestFiles.bytes(third) == TestFiles.bytes(fourth))
    }

    @Test func scopesSelectTheRightRows() throws {
        let graph = SampleGraphs.awkward()
        func ids(_ scope: GraphMLScope, characters: Bool = false) throws -> ([Int], [Int], [Int]) {
            let selection = try GraphMLSelection(snapshot: graph, options: .init(scope: scope, withCharacters: characters))
            return (selection.nodes.map { graph.insights[Int($0)].id }, selection.edges.map { graph.edgeIds[Int($0)] },
                    selection.characters.map { graph.characters[$0].id })
        }
        #expect(try ids(.wholeGraph) == ([10, 11, 12, 13, 14], [100, 101, 102, 103, 104, 105, 106], []))
        #expect(try ids(.characters(["Elena"])) == ([10, 11], [100, 101], []))
        #expect(try ids(.characters(["marcus", "1"]), characters: true) == ([10, 11, 12, 13], [100, 101, 102, 103, 104, 106], [1, 2]))
        #expect(try ids(.neighbourhood(insightId: 10, hops: 0)) == ([10], [], []))
        #expect(try ids(.neighbourhood(insightId: 10, hops: 1)) == ([10, 11, 12, 14], [100, 101, 102, 105], []))
        #expect(try ids(.neighbourhood(insightId: 14, hops: 2), characters: true) == ([10, 11, 12, 14], [100, 101, 102, 105], [1, 2]))
        #expect(try ids(.subset(insightIds: [11], relationshipIds: [103])) == ([11, 12, 13], [103], []))
        #expect(throws: GraphMLError.unknownScope("no insight with id 999 in the graph")) {
            try GraphMLSelection(snapshot: graph, options: .init(scope: .neighbourhood(insightId: 999, hops: 1)))
        }
        #expect(throws: GraphMLError.unknownScope("no character named \"nobody\" (known: elena, marcus)")) {
            try GraphMLSelection(snapshot: graph, options: .init(scope: .characters(["nobody"])))
        }
        #expect(throws: GraphMLError.unknownScope("no relationship with id 7 in the graph")) {
            try GraphMLSelection(snapshot: graph, options: .init(scope: .subset(insightIds: [], relationshipIds: [7])))
        }
    }

    @Test func characterAndTimelineNodesLinkToTheirRows() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, report) = try TestFiles.export(SampleGraphs.awkward(), .init(withTimeline: true), in: dir)
        #expect(report.nodes == 2 + 5 + 3 && report.characters == 2 && report.learningEvents == 3)
        // 7 relationships, 4 has_insight (insight 14 has no character), 2 learned (event 1002's character is unknown).
        #expect(report.edges == 7 + 4 + 2 && report.relationships == 7)
        let text = try XMLChecks.text(path)
        #expect(text.contains(#"<edge id="h10" source="c1" target="i10">"#))
        #expect(text.contains(#"<edge id="l1001" source="c2" target="t1001">"#))
        #expect(!text.contains(#"id="h14""#) && !text.contains(#"id="l1002""#))
    }

    @Test func yedFlavourCarriesLabelsInYFilesMarkup() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (path, _) = try TestFiles.export(SampleGraphs.awkward(), .init(flavour: .yed), in: dir)
        let text = try XMLChecks.text(path)
        #expect(text.contains(#"xmlns:y="http://www.yworks.com/xml/graphml""#))
        #expect(text.contains(#"<key for="node" id="y_nodegraphics" yfiles.type="nodegraphics"/>"#))
        #expect(text.contains(#"<key for="edge" id="y_edgegraphics" yfiles.type="edgegraphics"/>"#))
        #expect(text.contains("<y:NodeLabel>long text long text"))
        #expect(text.contains("<y:EdgeLabel>contradicts</y:EdgeLabel>"))
        #expect(text.components(separatedBy: "<y:ShapeNode>").count - 1 == 5)
        #expect(text.components(separatedBy: "<y:PolyLineEdge>").count - 1 == 7)
    }

    @Test func failedWritesLeaveNoFileUnderTheTargetName() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        // The target is a non-empty directory: writing succeeds, the final rename fails.
        let blocked = dir.appendingPathComponent("blocked.graphml")
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("inside"), withIntermediateDirectories: true)
        #expect(throws: GraphMLError.self) {
            try GraphMLExporter(snapshot: SampleGraphs.awkward()).write(toFile: blocked.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["blocked.graphml"])
        // A missing directory cannot hold the temporary file.
        #expect(throws: GraphMLError.cannotOpen(dir.path + "/missing/x.graphml", errno: ENOENT)) {
            try GraphMLExporter(snapshot: SampleGraphs.awkward()).write(toFile: dir.path + "/missing/x.graphml")
        }
        // A full device: the write error surfaces with its errno.
        let full = open("/dev/full", O_WRONLY)
        try #require(full >= 0)
        defer { close(full) }
        let error = #expect(throws: GraphMLError.self) {
            try GraphMLExporter(snapshot: SampleGraphs.chain(characters: 1, insightsPerCharacter: 10)).write(toFileDescriptor: full)
        }
        guard case .writeFailed(_, let number)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(number == ENOSPC)
        #expect(error?.description.hasSuffix("No space left on device") == true)
    }

    @Test func existingFileSurvivesAFailedExport() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let target = dir.appendingPathComponent("keep.graphml")
        try Data("previous".utf8).write(to: target)
        #expect(throws: GraphMLError.self) {
            try GraphMLExporter(snapshot: SampleGraphs.awkward(), options: .init(scope: .characters(["nobody"])))
                .write(toFile: target.path)
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keep.graphml"])
    }

    @Test func largeExportStreamsAndValidates() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let graph = SampleGraphs.chain(characters: 4, insightsPerCharacter: 5_000)
        var calls = 0
        let path = dir.appendingPathComponent("big.graphml").path
        let report = try GraphMLExporter(snapshot: graph, options: .init(withCharacters: true))
            .write(toFile: path) { written, total in
                calls += 1
                #expect(written <= total)
            }
        #expect(report.nodes == 20_004 && report.edges == 4 * 4_999 + 20_000)
        #expect(calls >= 5)
        #expect(XMLChecks.schema.validationError(forFileAt: path) == nil)
    }
}
