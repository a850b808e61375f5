import Foundation
import Testing
@testable import GraphML

/// Runs `Scripts/check_graphml.py networkx` on exports: NetworkX must read the same nodes, edges and
/// values as the summary built from the rows. Fails (never skips) when python3 + networkx are absent.
@Suite struct GraphMLSummaryTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/check_graphml.py").path

    static let cases: [GraphMLExportOptions] = [
        .init(), .init(flavour: .yed), .init(withCharacters: true, withTimeline: true),
        .init(flavour: .yed, withCharacters: true, withTimeline: true),
        .init(scope: .neighbourhood(insightId: 10, hops: 1)),
    ]

    @Test(arguments: cases)
    func networkxReadsWhatTheSummarySays(_ options: GraphMLExportOptions) throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let graph = SampleGraphs.awkward()
        let (path, _) = try TestFiles.export(graph, options, in: dir)
        try GraphMLSummary.json(snapshot: graph, options: options).write(toFile: path + ".summary.json", atomically: true, encoding: .utf8)
        let (status, output) = try Self.run(["python3", Self.script, "networkx", path])
        #expect(status == 0, "\(output)\n(needs python3 with networkx: Scripts/test.sh installs it)")
        #expect(output.hasPrefix("ok: NetworkX"), "\(output)")
    }

    @Test func theCheckNoticesADifference() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let graph = SampleGraphs.awkward()
        let (path, _) = try TestFiles.export(graph, in: dir)
        var summary = try GraphMLSummary.json(snapshot: graph, options: .init())
        summary = summary.replacingOccurrences(of: "\"confidence_score\":0.75", with: "\"confidence_score\":0.76")
        try summary.write(toFile: path + ".summary.json", atomically: true, encoding: .utf8)
        let (status, output) = try Self.run(["python3", Self.script, "networkx", path])
        #expect(status == 1)
        #expect(output.contains("node i10.confidence_score: expected 0.76, NetworkX read 0.75"), "\(output)")
    }

    /// NetworkX renumbers keys (d0, d1, ...) and keeps attr.name, so the columns still map: a file
    /// re-saved by NetworkX imports back to the same graph and so re-exports to the same bytes.
    @Test func fileResavedByNetworkXImportsToTheSameGraph() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let graph = SampleGraphs.chain(characters: 2, insightsPerCharacter: 40)
        let options = GraphMLExportOptions(withCharacters: true)
        let (path, _) = try TestFiles.export(graph, options, in: dir)
        let resaved = dir.appendingPathComponent("networkx.graphml").path
        let (status, output) = try Self.run(["python3", "-c",
            "import networkx as nx, sys; nx.write_graphml(nx.read_graphml(sys.argv[1]), sys.argv[2])", path, resaved])
        try #require(status == 0, "\(output)")
        #expect(try XMLChecks.text(resaved).contains("<key id=\"d0\""))
        let imported = try GraphMLImporter().read(path: resaved)
        let (again, _) = try TestFiles.export(imported.snapshot, options, in: dir, name: "again.graphml")
        #expect(try TestFiles.bytes(again) == TestFiles.bytes(path))
    }

    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
