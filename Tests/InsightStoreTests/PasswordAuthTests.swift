import Foundation
import Testing
@testable import InsightStore

/// A login the server refuses: exit code 2, a message naming the failure, host and database, and
/// the password never printed; the right password works from PGPASSWORD or a URI.
@Suite struct PasswordAuthTests {
    static let password = "Right-Pass-7q"
    static let wrong = "Wrong-Pass-3z"

    /// Async, with the blocking steps (starting a cluster, running the binary) on threads of their
    /// own, so they do not hold one of the few threads async tests of other suites run on.
    @Test func refusedPasswordExitsWith2AndRightOneWorks() async throws {
        let password = Self.password, wrongPassword = Self.wrong
        let cluster = try await onOwnThread { try PasswordCluster(password: password) }
        defer { cluster.destroy() }
        let conninfo = cluster.conninfo
        try await onOwnThread {
            try Connection(conninfo + " password=\(password)").executeScript(SchemaDDL.seedSQL + IngestTestSupport.characters)
        }
        func run(_ arguments: [String], _ environment: [String: String] = [:]) async throws -> CLITests.Run {
            try await onOwnThread { try CLITests.run(arguments, environment: environment) }
        }

        let wrong = try await run(["stats", "--database", conninfo + " password=\(wrongPassword)"])
        #expect(wrong.status == 2)
        #expect(wrong.stdout.isEmpty)
        let expectedStart = "insightgraph: authentication failed for user \"\(PasswordCluster.role)\" on database "
            + "\"\(PasswordCluster.database)\" at host \"\(cluster.socketDirectory)\": "
        #expect(wrong.stderr.hasPrefix(expectedStart), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("password authentication failed for user \"\(PasswordCluster.role)\""))

        // The same through PGPASSWORD, and with no password at all: still 2, still nothing echoed.
        let wrongEnv = try await run(["stats", "--database", conninfo], ["PGPASSWORD": wrongPassword])
        #expect(wrongEnv.status == 2 && wrongEnv.stderr.hasPrefix(expectedStart))
        let none = try await run(["stats", "--database", conninfo], ["PGPASSWORD": ""])
        #expect(none.status == 2 && none.stderr.hasPrefix(expectedStart), "\(none.stderr)")
        for result in [wrong, wrongEnv, none] {
            #expect(!result.stderr.contains(wrongPassword) && !result.stderr.contains(password))
            #expect(!result.stdout.contains(wrongPassword) && !result.stdout.contains(password))
        }

        let fromEnvironment = try await run(["stats", "--database", conninfo, "--format", "json"], ["PGPASSWORD": password])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(fromEnvironment.stdout.utf8)) as? [String: Any])
        #expect((json["totals"] as? [String: Int])?["characters"] == 2)

        let socket = cluster.socketDirectory.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let uri = "postgresql://\(PasswordCluster.role):\(password)@/\(PasswordCluster.database)?host=\(socket)&port=5432"
        let fromURI = try await run(["stats", "--database", uri], ["PGPASSWORD": ""])
        #expect(fromURI.status == 0, "\(fromURI.stderr)")
        #expect(fromURI.stdout.contains("elena"))
    }
}

/// Runs blocking `body` on a new thread and awaits its result.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
