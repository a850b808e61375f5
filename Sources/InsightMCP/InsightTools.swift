import Foundation
import InsightGraph
import InsightQuery
import InsightServer
import MCP

/// The Model Context Protocol tools over one loaded graph: their definitions (names, JSON schemas,
/// descriptions written for an LLM) and their handlers, without a transport, so tests call them
/// directly. `insightgraph mcp` serves them on stdio (``InsightTools/makeServer()``).
///
/// A wrong call (unknown character, a query error, a bad argument) answers a result with
/// `isError: true` and a message the model can act on; only an unknown tool name is a protocol
/// error (JSON-RPC -32602), as the MCP specification asks.
public final class InsightTools: Sendable {
    public let graph: GraphSnapshot
    public let retrievers: RetrieverPool
    /// Limits for `query_graph` (the deadline applies per call).
    public let queryLimits: QueryLimits

    public init(graph: GraphSnapshot, retrievers: RetrieverPool? = nil, queryLimits: QueryLimits = .default) {
        self.graph = graph
        self.retrievers = retrievers ?? RetrieverPool(index: RetrievalIndex(snapshot: graph))
        self.queryLimits = queryLimits
    }

    /// A bad call: becomes a tool result with `isError: true`.
    public struct ToolFailure: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    // MARK: - Dispatch

    /// Answers a `tools/call`. Throws only for an unknown tool (a protocol error).
    public func call(_ name: String, arguments: [String: Value]?) throws(MCPError) -> CallTool.Result {
        let arguments = arguments ?? [:]
        do {
            switch name {
            case ToolName.retrieve: return try retrieveSelfKnowledge(arguments)
            case ToolName.query: return try queryGraph(arguments)
            case ToolName.characters: return try listCharacters(arguments)
            case ToolName.stats: return try characterStats(arguments)
            default:
                throw MCPError.invalidParams("Unknown tool: '\(name)'; the tools are "
                    + Self.tools.map { "'\($0.name)'" }.joined(separator: ", "))
            }
        } catch let error as MCPError {
            throw error
        } catch let failure as ToolFailure {
            return Self.failure(failure.description)
        } catch {
            return Self.failure("\(name) failed: \(error)")
        }
    }

    static func failure(_ message: String) -> CallTool.Result {
        CallTool.Result(content: [.text(text: "Error: " + message, annotations: nil, _meta: nil)], isError: true)
    }

