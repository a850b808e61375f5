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

    /// Reads the file; what the import left out (other tools' columns, hyperedges) is noted on stderr.
    func loadGraph() throws -> LoadedGraph {
        let result: GraphMLImport
        do {
            result = try GraphMLImporter().read(path: source!)
        } catch {
            throw GraphMLCommandError("reading \(source!): \(error)")
        }
        let report = result.report
        var notes: [String] = []
        if !report.ignoredKeys.isEmpty {
            notes.append("ignored \(report.ignoredValues) values of \(report.ignoredKeys.count) unknown keys ("
                         + report.ignoredKeys.prefix(8).joined(separator: ", ") + (report.ignoredKeys.count > 8 ? ", ..." : "") + ")")
        }
        if report.ignoredElements > 0 { notes.append("ignored \(report.ignoredElements) elements a graph of insights cannot hold") }
        if report.ignoredEdges > 0 { notes.append("ignored \(report.ignoredEdges) edges that do not join two insights") }
        if report.generatedInsightIds + report.generatedRelationshipIds > 0 {
            notes.append("gave ids to \(report.generatedInsightIds) nodes and \(report.generatedRelationshipIds) edges without db_id")
        }
        for note in notes { FileHandle.standardError.write(Data("note: \(source!): \(note)\n".utf8)) }
        return LoadedGraph(snapshot: result.snapshot)
    }
}
