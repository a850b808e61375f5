import Foundation

/// A PostgreSQL cluster of this test's own (unix socket in a temp dir), so the test can stop and
/// restart it without disturbing tests that share the Scripts/with-postgres.sh server.
/// Runs initdb/pg_ctl as `postgres` when we are root, like Scripts/with-postgres.sh.
final class PrivateCluster: @unchecked Sendable {
    let directory: URL
    var socketDirectory: String { directory.appendingPathComponent("socket").path }
    var dataDirectory: String { directory.appendingPathComponent("data").path }
    var conninfo: String { "host=\(socketDirectory) port=5432 user=postgres dbname=postgres connect_timeout=2" }
    private let bin: String

    init() throws {
        let candidates = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = candidates.sorted(by: { $0.compare($1, options: .numeric) == .orderedDescending }).first(where: {
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
        }) else { throw TestDatabaseError("initdb not found under /usr/lib/postgresql: run Scripts/install-deps.sh") }
        bin = "/usr/lib/postgresql/\(version)/bin"
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("igserver-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        if getuid() == 0 { try run("/bin/chown", ["-R", "postgres:", directory.path], asOwner: false) }
        try run("\(bin)/initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8"])
        try start()
    }

    func start() throws {
        try run("\(bin)/pg_ctl", ["-D", dataDirectory, "-l", directory.appendingPathComponent("log").path, "-w",
                                  "-o", "-c listen_addresses='' -k \(socketDirectory) -p 5432 -c fsync=off", "start"])
    }

    func stop() throws {
        try run("\(bin)/pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "stop"])
    }

    /// Kills the server as a crash would: `pg_ctl stop -m immediate` (every backend quits at once,
    /// no shutdown checkpoint; the next start runs crash recovery). Returns once it is gone.
    func kill() throws {
        try run("\(bin)/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
    }

    /// A connection to database `name` of this cluster.
    func conninfo(database name: String) -> String { conninfo + " dbname=\(name)" }

    /// Stops the server and deletes its files.
    func destroy() {
        try? run("\(bin)/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a tool through `/bin/sh` with `system()`, output to a file. (Foundation's `Process`
    /// never reported pg_ctl's exit here: the postmaster it leaves running inherits its descriptors.)
    private func run(_ tool: String, _ arguments: [String], asOwner: Bool = true) throws {
        let outputPath = NSTemporaryDirectory() + "igserver-tool-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var words = [tool] + arguments
        if asOwner && getuid() == 0 { words = ["runuser", "-u", "postgres", "--"] + words }
        let command = words.map(Self.shellQuote).joined(separator: " ") + " </dev/null >\(outputPath) 2>&1"
        let status = system(command)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw TestDatabaseError("\((tool as NSString).lastPathComponent) failed (\(status)): \(text)")
        }
    }

    private static func shellQuote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