    /// A server with this object's tools registered (`tools/list`, `tools/call`); start it on a transport.
    public func makeServer(version: String = InsightGraphVersion.current) async -> Server {
        let server = Server(
            name: "insightgraph", version: version, title: "InsightGraph",
            instructions: Self.instructions,
            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: Self.tools) }
        await server.withMethodHandler(CallTool.self) { [self] params in
            try self.call(params.name, arguments: params.arguments)
        }
        return server
    }

    // MARK: - retrieve_self_knowledge

    func retrieveSelfKnowledge(_ arguments: [String: Value]) throws -> CallTool.Result {
        let args = Arguments(arguments, tool: ToolName.retrieve, known: ["character", "message", "limit", "min_score"])
        try args.checkKnown()
        let characterName = try args.string("character")
        let message = try args.string("message")
        let limit = try args.integer("limit", default: 8, range: 1...50)
        let minScore = try args.number("min_score", default: RetrievalOptions().minScore, minimum: 0)
        let index = try characterIndex(characterName)
        let character = graph.characters[index]
        guard let normalized = character.normalizedName else {
            throw ToolFailure("character '\(characterName)' has no normalized_name and cannot be retrieved for")
        }
        var options = RetrievalOptions()
        options.limit = limit
        options.minScore = minScore
        options.weights.now = Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970)
        let response = try retrievers.withRetriever { retriever in
            try retriever.retrieve(character: normalized, message: message, options: options)
        }
        let prompt = PromptRenderer().render(response.results)

        var summary = "\(character.name ?? normalized) (\(normalized)): "
        if response.results.isEmpty {
            summary += "nothing this character has learned about itself is relevant enough to the message "
                + "(no insight reached min_score \(Self.number(minScore))). Use no self-knowledge for this reply."
        } else {
            summary += "\(response.results.count) relevant insight\(response.results.count == 1 ? "" : "s"), most relevant first:\n"
            for (rank, result) in response.results.enumerated() {
                summary += "\(rank + 1). [id \(result.id), score \(String(format: "%.3f", result.score))"
                    + (result.insight.type.map { ", \($0)" } ?? "") + "] " + (result.insight.content ?? "") + "\n"
            }
            summary += "\nPrompt section (ready to paste into the character's system prompt):\n" + prompt.text
        }
        let structured: Value = .object([
            "character": .string(normalized),
            "display_name": character.name.map(Value.string) ?? .null,
            "message": .string(message),
            "results": .array(response.results.map { result in
                .object([
                    "id": .int(result.id),
                    "score": .double(result.score),
                    "content": result.insight.content.map(Value.string) ?? .null,
                    "type": result.insight.type.map(Value.string) ?? .null,
                ])
            }),
            "prompt": .string(prompt.text),
        ])
        return CallTool.Result(content: [Self.text(summary), Self.text(try Self.json(structured))],
                               structuredContent: Optional.some(structured))
    }

    // MARK: - query_graph

    func queryGraph(_ arguments: [String: Value]) throws -> CallTool.Result {
        let args = Arguments(arguments, tool: ToolName.query, known: ["query", "params"])
        try args.checkKnown()
        let text = try args.string("query")
        var parameters = IGQ.defaultParameters(in: text)
        if let given = arguments["params"], !given.isNull {
            guard let object = given.objectValue else {
                throw ToolFailure("query_graph: 'params' must be an object of name → value, e.g. {\"who\": \"elena\", \"n\": 5}")
            }
            let mentioned = Set(parameters.keys).union(IGQ.parameterNames(in: text))
            for (rawName, value) in object {
                let name = rawName.hasPrefix("$") ? String(rawName.dropFirst()) : rawName
                guard mentioned.contains(name) else {
                    let takes = mentioned.isEmpty ? "it takes no parameters"
                        : "it takes: " + mentioned.sorted().map { "$" + $0 }.joined(separator: ", ")
                    throw ToolFailure("query_graph: params.\(rawName): the query has no $\(name) (\(takes))")
                }
                parameters[name] = try Self.queryValue(value, path: "params.\(rawName)")
            }
        }
        let result: QueryResult
        do {
            result = try IGQ.run(text, graph: graph, parameters: parameters, limits: queryLimits, retrievers: retrievers)
        } catch {
            throw ToolFailure("the query was not run: " + error.description
                + "\n(IGQ reference: the query_graph tool description; fix the query and call again)")
        }
        let json = result.rendered(as: .json)
        // The same JSON as structured content, for hosts that read it (an object, as MCP requires).
        let structured = (try? JSONDecoder().decode(Value.self, from: Data(json.utf8))).flatMap { $0.objectValue != nil ? $0 : nil }
        return CallTool.Result(content: [Self.text(json)], structuredContent: structured)
    }

    /// JSON parameters as IGQ values, the way `/v1/query` reads them: strings and booleans stay
    /// untyped (read as the type their position needs), integral numbers are integers.
    static func queryValue(_ value: Value, path: String) throws -> QueryValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .untyped(b ? "true" : "false")
        case .string(let s): return .untyped(s)
        case .int(let n): return .integer(Int64(n))
        case .double(let n):
            guard n.isFinite else { throw ToolFailure("query_graph: \(path): not a finite number") }
            if n.rounded() == n, abs(n) < 9.0e15 { return .integer(Int64(n)) }
            return .number(n)
        case .array(let items):
            return .list(try items.enumerated().map { try queryValue($1, path: "\(path)[\($0)]") })
        case .object:
            throw ToolFailure("query_graph: \(path): objects are not supported as IGQ parameters (use a string, number, boolean or list)")
        case .data:
            return .untyped(value.text ?? "")
        }
    }

    // MARK: - list_characters

    func listCharacters(_ arguments: [String: Value]) throws -> CallTool.Result {
        try Arguments(arguments, tool: ToolName.characters, known: []).checkKnown()
        var lines: [String] = []
        var rows: [Value] = []
        for (index, character) in graph.characters.enumerated() {
            let count = graph.nodes(ofCharacter: index).count
            lines.append("- \(character.normalizedName ?? "(no normalized_name)")"
                + (character.name.map { " — \($0)" } ?? "") + ": \(count) insight\(count == 1 ? "" : "s")")
            rows.append(.object([
                "id": .int(character.id),
                "normalized_name": character.normalizedName.map(Value.string) ?? .null,
                "name": character.name.map(Value.string) ?? .null,
                "insights": .int(count),
            ]))
        }
        let summary = graph.characters.isEmpty ? "The graph holds no characters."
            : "\(graph.characters.count) character\(graph.characters.count == 1 ? "" : "s") "
              + "(pass normalized_name or display name as `character` to the other tools):\n" + lines.joined(separator: "\n")
        let structured: Value = .object(["characters": .array(rows)])
        return CallTool.Result(content: [Self.text(summary), Self.text(try Self.json(structured))],
                               structuredContent: Optional.some(structured))
    }

    // MARK: - character_stats

    func characterStats(_ arguments: [String: Value]) throws -> CallTool.Result {
        let args = Arguments(arguments, tool: ToolName.stats, known: ["character"])
        try args.checkKnown()
        let name = try args.string("character")
        let index = try characterIndex(name)
        let character = graph.characters[index]
        let counts = GraphStatistics(graph).characters[index]
        var triggerCounts: [String: Int] = [:]
        var confidenceSum = 0.0, confidenceCount = 0
        var earliest: Timestamp?, latest: Timestamp?
        for node in graph.nodes(ofCharacter: index) {
            let insight = graph.insight(at: node)
            var seen: Set<String> = []
            for case let trigger? in insight.triggers ?? [] {
                let key = trigger.lowercased()
                if seen.insert(key).inserted { triggerCounts[key, default: 0] += 1 }
            }
            if let c = insight.confidence { confidenceSum += c; confidenceCount += 1 }
            if let d = insight.discoveryDate {
                earliest = earliest.map { min($0, d) } ?? d
                latest = latest.map { max($0, d) } ?? d
            }
        }
        let topTriggers = triggerCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(25)
        let learningEvents = graph.learningEvents(ofCharacter: index).count
        let meanConfidence = confidenceCount > 0 ? confidenceSum / Double(confidenceCount) : nil

        var summary = "\(character.name ?? character.normalizedName ?? "?") (\(character.normalizedName ?? "?")): "
            + "\(counts.insights) insights, \(counts.relationships) relationships, \(learningEvents) learning events\n"
        summary += "insight types: " + Self.histogram(counts.insightTypes) + "\n"
        summary += "relationship types: " + Self.histogram(counts.relationshipTypes) + "\n"
        summary += "distinct triggers: \(triggerCounts.count); most used: "
            + (topTriggers.isEmpty ? "-" : topTriggers.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) + "\n"
        if let meanConfidence { summary += "mean confidence: \(String(format: "%.3f", meanConfidence))\n" }
        if let earliest, let latest { summary += "discovery dates: \(earliest) to \(latest)\n" }

        let structured: Value = .object([
            "id": .int(character.id),
            "normalized_name": character.normalizedName.map(Value.string) ?? .null,
            "name": character.name.map(Value.string) ?? .null,
            "insights": .int(counts.insights),
            "relationships": .int(counts.relationships),
            "learning_events": .int(learningEvents),
            "insight_types": .object(counts.insightTypes.mapValues(Value.int)),
            "relationship_types": .object(counts.relationshipTypes.mapValues(Value.int)),
            "distinct_triggers": .int(triggerCounts.count),
            "top_triggers": .array(topTriggers.map { .object(["trigger": .string($0.key), "insights": .int($0.value)]) }),
            "mean_confidence": meanConfidence.map(Value.double) ?? .null,
            "earliest_discovery": earliest.map { .string("\($0)") } ?? .null,
            "latest_discovery": latest.map { .string("\($0)") } ?? .null,
        ])
        return CallTool.Result(content: [Self.text(summary), Self.text(try Self.json(structured))],
                               structuredContent: Optional.some(structured))
    }

    // MARK: - Helpers

    /// A character by normalized_name or display name (any case), or a failure with close names.
    func characterIndex(_ name: String) throws -> Int {
        if let index = CharacterLookup.index(of: name, in: graph) { return index }
        let names = graph.characters.compactMap(\.normalizedName)
        let close = CharacterLookup.closeNames(to: name, among: names)
            + CharacterLookup.closeNames(to: name, among: graph.characters.compactMap(\.name))
        var message = "no character '\(name)' in the graph"
        if !close.isEmpty { message += "; did you mean " + close.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + "?" }
        message += " (list_characters lists them all)"
        throw ToolFailure(message)
    }

    static func histogram(_ counts: [String: Int]) -> String {
        if counts.isEmpty { return "-" }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
    }

    static func text(_ text: String) -> Tool.Content { .text(text: text, annotations: nil, _meta: nil) }

    static func json(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func number(_ value: Double) -> String { String(format: "%g", value) }
}

