import Foundation
import Testing
@testable import GraphML

/// Runs `Scripts/check_graphml_networkx.py` on exports: NetworkX must read the same nodes, edges and
/// values as the summary built from the rows. Fails (never skips) when python3 + networkx are absent.
@Suite struct GraphMLSummaryTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/check_graphml_networkx.py").path

    static let cases: [GraphMLExportOptions] = [
        .init(), .init(flavour: .yed), .init(withCharacters: true, withTimeline: true),
        .init(flavour: .yed, withCharacters: true, withTimeline: true),
        .init(scope: .neighbourhood(insightId: 10, hops: 1)),
    ]

    @Test(arguments: cases)
    func networkxReadsWhatTheSummarySays(_ options: GraphMLExportOptions) throws {
        let dir = try TestFiles.temporaryDirectory()
        let graph = SampleGraphs.awkward()
        let (path, _) = try TestFiles.export(graph, options, in: dir)
        try GraphMLSummary.json(snapshot: graph, options: options).write(toFile: path + ".summary.json", atomically: true, encoding: .utf8)
        let (status, output) = try Self.run(["python3", Self.script, path])
        #expect(status == 0, "\(output)\n(needs python3 with networkx: Scripts/test.sh installs it)")
        #expect(output.hasPrefix("ok: NetworkX"), "\(output)")
    }

    @Test func theCheckNoticesADifference() throws {
        let dir = try TestFiles.temporaryDirectory()
        let graph = SampleGraphs.awkward()
        let (path, _) = try TestFiles.export(graph, in: dir)
        var summary = try GraphMLSummary.json(snapshot: graph, options: .init())
        summary = summary.replacingOccurrences(of: "\"confidence_score\":0.75", with: "\"confidence_score\":0.76")
        try summary.write(toFile: path + ".summary.json", atomically: true, encoding: .utf8)
        let (status, output) = try Self.run(["python3", Self.script, path])
        #expect(status == 1)
        #expect(output.contains("node i10.confidence_score: expected 0.76, NetworkX read 0.75"), "\(output)")
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
