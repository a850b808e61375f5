import ArgumentParser
import Foundation
import GraphML
import InsightGraph

/// Where `export` reads its graph from.
///
/// Stand-in until the store helper's shared `GraphSourceOptions` (PostgreSQL via `--database`,
/// `--character`) reaches this branch: then `--source FILE.graphml` moves into that option group,
/// ExportCommand uses it instead of this type, and this file is deleted. The option names match so
/// the command line stays the same; the members (`characters`, `quiet`, `loadGraph().snapshot`)
/// mirror `GraphSourceOptions` so the swap is a one-word change in ExportCommand.
struct ExportSourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read the graph from a GraphML file (an earlier export).", valueName: "file.graphml"))
    var source: String?

    @Option(name: .customLong("character"), help: ArgumentHelp(
        "Export only this character (normalized_name, name or id, any case). Repeatable.", valueName: "name"))
    var characters: [String] = []

    @Flag(name: .long, help: "No progress display.")
    var quiet = false

    struct LoadedGraph {
        var snapshot: GraphSnapshot
    }

    func validate() throws {
        guard source != nil else {
            throw ValidationError("Missing --source FILE.graphml (the PostgreSQL source arrives with --database).")
        }
    }

    /// Only the chosen characters' rows when `--character` is given, as the database load does.
    func loadGraph() throws -> LoadedGraph {
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        return LoadedGraph(snapshot: try GraphMLFileSource.load(path: source!, characters: characters, showProgress: showProgress))
    }
}
