import Foundation
import InsightGraph
import InsightStore
import Testing

/// PostgreSQL dies while ``GraphLoader`` streams a table: the load throws a typed error naming the
/// lost connection and returns no snapshot (so nothing half-read can be published).
///
/// The kill lands mid-stream for sure: it is made from the progress callback (every 4,096 rows),
/// and the table is far larger than the socket buffers, so most of it is still unsent.
@Suite(.serialized) struct LoadFaultTests {
    static let dataset = LargeDataset()

    enum Fault: String, CaseIterable, CustomTestStringConvertible {
        /// `pg_ctl stop -m immediate`: the whole server goes, as in a crash.
        case serverKilled
        /// `pg_terminate_backend`: the server stays, the loading backends are shot.
        case backendTerminated
        var testDescription: String { rawValue }
    }

    @Test(arguments: Fault.allCases, [false, true])
    func faultMidStreamThrowsConnectionLostAndPublishesNothing(fault: Fault, parallelRead: Bool) throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        try Self.dataset.create(in: cluster)
        let admin = try Connection(cluster.conninfo)
        let connection = try Connection(cluster.conninfo(database: "app"))

        // Without a parallel read the first connection streams insights; with it, relationships
        // (the insights stream on a second connection, also killed).
        let streamed = parallelRead ? "character_insight_relationships" : "character_insights"
        var faultAt: LoadProgress?
        var snapshot: GraphSnapshot?
        let error = #expect(throws: StoreError.self) {
            snapshot = try GraphLoader(connection: connection).load(LoadOptions(progressInterval: 0, parallelRead: parallelRead)) {
                progress in
                guard faultAt == nil, progress.phase == .reading, progress.table == streamed else { return }
                faultAt = progress
                switch fault {
                case .serverKilled: try? cluster.kill()
                case .backendTerminated:
                    _ = try? admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'app' AND pid <> pg_backend_pid()")
                }
            }.snapshot
        }
        #expect(snapshot == nil)
        let at = try #require(faultAt, "the progress callback never ran while \(streamed) streamed")
        #expect(at.rowsLoaded < Self.dataset.characters + Self.dataset.insights, "the fault came after the stream ended")
        guard case .connectionLost(let message)? = error else {
            Issue.record("expected connectionLost, got \(String(describing: error))")
            return
        }
        #expect(!message.isEmpty)
        #expect(error?.description.hasPrefix("connection to the server was lost: ") == true)
    }
}

extension LoadFaultTests {
    /// A backend terminated between statements (not mid-stream): the next statement reports the
    /// lost connection, not a failed query (the CLI exits 2, `/healthz` says "database unreachable").
    @Test func backendTerminatedBetweenStatementsIsAConnectionLoss() throws {
        let database = try TestDatabase()
        defer { database.drop() }
        let connection = try database.connect()
        try database.seed(on: connection)
        let pid = try #require(try connection.execute("SELECT pg_backend_pid()").int(0, 0))
        try database.admin.execute("SELECT pg_terminate_backend($1::int, 5000)", [String(pid)])
        let error = #expect(throws: StoreError.self) { try GraphLoader(connection: connection).load() }
        guard case .connectionLost(let message)? = error else {
            Issue.record("expected connectionLost, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("terminating connection due to administrator command; "), "\(message)")
        #expect(!message.contains("\n"))
    }

    /// The server killed while the connection is idle (between two loads, as in the service): the
    /// next statement is a connection loss, however libpq noticed it.
    @Test(arguments: Fault.allCases)
    func faultWhileIdleMakesTheNextStatementAConnectionLoss(fault: Fault) throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        let admin = try Connection(cluster.conninfo)
        let connection = try Connection(cluster.conninfo)
        switch fault {
        case .serverKilled: try cluster.kill()
        case .backendTerminated:
            _ = try admin.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                                  + "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
        }
        for sql in ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "SELECT 1"] {
            let error = #expect(throws: StoreError.self) { try connection.execute(sql) }
            guard case .connectionLost? = error else {
                Issue.record("\(sql): expected connectionLost, got \(String(describing: error))")
                continue
            }
        }
    }

    /// The same through the CLI: `insightgraph stats` exits 2 with the connection-lost message and
    /// prints no statistics. The CLI is stopped (SIGSTOP) while its backend sends a COPY, the test
    /// waits until the server is blocked writing (the stream is not finished), then kills the server
    /// and lets the CLI run on.
    @Test func cliExitsWith2WhenTheServerDiesMidStream() throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        try Self.dataset.create(in: cluster)
        let observer = try Connection(cluster.conninfo)

        let process = Process()
        process.executableURL = CLIBinary.url
        process.arguments = ["stats", "--database", cluster.conninfo(database: "app"), "--format", "json"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try CLIBinary.check()
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        try CLIBinary.pauseMidCopy(process, observer: observer)
        try cluster.kill()
        kill(process.processIdentifier, SIGCONT)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2, "stderr: \(stderr)")
        // One line; nothing printed by libpq on its own (its default notice processor wrote the
        // server's "WARNING: terminating connection due to immediate shutdown command" to stderr).
        #expect(stderr.hasPrefix("insightgraph: connection to the server was lost: "), "stderr: \(stderr)")
        #expect(stderr.contains("server closed the connection unexpectedly"), "stderr: \(stderr)")
        #expect(!stderr.contains("WARNING"), "stderr: \(stderr)")
        #expect(stderr.filter { $0 == "\n" }.count == 1, "stderr: \(stderr)")
        #expect(stdout.isEmpty)
    }
}

/// The `insightgraph` binary next to the test bundle, and a way to freeze it mid-COPY.
enum CLIBinary {
    static var url: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("insightgraph")
    }

    static func check() throws {
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw TestFailure("\(url.path) not found: run `swift build` (or Scripts/test.sh) first")
        }
    }

    /// Stops `process` (SIGSTOP) at a moment when one of its backends is inside a COPY and blocked
    /// sending (`wait_event = ClientWrite`): the stream is then certainly unfinished. Retries when
    /// the stop came as a short COPY ended.
    static func pauseMidCopy(_ process: Process, observer: Connection, timeout: Double = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { throw TestFailure("the CLI exited before its COPY could be caught") }
            let copying = try observer.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = 'app' AND state = 'active' AND query LIKE 'COPY%'")
            guard copying.rowCount > 0 else { usleep(500); continue }
            kill(process.processIdentifier, SIGSTOP)
            for _ in 0..<200 {
                let blocked = try observer.execute("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = 'app' AND state = 'active' AND query LIKE 'COPY%' AND wait_event = 'ClientWrite'
                    """)
                if blocked.int(0, 0) ?? 0 > 0 { return }
                usleep(10_000)
            }
            kill(process.processIdentifier, SIGCONT)  // that COPY ended: catch the next one
        }
        throw TestFailure("never caught the CLI inside a COPY within \(timeout) s")
    }
}
