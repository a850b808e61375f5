import Foundation
import Testing
@testable import GraphML

/// `insightgraph export` run as a user would, from a GraphML source: files, stdout, exit codes.
/// (The PostgreSQL source is the store's loader, exercised by its own tests.)
@Suite struct ExportCommandTests {
    struct Run { var status: Int32; var stdout: String; var stderr: String; var stdoutBytes: [UInt8] }

    /// The binary next to the test bundle (`swift test` builds it with the tests).
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("insightgraph").path
    }

    static func run(_ arguments: [String]) throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) not found: run `swift build` first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self), stdoutBytes: [UInt8](stdout))
    }

    @Test func exportsFromAGraphMLSource() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let options = GraphMLExportOptions(withTimeline: true)
        let (source, _) = try TestFiles.export(SampleGraphs.awkward(), options, in: dir, name: "source.graphml")
        let out = dir.appendingPathComponent("out.graphml").path
        let run = try Self.run(["export", "--source", source, "--with-timeline", "-o", out, "--format", "json",
                                "--summary", out + ".summary.json", "--check-schema", TestFiles.schemaPath])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try TestFiles.bytes(out) == TestFiles.bytes(source))
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(report?["nodes"] as? Int == 10 && report?["edges"] as? Int == 13 && report?["output"] as? String == out)
        // The source already holds U+FFFD, so nothing more is replaced.
        #expect((report?["replaced_characters"] as? [String: Int])?.isEmpty == true)
        #expect(FileManager.default.fileExists(atPath: out + ".summary.json"))
    }

    @Test func exportsAQueryResult() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (source, _) = try TestFiles.export(SampleGraphs.awkward(), .init(), in: dir, name: "source.graphml")
        let out = dir.appendingPathComponent("path.graphml").path
        // 101 (11 → 10) has a NaN strength and is never walked, so BOTH finds 100 backwards: two insights, one edge.
        let run = try Self.run(["export", "--source", source, "-e", "PATH FROM INSIGHT 11 TO INSIGHT 10 BOTH RETURN id",
                                "-o", out, "--format", "json", "--check-schema", TestFiles.schemaPath])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(report?["insights"] as? Int == 2 && report?["relationships"] as? Int == 1, "\(run.stdout)")

        let bad = try Self.run(["export", "--source", source, "-e", "PATH FROM INSIGHT 11 TO", "-o", out + ".bad"])
        #expect(bad.status == 4)
        #expect(bad.stderr.hasPrefix("<query>:1:"))
        #expect(!FileManager.default.fileExists(atPath: out + ".bad"))
    }

    @Test func standardOutputCarriesOnlyTheDocument() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (source, _) = try TestFiles.export(SampleGraphs.awkward(), .init(flavour: .yed), in: dir, name: "source.graphml")
        let run = try Self.run(["export", "--source", source, "--flavour", "yed", "-o", "-"])
        #expect(run.status == 0)
        #expect(run.stdoutBytes == (try TestFiles.bytes(source)))
        #expect(run.stderr.hasPrefix("wrote 5 nodes (5 insights), 7 edges"))
    }

    @Test func scopesFromTheCommandLine() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (source, _) = try TestFiles.export(SampleGraphs.awkward(), .init(withCharacters: true), in: dir, name: "source.graphml")
        let around = try Self.run(["export", "--source", source, "--around", "10", "--hops", "1", "-o", "-"])
        #expect(around.status == 0 && around.stderr.hasPrefix("wrote 4 nodes (4 insights), 4 edges"), "\(around.stderr)")
        let elena = try Self.run(["export", "--source", source, "--character", "ELENA", "--with-characters", "-o", "-"])
        #expect(elena.status == 0 && elena.stderr.hasPrefix("wrote 3 nodes (2 insights, 1 characters), 4 edges"), "\(elena.stderr)")
    }

    @Test func failuresExitWith1AndSayWhere() throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let bad = dir.appendingPathComponent("bad.graphml")
        try Data("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<graph>\n<node id=\"a\"/>\n<edge source=\"a\" target=\"b\"/>\n</graph></graphml>".utf8).write(to: bad)
        let dangling = try Self.run(["export", "--source", bad.path, "-o", dir.appendingPathComponent("x.graphml").path])
        #expect(dangling.status == 1)
        #expect(dangling.stderr == "insightgraph: reading \(bad.path): line 4: edge \"a->b\" refers to node \"b\", which the file does not contain\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.graphml"])

        let (source, _) = try TestFiles.export(SampleGraphs.awkward(), in: dir, name: "source.graphml")
        let unknown = try Self.run(["export", "--source", source, "--around", "999", "-o", "-"])
        #expect(unknown.status == 1 && unknown.stderr == "insightgraph: no insight with id 999 in the graph\n")
        let usage = try Self.run(["export", "--source", source, "--hops", "2", "-o", "-"])
        #expect(usage.status == 1 && usage.stderr.contains("--hops needs --around ID."))
        let both = try Self.run(["export", "--source", source, "--database", "dbname=x", "-o", "-"])
        #expect(both.status == 1 && both.stderr.contains("Use either --source FILE.graphml or --database, not both."))
        let yedSchema = try Self.run(["export", "--source", source, "--flavour", "yed", "--check-schema", TestFiles.schemaPath, "-o", "x"])
        #expect(yedSchema.status == 1)
    }
}
