import ArgumentParser
import Foundation
import InsightGraph
import InsightQuery

/// An IGQ query as the command line gives it (a file or `-e TEXT`, plus `--param name=value`),
/// shared by `insightgraph query` and `insightgraph export --query`.
struct QueryInput {
    /// The query text and the name errors point at (the file path, or `<query>`).
    var text: String
    var name: String
    var parameters: [String: QueryValue]

    /// Reads the query; `file` and `expression` are exclusive (commands validate that).
    init(file: String?, expression: String?, parameters: [String]) throws {
        if let expression {
            (text, name) = (expression, "<query>")
        } else if let path = file {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read query file '\(path)'")
            }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ValidationError("query file '\(path)' is not UTF-8")
            }
            (text, name) = (decoded, path)
        } else {
            throw ValidationError("give a query file or -e TEXT")
        }
        var values = IGQ.defaultParameters(in: text)
        let known = Set(values.keys).union(IGQ.parameterNames(in: text))
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "$", with: "")
            // A typo would otherwise be ignored and the file's default used without a word.
            guard known.contains(key) else {
                let takes = known.isEmpty ? "it takes no parameters" : "it takes: " + known.sorted().map { "$" + $0 }.joined(separator: ", ")
                throw ValidationError("--param \(key): the query has no $\(key) (\(takes))")
            }
            values[key] = .untyped(parts.count > 1 ? String(parts[1]) : "")
        }
        self.parameters = values
    }

    static func validate(parameters: [String]) throws {
        for parameter in parameters where !parameter.contains("=") {
            throw ValidationError("--param '\(parameter)' needs the form name=value")
        }
    }

    /// Parses without a graph, so a mistyped query fails before a load is paid for.
    func checkSyntax() {
        do { _ = try IGQ.parse(text, file: name) } catch { Self.fail(error) }
    }

    func run(on graph: GraphSnapshot, limits: QueryLimits = .default, now: Timestamp? = nil) -> QueryResult {
        do {
            return try IGQ.run(text, file: name, graph: graph, parameters: parameters, limits: limits, now: now)
        } catch {
            Self.fail(error)
        }
    }

    /// Query errors print as `file:line:column: ...` with a caret and exit with ``queryErrorExitCode``.
    static func fail(_ error: QueryError) -> Never {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        Foundation.exit(QueryCommand.queryErrorExitCode)
    }
}
