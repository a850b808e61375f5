import ArgumentParser
import Foundation
import GraphML
import InsightGraph

extension GraphMLFlavour: ExpressibleByArgument {}

/// `insightgraph export`: write the graph, or part of it, as GraphML for Gephi, yEd, Cytoscape,
/// NetworkX or igraph.
///
/// The report (`--format json`, keys sorted, stable) goes to stdout, or to stderr with `-o -`:
/// `{"bytes", "characters", "edges", "insights", "learning_events", "nodes", "output",
///   "relationships", "replaced_characters": {"<column>": n}}`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the graph as GraphML (standard or yEd flavour).",
        discussion: """
            The graph comes from PostgreSQL (--database or the PG* environment) or from a GraphML file \
            (--source). Scopes: the whole graph (default), --character NAME (repeatable: only those \
            characters are loaded), --around ID --hops N (the insight and everything within N \
            relationships, either direction, among the loaded characters). A query's result \
            (--query FILE / -e TEXT) arrives with the IGQ language.
            """
    )

    /// `table|json` like every other command; `text`, the old name of `table`, is still accepted.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
        init?(argument: String) {
            if argument == "text" { self = .table; return }
            self.init(rawValue: argument)
        }
    }

    @OptionGroup var source: GraphSourceOptions

    @Option(name: .long, help: ArgumentHelp("Export the insight with this id and its neighbourhood.", valueName: "insight-id"))
    var around: Int?

    @Option(name: .long, help: "With --around: how many relationships away to go (default 1).")
    var hops: Int?

    @Option(name: .long, help: "standard (valid GraphML for Gephi, Cytoscape, NetworkX, igraph) or yed (labels shown in yEd).")
    var flavour: GraphMLFlavour = .standard

    @Flag(name: .long, help: "Add a node per character and has_insight edges to its insights.")
    var withCharacters = false

    @Flag(name: .long, help: "Add the characters' learning events as nodes (implies --with-characters).")
    var withTimeline = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write; - for standard output.", valueName: "file"))
    var output: String

    @Option(name: .long, help: ArgumentHelp("Also write a JSON summary of every node and edge (for Scripts/check_graphml.py networkx).", valueName: "file"))
    var summary: String?

    @Option(name: .long, help: ArgumentHelp("Validate the written file against this XSD (standard flavour only).", valueName: "graphml.xsd"))
    var checkSchema: String?

    @Option(name: .customLong("query"), help: ArgumentHelp("Export the result subgraph of this IGQ query file.", valueName: "file.igq"))
    var queryFile: String?

    @Option(name: [.customShort("e"), .customLong("expression")], help: ArgumentHelp("Export the result subgraph of this IGQ query text.", valueName: "text"))
    var expression: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("A query parameter, name=value; repeatable.", valueName: "name=value"))
    var parameters: [String] = []

    @Option(name: .long, help: "Report format: table or json.")
    var format: Format = .table

    func validate() throws {
        if queryFile != nil && expression != nil { throw ValidationError("give --query FILE or -e TEXT, not both.") }
        if (queryFile != nil || expression != nil) && around != nil {
            throw ValidationError("--around and a query both choose what to export; give one.")
        }
        try QueryInput.validate(parameters: parameters)
        if hops != nil && around == nil { throw ValidationError("--hops needs --around ID.") }
        if let hops, hops < 0 { throw ValidationError("--hops must be 0 or more.") }
        if checkSchema != nil && flavour == .yed {
            throw ValidationError("--check-schema applies to the standard flavour; yEd markup is outside the GraphML schema.")
        }
        if checkSchema != nil && output == "-" { throw ValidationError("--check-schema needs -o FILE.") }
    }

    /// The scope from the options. `--character` already limited what was loaded, so it needs no
    /// scope of its own; a query's result becomes a `.subset` of its insights and relationships.
    func scope(in snapshot: GraphSnapshot, query: QueryInput?) -> GraphMLScope {
        if let query {
            let subgraph = query.run(on: snapshot).subgraph
            return .subset(insightIds: subgraph.insightIds, relationshipIds: subgraph.relationshipIds)
        }
        if let around { return .neighbourhood(insightId: around, hops: hops ?? 1) }
        return .wholeGraph
    }

    func run() throws {
        let query = (queryFile != nil || expression != nil)
            ? try QueryInput(file: queryFile, expression: expression, parameters: parameters) : nil
        query?.checkSyntax()
        let snapshot = try source.loadGraph().snapshot
        let scope = scope(in: snapshot, query: query)
        let options = GraphMLExportOptions(flavour: flavour, scope: scope, withCharacters: withCharacters,
                                           withTimeline: withTimeline)
        let exporter = GraphMLExporter(snapshot: snapshot, options: options)
        let progress = (!source.quiet && isatty(STDERR_FILENO) == 1) ? ExportProgress() : nil
        let callback = progress.map { display in { (done: Int, total: Int) in display.show(done, total) } }
        let report = output == "-"
            ? try exporter.write(toFileDescriptor: STDOUT_FILENO, progress: callback)
            : try exporter.write(toFile: output, progress: callback)
        progress?.finish()
        if let summary {
            try GraphMLSummary.json(snapshot: snapshot, options: options).write(toFile: summary, atomically: true, encoding: .utf8)
        }
        if let checkSchema, let problem = try XMLSchema(path: checkSchema).validationError(forFileAt: output) {
            throw GraphMLCommandError("\(output) is not valid against \(checkSchema): \(problem)")
        }
        let text = format == .json ? try Self.json(report, output: output) : Self.text(report, output: output)
        if output == "-" {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        } else {
            print(text)
        }
    }

    static func text(_ report: GraphMLExportReport, output: String) -> String {
        var line = "wrote \(report.nodes) nodes (\(report.insights) insights"
        if report.characters > 0 { line += ", \(report.characters) characters" }
        if report.learningEvents > 0 { line += ", \(report.learningEvents) learning events" }
        line += "), \(report.edges) edges, \(report.bytes) bytes to \(output == "-" ? "standard output" : output)"
        if report.totalReplacedCharacters > 0 {
            let columns = report.replacedCharacters.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            line += "\nreplaced \(report.totalReplacedCharacters) characters illegal in XML 1.0 with U+FFFD ("
                + columns.joined(separator: ", ") + ")"
        }
        return line
    }

    static func json(_ report: GraphMLExportReport, output: String) throws -> String {
        let object: [String: Any] = [
            "output": output, "nodes": report.nodes, "edges": report.edges, "insights": report.insights,
            "relationships": report.relationships, "characters": report.characters,
            "learning_events": report.learningEvents, "replaced_characters": report.replacedCharacters,
            "bytes": report.bytes,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

/// A GraphML command failure with the file it concerns (exit code 1, message on stderr).
struct GraphMLCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One self-overwriting line on stderr: `exporting: 120,000 of 480,000 elements (25%)`.
final class ExportProgress {
    private var shown = false

    func show(_ done: Int, _ total: Int) {
        let percent = total > 0 ? done * 100 / total : 100
        FileHandle.standardError.write(Data("\r\u{1B}[Kexporting: \(done) of \(total) elements (\(percent)%)".utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
