import ArgumentParser
import Foundation
import GraphML
import InsightGraph
import InsightQuery

/// `insightgraph query (FILE.igq | -e TEXT) [--param k=v]... [--format table|json|jsonl]`
struct QueryCommand: ParsableCommand {
    /// Exit status for any IGQ error (lexer, syntax, name, type, execution, limit).
    static let queryErrorExitCode = ExitCodes.queryError

    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run an IGQ query against the graph.",
        discussion: """
            The language is described in Queries/README.md; Queries/*.igq are examples.

            Exit codes: 0 success; 4 the query is wrong or hit a limit (the message on stderr says \
            where: file:line:column, the line and a caret); 1 usage errors; 2 and 3 as for every \
            command that loads the graph (database unreachable, schema missing).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, jsonl
    }

    @Argument(help: ArgumentHelp("A query file (.igq).", valueName: "file"))
    var file: String?

    @Option(name: [.customShort("e"), .customLong("expression")], help: ArgumentHelp("The query text itself.", valueName: "text"))
    var expression: String?

    @Option(name: .customLong("param"), help: ArgumentHelp(
        "A parameter for $name, as name=value; repeatable. Read as the type its position needs.", valueName: "name=value"))
    var parameters: [String] = []

    @Option(help: "Output format: table (for people), json or jsonl (documented in Queries/README.md).")
    var format: Format = .table

    @Flag(help: "Table output: show every cell whole (cells are cut at 60 characters otherwise).")
    var wide = false

    @Option(name: .long, help: ArgumentHelp(Instant.help + " Used by recency() without now: and by the default ranking of seeded queries.",
                                            valueName: "instant"))
    var now: String?

    @Option(name: .customLong("graphml"), help: ArgumentHelp(
        "Also write the result's subgraph (its insights and the relationships among them; a path's edges) as GraphML.",
        valueName: "file"))
    var graphmlOutput: String?

    @Option(help: "Largest hop count a query may ask for.")
    var maxHops: Int = QueryLimits.default.maxHops

    @Option(help: "Most nodes one traversal may visit.")
    var maxNodes: Int = QueryLimits.default.maxNodesExpanded

    @Option(help: "Most rows a query may return.")
    var maxRows: Int = QueryLimits.default.maxRows

    @Option(help: "Per-query deadline in milliseconds.")
    var deadlineMs: Int = 5_000

    @OptionGroup var source: GraphSourceOptions

    func validate() throws {
        if (file == nil) == (expression == nil) {
            throw ValidationError("give a query file or -e TEXT (exactly one)")
        }
        try QueryInput.validate(parameters: parameters)
        if let now, Instant.parse(now) == nil { throw ValidationError(Instant.invalid(now)) }
        if maxHops < 0 || maxNodes < 1 || maxRows < 0 || deadlineMs < 1 {
            throw ValidationError("limits must be positive")
        }
    }

    func run() throws {
        let query = try QueryInput(file: file, expression: expression, parameters: parameters)
        let limits = QueryLimits(maxHops: maxHops, maxNodesExpanded: maxNodes, maxRows: maxRows,
                                 deadline: .milliseconds(deadlineMs))
        query.checkSyntax()
        let graph = try source.loadGraph().snapshot
        let result = query.run(on: graph, limits: limits, now: now.flatMap(Instant.parse))
        FileHandle.standardOutput.write(Data(result.rendered(as: ResultFormat(rawValue: format.rawValue)!,
                                                             tableCellWidth: wide ? nil : TableRenderer.defaultCellWidth).utf8))
        if let graphmlOutput { try exportSubgraph(result.subgraph, of: graph, to: graphmlOutput) }
    }

    /// Writes the result's insights and relationships with the GraphML exporter (`.subset` scope).
    private func exportSubgraph(_ subgraph: ResultSubgraph, of graph: GraphSnapshot, to path: String) throws {
        let options = GraphMLExportOptions(scope: .subset(insightIds: subgraph.insightIds,
                                                          relationshipIds: subgraph.relationshipIds))
        let report = try GraphMLExporter(snapshot: graph, options: options).write(toFile: path)
        FileHandle.standardError.write(Data("wrote \(report.insights) insights and \(report.relationships) relationships to \(path)\n".utf8))
    }
}
