import Foundation
import Testing
@testable import InsightStore

/// A login the server refuses: exit code 2, a message naming the failure, host and database, and
/// the password never printed; the right password works from PGPASSWORD or a URI.
@Suite struct PasswordAuthTests {
    static let password = "Right-Pass-7q"
    static let wrong = "Wrong-Pass-3z"

    @Test func refusedPasswordExitsWith2AndRightOneWorks() throws {
        let cluster = try PasswordCluster(password: Self.password)
        defer { cluster.destroy() }
        let setup = try Connection(cluster.conninfo + " password=\(Self.password)")
        try setup.executeScript(SchemaDDL.seedSQL + IngestTestSupport.characters)

        let wrong = try CLITests.run(["stats", "--database", cluster.conninfo + " password=\(Self.wrong)"])
        #expect(wrong.status == 2)
        #expect(wrong.stdout.isEmpty)
        let expectedStart = "insightgraph: authentication failed for user \"\(PasswordCluster.role)\" on database "
            + "\"\(PasswordCluster.database)\" at host \"\(cluster.socketDirectory)\": "
        #expect(wrong.stderr.hasPrefix(expectedStart), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("password authentication failed for user \"\(PasswordCluster.role)\""))

        // The same through PGPASSWORD, and with no password at all: still 2, still nothing echoed.
        let wrongEnv = try CLITests.run(["stats", "--database", cluster.conninfo], environment: ["PGPASSWORD": Self.wrong])
        #expect(wrongEnv.status == 2 && wrongEnv.stderr.hasPrefix(expectedStart))
        let none = try CLITests.run(["stats", "--database", cluster.conninfo], environment: ["PGPASSWORD": ""])
        #expect(none.status == 2 && none.stderr.hasPrefix(expectedStart), "\(none.stderr)")
        for run in [wrong, wrongEnv, none] {
            #expect(!run.stderr.contains(Self.wrong) && !run.stderr.contains(Self.password))
            #expect(!run.stdout.contains(Self.wrong) && !run.stdout.contains(Self.password))
        }

        let fromEnvironment = try CLITests.run(["stats", "--database", cluster.conninfo, "--format", "json"],
                                               environment: ["PGPASSWORD": Self.password])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(fromEnvironment.stdout.utf8)) as? [String: Any])
        #expect((json["totals"] as? [String: Int])?["characters"] == 2)

        let socket = cluster.socketDirectory.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let uri = "postgresql://\(PasswordCluster.role):\(Self.password)@/\(PasswordCluster.database)?host=\(socket)&port=5432"
        let fromURI = try CLITests.run(["stats", "--database", uri], environment: ["PGPASSWORD": ""])
        #expect(fromURI.status == 0, "\(fromURI.stderr)")
        #expect(fromURI.stdout.contains("elena"))
    }
}
