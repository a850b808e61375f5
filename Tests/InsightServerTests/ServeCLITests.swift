import Foundation
import InsightStore
import Testing
@testable import InsightServer

/// The `insightgraph` binary as a supervisor and a user meet it: `serve` failing fast and saying
/// why, `--version`, help texts, option names (issue 16, items 5 and "Smaller").
@Suite struct ServeCLITests {
    struct Run { var status: Int32; var stdout: String; var stderr: String; var timedOut: Bool }

    /// Runs the binary; after `timeout` seconds sends SIGTERM (`timedOut`: it was still running).
    static func run(_ arguments: [String], timeout: Double = 30, environment: [String: String] = [:]) throws -> Run {
        try CLIBinary.check()
        let process = Process()
        process.executableURL = CLIBinary.url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain both pipes while waiting, so a chatty process never blocks on a full pipe.
        nonisolated(unsafe) var stdout = Data(), stderr = Data()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                if isOut { stdout = data } else { stderr = data }
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut)
    }

    // MARK: serve fails fast

    @Test func serveExitsWhenTheDatabaseIsUnreachable() throws {
        let run = try Self.run(["serve", "--port", "0", "--log-level", "error",
                                "--database", "host=/nonexistent/ig-socket dbname=catalog"])
        #expect(!run.timedOut)
        #expect(run.status == 2)
        #expect(run.stderr.contains(#"insightgraph: serve: the first load failed: could not connect to database "catalog" on host "/nonexistent/ig-socket""#))
        #expect(run.stderr.contains("start with --wait-for-database to keep retrying"))
    }

    @Test func serveExitsWhenTheDatabaseDoesNotExist() throws {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else { return }
        let run = try Self.run(["serve", "--port", "0", "--log-level", "error", "--database", "dbname=ig_no_such_database"])
        #expect(!run.timedOut)
        #expect(run.status == 2)
        #expect(run.stderr.contains("the first load failed") && run.stderr.contains("ig_no_such_database"))
    }

    @Test func serveExitsWhenTheLoginIsRefused() throws {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else { return }
        let run = try Self.run(["serve", "--port", "0", "--log-level", "error",
                                "--database", "dbname=postgres user=ig_no_such_role"])
        #expect(!run.timedOut)
        #expect(run.status == 2)
        #expect(run.stderr.contains("the first load failed") && run.stderr.contains("ig_no_such_role"))
    }

    @Test func serveExitsWhenAConfiguredCharacterIsMissing() throws {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else { return }
        let database = try TestDatabase()
        defer { database.drop() }
        try database.seed(on: database.connect())
        let run = try Self.run(["serve", "--port", "0", "--log-level", "error", "--database", database.conninfo,
                                "--character", "elenna"])
        #expect(!run.timedOut)
        #expect(run.status == 1)
        #expect(run.stderr.contains("the first load failed") && run.stderr.contains("elenna"))
        #expect(run.stderr.contains("elena"))  // the close name
    }

    @Test func serveWithWaitForDatabaseKeepsRetrying() throws {
        let run = try Self.run(["serve", "--port", "0", "--log-level", "error", "--wait-for-database",
                                "--database", "host=/nonexistent/ig-socket dbname=catalog"], timeout: 3)
        #expect(run.timedOut)
        #expect(run.status == 0)  // SIGTERM: graceful shutdown
        #expect(!run.stderr.contains("first load failed"))
    }

    @Test func portInUseNamesHostAndPort() throws {
        let (socket, port) = try Self.listeningSocket()
        defer { close(socket) }
        let run = try Self.run(["serve", "--host", "127.0.0.1", "--port", String(port), "--log-level", "critical",
                                "--wait-for-database", "--database", "host=/nonexistent/ig-socket dbname=catalog"])
        #expect(!run.timedOut)
        #expect(run.status == 1)
        #expect(run.stderr.contains("insightgraph: serve: cannot listen on 127.0.0.1:\(port): the address is already in use"))
        #expect(!run.stderr.contains("bind(descriptor"))
    }

    /// A loopback TCP socket listening on a free port.
    static func listeningSocket() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                bind(fd, sockaddrPointer, length) == 0 && listen(fd, 1) == 0
                    && getsockname(fd, sockaddrPointer, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw TestFailure("could not open a listening socket") }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    // MARK: --version and help texts

    @Test func versionIsDefinedOnce() throws {
        let run = try Self.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == InsightGraphVersion.current + "\n")
    }

    @Test func shellCompletionIsDocumentedAndWorks() throws {
        let help = try Self.run(["--help"], environment: ["COLUMNS": "80"])
        #expect(help.stdout.contains("Shell completion: `insightgraph --generate-completion-script bash`"))
        for shell in ["bash", "zsh", "fish"] {
            let script = try Self.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.stdout.contains("insightgraph") && script.stdout.contains("serve"))
        }
    }

    /// Greedy wrapping: no line of a paragraph could have taken the next line's first word
    /// (ArgumentParser's lines are at most 79 characters at 80 columns).
    @Test(arguments: [["--help"], ["serve", "--help"], ["query", "--help"], ["export", "--help"], ["ingest", "--help"],
                      ["schema", "check", "--help"]])
    func helpParagraphsAreNotRaggedlyWrapped(arguments: [String]) throws {
        let run = try Self.run(arguments, environment: ["COLUMNS": "80"])
        #expect(run.status == 0)
        let prose = run.stdout.components(separatedBy: "\nUSAGE:")[0].components(separatedBy: "\n")
        for (line, next) in zip(prose, prose.dropFirst()) where !line.isEmpty && !next.isEmpty {
            let firstWord = next.split(separator: " ").first.map(String.init) ?? ""
            #expect(line.count + 1 + firstWord.count > 79, "ragged break after: \(line)")
        }
    }

    @Test func schemaCheckHelpStatesTheExitCodeItUses() throws {
        let run = try Self.run(["schema", "check", "--help"])
        #expect(run.stdout.contains("exit 0 if identical, 7 if it differs"))
        #expect(!run.stdout.contains("exit 4"))
    }

    @Test func schemaCheckExitsWith7WhenTheSchemaDiffers() throws {
        guard ProcessInfo.processInfo.environment["PGHOST"] != nil else { return }
        let database = try TestDatabase()
        defer { database.drop() }
        try database.connect().execute("CREATE TABLE characters (id int)")
        let run = try Self.run(["schema", "check", "--database", database.conninfo])
        #expect(run.status == 7)
    }

    @Test func queryRefusesAParameterTheQueryDoesNotHave() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let graphml = root.appendingPathComponent("Exports/demo.graphml").path
        let file = root.appendingPathComponent("Queries/01-prompt-context.igq").path
        let typo = try Self.run(["query", file, "--source", graphml, "--param", "mesage=coral"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("--param mesage: the query has no $mesage (it takes: $message)"))
        let right = try Self.run(["query", file, "--source", graphml, "--param", "message=coral", "--format", "json"])
        #expect(right.status == 0, "\(right.stderr)")
        let none = try Self.run(["query", "-e", "FROM CHARACTER 'elena' RETURN id", "--source", graphml, "--param", "x=1"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("--param x: the query has no $x (it takes no parameters)"))
    }

    @Test func exportFormatIsTableOrJSONLikeEverywhere() throws {
        let help = try Self.run(["export", "--help"])
        #expect(help.stdout.contains("(values: table, json;"))
        let graphml = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Exports/demo.graphml").path
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ig-export-\(UUID().uuidString).graphml").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        for format in ["table", "text"] {  // text: the old name, still accepted
            let run = try Self.run(["export", "--source", graphml, "--format", format, "-o", out])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            #expect(run.stdout.hasPrefix("wrote 122 nodes"))
        }
        let bad = try Self.run(["export", "--source", graphml, "--format", "xml", "-o", out])
        #expect(bad.status == 1)
    }
}
