import ArgumentParser
import Foundation
import InsightGraph
import InsightStore

/// `--database`: where PostgreSQL is. Shared by every command that talks to the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A libpq conninfo string ('host=/tmp dbname=app') or a postgresql:// URI. Default: the PG* environment variables, as psql uses them.",
        valueName: "conninfo-or-uri"))
    var database: String?

    func connect() throws -> Connection {
        try Connection(database ?? "")
    }
}

/// Where a command's graph comes from, and which characters: shared by every command that reads a graph.
///
/// PostgreSQL (`--database`, or the PG* environment) or a GraphML file (`--source FILE.graphml`, an
/// earlier `insightgraph export`), so the engine can run offline from a snapshot.
struct GraphSourceOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp(
        "Read the graph from a GraphML file (an earlier `insightgraph export`) instead of the database.",
        valueName: "file.graphml"))
    var source: String?

    @Option(name: .customLong("character"), help: ArgumentHelp(
        "Load only this character (its normalized_name or name, any case). Repeatable, except for retrieve, which ranks for exactly one.",
        valueName: "name"))
    var characters: [String] = []

    @Flag(name: .long, help: "No progress display while loading.")
    var quiet = false

    /// A loaded graph and, for database sources, how the load went.
    struct LoadedGraph {
        var snapshot: GraphSnapshot
        var stats: LoadStats?
    }

    func validate() throws {
        if source != nil && database.database != nil {
            throw ValidationError("Use either --source FILE.graphml or --database, not both.")
        }
    }

    /// Loads the graph, showing progress on stderr only when it is a terminal (and not `--quiet`).
    func loadGraph() throws -> LoadedGraph {
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        if let source {
            let snapshot = try GraphMLFileSource.load(path: source, characters: characters, showProgress: showProgress)
            GraphSourceOptions.keepUntilExit(snapshot)
            return LoadedGraph(snapshot: snapshot, stats: nil)
        }
        let connection = try database.connect()
        let display = showProgress ? ProgressDisplay() : nil
        let result = try GraphLoader(connection: connection).load(
            LoadOptions(characterNames: characters),
            progress: display.map { display in { display.show($0) } })
        display?.finish()
        GraphSourceOptions.keepUntilExit(result.snapshot)
        return LoadedGraph(snapshot: result.snapshot, stats: result.stats)
    }

    /// Graphs a command loaded stay referenced until the process ends: freeing millions of rows one
    /// by one at exit costs seconds on large graphs, and the OS reclaims the memory at once.
    nonisolated(unsafe) private static var loadedGraphs: [GraphSnapshot] = []
    private static func keepUntilExit(_ graph: GraphSnapshot) { loadedGraphs.append(graph) }
}

/// One self-overwriting line on stderr: `loading character_insights: 1,234,567 rows, 812,000 rows/s, 45%`.
final class ProgressDisplay {
    private var shown = false

    func show(_ progress: LoadProgress) {
        if progress.phase == .building {
            FileHandle.standardError.write(Data("\r\u{1B}[Kbuilding the graph from \(Self.grouped(progress.rowsLoaded)) rows...".utf8))
            shown = true
            return
        }
        var line = "loading \(progress.table): \(Self.grouped(progress.rowsLoaded)) rows, "
            + "\(Self.grouped(Int(progress.rowsPerSecond))) rows/s"
        if let percent = progress.percent { line += ", \(Int(percent))%" }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}