/// A call's arguments, read with messages that name the tool, the argument and what it takes.
struct Arguments {
    var values: [String: Value]
    var tool: String
    var known: [String]

    init(_ values: [String: Value], tool: String, known: [String]) {
        (self.values, self.tool, self.known) = (values, tool, known)
    }

    func checkKnown() throws {
        for key in values.keys.sorted() where !known.contains(key) {
            let takes = known.isEmpty ? "it takes no arguments" : "it takes: " + known.joined(separator: ", ")
            throw InsightTools.ToolFailure("\(tool): unknown argument '\(key)' (\(takes))")
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name], !value.isNull else {
            throw InsightTools.ToolFailure("\(tool): the argument '\(name)' is required")
        }
        guard let text = value.text else {
            throw InsightTools.ToolFailure("\(tool): '\(name)' must be a string, got \(value)")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw InsightTools.ToolFailure("\(tool): '\(name)' must not be empty")
        }
        return text
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let value = values[name], !value.isNull else { return fallback }
        let number: Int?
        switch value {
        case .int(let n): number = n
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: number = Int(d)
        default: number = nil
        }
        guard let number, range.contains(number) else {
            throw InsightTools.ToolFailure("\(tool): '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
        return number
    }

    func number(_ name: String, default fallback: Double, minimum: Double) throws -> Double {
        guard let value = values[name], !value.isNull else { return fallback }
        let number: Double?
        switch value {
        case .int(let n): number = Double(n)
        case .double(let d): number = d
        default: number = nil
        }
        guard let number, number.isFinite, number >= minimum else {
            throw InsightTools.ToolFailure("\(tool): '\(name)' must be a number >= \(InsightTools.number(minimum)), got \(value)")
        }
        return number
    }
}

extension Value {
    /// A string argument as sent. The SDK decodes a JSON string that looks like a data URL
    /// ("data:text/plain;base64,...") as `.data`; a message or parameter may well be one, so it is
    /// turned back into its text.
    var text: String? {
        switch self {
        case .string(let text): return text
        case let .data(mimeType, data): return data.dataURLEncoded(mimeType: mimeType)
        default: return nil
        }
    }
}
