import ArgumentParser
import InsightServer

/// `insightgraph`: load a character's self-knowledge and ask it questions.
@main
struct InsightGraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insightgraph",
        abstract: "An in-memory graph engine for AI characters' self-knowledge.",
        discussion: """
            Shell completion: `insightgraph --generate-completion-script bash` (or zsh, fish) prints a \
            completion script; e.g. `insightgraph --generate-completion-script bash > \
            /etc/bash_completion.d/insightgraph`, or for zsh into a file named `_insightgraph` on your $fpath.
            """,
        version: InsightGraphVersion.current,
        subcommands: [StatsCommand.self, SchemaCommand.self, ExportCommand.self, IngestCommand.self,
                      RetrieveCommand.self, BenchCommand.self, ServeCommand.self, QueryCommand.self,
                      ShellCommand.self, EvalCommand.self, TuneCommand.self, MCPCommand.self]
    )
}
