import ArgumentParser
import Foundation
import InsightGraph
import InsightMCP
import Logging
import InsightQuery
import MCP

/// `insightgraph mcp`: the graph's self-knowledge as Model Context Protocol tools, over stdio.
///
/// The graph is loaded once at start (PostgreSQL or `--source FILE.graphml`, `--character` to
/// load only some); then the process answers an MCP host on stdin/stdout until stdin closes.
/// stdout carries only the protocol: notes and logs go to stderr. The tools are defined in the
/// InsightMCP module (`InsightTools`).
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the graph as Model Context Protocol tools on stdio (for LLM hosts and agents).",
        discussion: """
            Tools: retrieve_self_knowledge (character, message, limit, min_score), query_graph (IGQ \
            query, params), list_characters, character_stats (character). The graph is loaded once, \
            at start; restart the server to see new rows. A host starts it as a subprocess, e.g. \
            command "insightgraph", args ["mcp", "--database", "host=/tmp dbname=app"]. \
            stdout is the protocol; logs go to stderr.
            """)

    @OptionGroup var source: GraphSourceOptions

    @Option(help: "Per-query deadline of query_graph, in milliseconds.")
    var queryDeadlineMs = 5_000

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard queryDeadlineMs >= 1 else { throw ValidationError("--query-deadline-ms must be at least 1") }
    }

    func run() async throws {
        let logger = log.bootstrap(label: "insightgraph.mcp")
        let clock = ContinuousClock()
        let started = clock.now
        let graph = try source.loadGraph().snapshot
        var limits = QueryLimits.default
        limits.deadline = .milliseconds(queryDeadlineMs)
        let tools = InsightTools(graph: graph, queryLimits: limits)
        logger.info("graph loaded", metadata: [
            "characters": "\(graph.characters.count)", "insights": "\(graph.nodeCount)",
            "relationships": "\(graph.edgeCount)", "seconds": "\(clock.now - started)",
        ])
        let server = await tools.makeServer()
        try await server.start(transport: StdioTransport(logger: logger))
        logger.info("serving MCP on stdio")
        await server.waitUntilCompleted()
        logger.info("stdin closed; exiting")
    }
}
