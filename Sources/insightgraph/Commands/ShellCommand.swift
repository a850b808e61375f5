import ArgumentParser
import Foundation
import InsightGraph
import InsightQuery

/// `insightgraph shell`: load the graph once, then type IGQ queries.
///
/// A query may span lines; it runs at a line ending in `;` or at an empty line. Commands start
/// with a backslash: `\help`, `\format table|json|jsonl`, `\param name=value`, `\params`,
/// `\history`, `\quit`. History is kept in `~/.insightgraph_history` (one query per line).
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Interactive IGQ shell (multi-line input, history file).")

    @OptionGroup var source: GraphSourceOptions

    @Option(help: "Where to keep the history of queries.")
    var historyFile: String = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.insightgraph_history"

    func run() throws {
        let graph = try source.loadGraph().snapshot
        var session = ShellSession(graph: graph, historyPath: historyFile)
        let interactive = isatty(STDIN_FILENO) == 1
        if interactive {
            print("IGQ shell: \(graph.characters.count) characters, \(graph.nodeCount) insights, \(graph.edgeCount) relationships. \\help for help.")
        }
        while true {
            if interactive { print(session.pending.isEmpty ? "igq> " : "...> ", terminator: "") }
            guard let line = readLine(strippingNewline: true) else { break }
            let reply = session.feed(line)
            if !reply.output.isEmpty { FileHandle.standardOutput.write(Data(reply.output.utf8)) }
            if !reply.error.isEmpty { FileHandle.standardError.write(Data(reply.error.utf8)) }
            if reply.quit { break }
        }
        let final = session.feed("")
        FileHandle.standardOutput.write(Data(final.output.utf8))
        FileHandle.standardError.write(Data(final.error.utf8))
    }
}

/// The shell's state machine, separate from the terminal so it can be driven line by line.
struct ShellSession {
    let graph: GraphSnapshot
    let historyPath: String
    var pending: [String] = []
    var format = ResultFormat.table
    var parameters: [String: QueryValue] = [:]
    var history: [String] = []
    var number = 0
    /// Built by the first query that seeds or diversifies, then shared by the next ones (building
    /// it costs about as much as a hundred such queries).
    var retrievers: RetrieverPool?

    init(graph: GraphSnapshot, historyPath: String) {
        self.graph = graph
        self.historyPath = historyPath
        if let text = try? String(contentsOfFile: historyPath, encoding: .utf8) {
            history = text.split(separator: "\n").map(String.init)
        }
    }

    struct Reply {
        var output = ""
        var error = ""
        var quit = false
    }

    mutating func feed(_ line: String) -> Reply {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if pending.isEmpty && trimmed.hasPrefix("\\") { return command(trimmed) }
        if !trimmed.isEmpty { pending.append(line) }
        guard !pending.isEmpty, trimmed.isEmpty || trimmed.hasSuffix(";") else { return Reply() }
        let text = pending.joined(separator: "\n")
        pending = []
        number += 1
        remember(text)
        var values = IGQ.defaultParameters(in: text)
        values.merge(parameters) { _, new in new }
        do {
            if retrievers == nil, ["SEED", "DIVERSIFY"].contains(where: text.uppercased().contains) {
                retrievers = RetrieverPool(index: RetrievalIndex(snapshot: graph))
            }
            let result = try IGQ.run(text, file: "<shell:\(number)>", graph: graph, parameters: values,
                                     retrievers: retrievers)
            return Reply(output: result.rendered(as: format))
        } catch {
            return Reply(error: error.description + "\n")
        }
    }

    private mutating func remember(_ text: String) {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        history.append(flat)
        if let handle = FileHandle(forWritingAtPath: historyPath) ?? {
            _ = FileManager.default.createFile(atPath: historyPath, contents: nil)
            return FileHandle(forWritingAtPath: historyPath)
        }() {
            handle.seekToEndOfFile()
            handle.write(Data((flat + "\n").utf8))
            handle.closeFile()
        }
    }

    private mutating func command(_ text: String) -> Reply {
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1] : ""
        switch parts[0] {
        case "\\q", "\\quit", "\\exit": return Reply(quit: true)
        case "\\format":
            guard let f = ResultFormat(rawValue: argument) else { return Reply(error: "formats: table, json, jsonl\n") }
            format = f
            return Reply()
        case "\\param":
            guard let eq = argument.firstIndex(of: "=") else { return Reply(error: "usage: \\param name=value\n") }
            parameters[String(argument[..<eq])] = .untyped(String(argument[argument.index(after: eq)...]))
            return Reply()
        case "\\params":
            return Reply(output: parameters.keys.sorted().map { "$\($0) = \(parameters[$0]!)\n" }.joined())
        case "\\history":
            return Reply(output: history.suffix(20).enumerated().map { "\($0.offset + 1)  \($0.element)\n" }.joined())
        case "\\help":
            return Reply(output: """
                Type a query (see Queries/README.md); it runs at a line ending in ';' or an empty line.
                \\format table|json|jsonl   \\param name=value   \\params   \\history   \\quit

                """)
        default:
            return Reply(error: "unknown command \(parts[0]); try \\help\n")
        }
    }
}
