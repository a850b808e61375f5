import Foundation
import Testing
@testable import GraphML

/// Exports that run out of space on a real file system: a clear error naming the cause, nothing
/// under the target name, no temporary file left behind, and the space given back.
@Suite(.serialized) struct DiskFullExportTests {
    /// About 1.3 MB of GraphML: far more than the 256 KiB file system holds.
    static let bigGraph = SampleGraphs.chain(characters: 2, insightsPerCharacter: 2_000)
    static let capacity = 256 * 1024

    @Test func libraryExportIntoAFullFileSystemThrowsAndLeavesNothing() throws {
        let fileSystem = try SmallFileSystem(bytes: Self.capacity)
        defer { fileSystem.remove() }
        let free = fileSystem.freeBytes()
        let target = fileSystem.path + "/graph.graphml"
        let error = #expect(throws: GraphMLError.self) {
            try GraphMLExporter(snapshot: Self.bigGraph).write(toFile: target)
        }
        guard case .writeFailed(_, let number)? = error else {
            Issue.record("expected writeFailed, got \(String(describing: error))")
            return
        }
        #expect(number == ENOSPC)
        #expect(error?.description.hasSuffix(" to \(target): No space left on device") == true, "\(String(describing: error))")
        let left = try fileSystem.entries()
        #expect(left == [], "left behind: \(left)")
        #expect(fileSystem.freeBytes() == free, "the temporary file's space was not given back")

        // With room again, an export succeeds and replaces nothing but its own target.
        let small = try GraphMLExporter(snapshot: SampleGraphs.awkward()).write(toFile: target)
        #expect(small.nodes > 0)
        #expect(try fileSystem.entries() == ["graph.graphml"])
    }

    /// A previous export under the target name survives a later one that runs out of space.
    @Test func previousFileSurvivesAnExportThatRunsOutOfSpace() throws {
        let fileSystem = try SmallFileSystem(bytes: Self.capacity)
        defer { fileSystem.remove() }
        let target = fileSystem.path + "/graph.graphml"
        try GraphMLExporter(snapshot: SampleGraphs.awkward()).write(toFile: target)
        let previous = try TestFiles.bytes(target)
        #expect(throws: GraphMLError.self) { try GraphMLExporter(snapshot: Self.bigGraph).write(toFile: target) }
        #expect(try TestFiles.bytes(target) == previous)
        #expect(try fileSystem.entries() == ["graph.graphml"])
    }

    enum Limit: String, CaseIterable, CustomTestStringConvertible {
        /// The tmpfs above fills up: ENOSPC.
        case fullFileSystem
        /// `ulimit -f` (RLIMIT_FSIZE) in the child, SIGXFSZ ignored: EFBIG. Needs no privilege.
        case fileSizeLimit
        var testDescription: String { rawValue }
    }

    /// `insightgraph export` as a user runs it: exit 1, one line naming the cause, no file left.
    @Test(arguments: Limit.allCases)
    func cliExportThatRunsOutOfSpaceExits1AndLeavesNothing(limit: Limit) throws {
        let dir = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(dir) }
        let (source, _) = try TestFiles.export(Self.bigGraph, in: dir, name: "source.graphml")
        let fileSystem = try limit == .fullFileSystem ? SmallFileSystem(bytes: Self.capacity) : nil
        defer { fileSystem?.remove() }
        let outputDirectory = fileSystem?.path ?? dir.appendingPathComponent("out").path
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let target = outputDirectory + "/graph.graphml"

        // /bin/sh sets the limit (dash counts 512-byte blocks: 128 KiB) and ignores SIGXFSZ, which
        // the exec'd CLI inherits, so the write fails with EFBIG instead of killing the process.
        let prefix = limit == .fileSizeLimit ? "trap '' XFSZ; ulimit -f 256; " : ""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", prefix + #"exec "$0" "$@""#, ExportCommandTests.binary,
                             "export", "--source", source, "-o", target]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1, "stderr: \(stderr)")
        let cause = limit == .fileSizeLimit ? "File too large" : "No space left on device"
        #expect(stderr.hasPrefix("insightgraph: GraphML write failed while "), "stderr: \(stderr)")
        #expect(stderr.hasSuffix(" to \(target): \(cause)\n"), "stderr: \(stderr)")
        #expect(stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outputDirectory) == [])
    }
}
