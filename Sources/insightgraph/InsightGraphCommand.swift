import ArgumentParser

/// `insightgraph`: load a character's self-knowledge and ask it questions.
@main
struct InsightGraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insightgraph",
        abstract: "An in-memory graph engine for AI characters' self-knowledge.",
        subcommands: [StatsCommand.self, SchemaCommand.self, ExportCommand.self, IngestCommand.self,
                      RetrieveCommand.self, BenchCommand.self, ServeCommand.self, QueryCommand.self,
                      ShellCommand.self, EvalCommand.self, TuneCommand.self]
    )
}
