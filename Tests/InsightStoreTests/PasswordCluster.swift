import Foundation
@testable import InsightStore

/// A PostgreSQL cluster of this test's own (unix socket in a temp dir) where the role ``role`` must
/// log in with a SCRAM-SHA-256 password; `postgres` keeps trust auth to set things up. The shared
/// Scripts/with-postgres.sh server trusts everyone, so a refused password cannot be tested there.
/// Runs initdb/pg_ctl as `postgres` when we are root, like Scripts/with-postgres.sh.
final class PasswordCluster: @unchecked Sendable {
    static let role = "ig_pw_user"
    static let database = "pwapp"
    let directory: URL
    var socketDirectory: String { directory.appendingPathComponent("socket").path }
    private var dataDirectory: String { directory.appendingPathComponent("data").path }
    private let bin: String

    /// conninfo for ``role`` on ``database`` with no password (add one, or set PGPASSWORD).
    var conninfo: String { "host=\(socketDirectory) port=5432 user=\(Self.role) dbname=\(Self.database) connect_timeout=5" }

    /// Starts the cluster, creates the role with `password`, its database and the seed schema.
    init(password: String) throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedDescending }).first(where: {
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
        }) else { throw ClusterError(description: "initdb not found under /usr/lib/postgresql: run Scripts/install-deps.sh") }
        bin = "/usr/lib/postgresql/\(version)/bin"
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("igstore-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        if getuid() == 0 { try run(["/bin/chown", "-R", "postgres:", directory.path], asOwner: false) }
        try run(["\(bin)/initdb", "-D", dataDirectory, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"])
        let rules = """
            local all postgres trust
            local all all scram-sha-256

            """
        try rules.write(toFile: dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
        try run(["\(bin)/pg_ctl", "-D", dataDirectory, "-l", directory.appendingPathComponent("log").path, "-w",
                 "-o", "-c listen_addresses='' -k \(socketDirectory) -p 5432 -c fsync=off -c password_encryption=scram-sha-256",
                 "start"])
        let admin = try Connection("host=\(socketDirectory) port=5432 user=postgres dbname=postgres")
        // Identifiers are our constants; the password travels as a parameter into format().
        let create = try admin.execute("SELECT format('CREATE ROLE \(Self.role) LOGIN PASSWORD %L', $1::text)", [password])
        try admin.execute(create.string(0, 0)!)
        try admin.execute("CREATE DATABASE \(Self.database) OWNER \(Self.role)")
    }

    /// Stops the server and deletes its files.
    func destroy() {
        try? run(["\(bin)/pg_ctl", "-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    struct ClusterError: Error, CustomStringConvertible { var description: String }

    /// Runs a tool through `/bin/sh` with output to a file (pg_ctl's postmaster keeps inherited pipes open).
    private func run(_ words: [String], asOwner: Bool = true) throws {
        let output = NSTemporaryDirectory() + "igstore-tool-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = (asOwner && getuid() == 0 ? ["runuser", "-u", "postgres", "--"] + words : words)
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let status = system(command + " </dev/null >\(output) 2>&1")
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw ClusterError(description: "\((words[0] as NSString).lastPathComponent) failed (\(status)): \(text)")
        }
    }
}
