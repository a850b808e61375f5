import Foundation
import InsightGraph
import MCP
import Testing
@testable import InsightMCP

/// A small two-character graph: elena (4 insights, 2 relationships from her), marcus (2 insights).
func makeGraph() -> GraphSnapshot {
    var builder = GraphBuilder()
    builder.add(Character(id: 1, name: "Elena Rodriguez", normalizedName: "elena"))
    builder.add(Character(id: 2, name: "Marcus Thompson", normalizedName: "marcus"))
    let day = Timestamp.utc(year: 2025, month: 3, day: 1)!
    builder.add(Insight(id: 10, characterId: 1, type: "preference", content: "I love the ocean and the reef",
                        confidence: 0.9, discoveryDate: day, triggers: ["ocean", "reef"]))
    builder.add(Insight(id: 11, characterId: 1, type: "preference", content: "Diving calms me",
                        confidence: 0.7, triggers: ["diving", "ocean"]))
    builder.add(Insight(id: 12, characterId: 1, type: "emotional_pattern", content: "Deadlines stress me",
                        confidence: 0.95, triggers: ["deadline"]))
    builder.add(Insight(id: 13, characterId: 1, type: "memory_formation", content: "Grandmother's kitchen",
                        confidence: 0.5, triggers: ["family"]))
    builder.add(Insight(id: 20, characterId: 2, type: "preference", content: "Jazz on Sundays",
                        confidence: 0.8, triggers: ["jazz"]))
    builder.add(Insight(id: 21, characterId: 2, type: "preference", content: "Guitar practice",
                        confidence: 0.6, triggers: ["guitar"]))
    builder.add(Relationship(id: 100, fromInsightId: 10, toInsightId: 11, type: "supports", strength: 0.8))
    builder.add(Relationship(id: 101, fromInsightId: 11, toInsightId: 12, type: "leads_to", strength: 0.4))
    builder.add(Relationship(id: 103, fromInsightId: 20, toInsightId: 21, type: "builds_on", strength: 0.9))
    return builder.build()
}

let tools = InsightTools(graph: makeGraph())

/// The result's text blocks.
func texts(_ result: CallTool.Result) -> [String] {
    result.content.compactMap { if case .text(let text, _, _) = $0 { text } else { nil } }
}

/// The result's JSON text block (the last one), parsed.
func jsonBlock(_ result: CallTool.Result) throws -> [String: Any] {
    let text = try #require(texts(result).last)
    return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite struct ToolDefinitionTests {
    @Test func fourToolsWithObjectSchemas() {
        #expect(InsightTools.tools.map(\.name) == ["retrieve_self_knowledge", "query_graph", "list_characters", "character_stats"])
        for tool in InsightTools.tools {
            #expect((tool.description ?? "").count > 150, "\(tool.name) needs a description an LLM can use")
            #expect(tool.inputSchema.objectValue?["type"] == "object")
            #expect(tool.inputSchema.objectValue?["additionalProperties"] == false)
            #expect(tool.annotations.readOnlyHint == true)
        }
    }

    @Test func queryDescriptionExamplesParse() throws {
        // Every IGQ example line in the description must be a query IGQ accepts.
        let description = try #require(InsightTools.tools.first { $0.name == ToolName.query }?.description)
        let examples = description.split(separator: "\n").filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
        #expect(examples.count >= 8)
        for example in examples {
            var parameters: [String: Value] = [:]
            if example.contains("$message") { parameters["message"] = "ocean" }
            if example.contains("$who") { parameters = ["who": "elena", "min": 0.5, "n": 3] }
            let result = try tools.call(ToolName.query, arguments: ["query": .string(example), "params": .object(parameters)])
            let text = texts(result).first ?? ""
            // Names that the small graph lacks (marcus' timeline is fine; insight 103, 'jake') may fail
            // at binding, never at parsing.
            #expect(!text.contains("syntax error") && !text.contains("lexer error"), "\(example): \(text)")
        }
    }
}

@Suite struct RetrieveToolTests {
    @Test func ranksTheMatchingInsightsAndRendersThePrompt() throws {
        let result = try tools.call(ToolName.retrieve, arguments: ["character": "elena", "message": "I went to the reef today"])
        #expect(result.isError != true)
        let json = try jsonBlock(result)
        let rows = try #require(json["results"] as? [[String: Any]])
        #expect(rows.first?["id"] as? Int == 10)
        #expect(rows.first?["type"] as? String == "preference")
        #expect((json["prompt"] as? String)?.hasPrefix("## What you have learned about yourself\n- I love the ocean") == true)
        #expect(texts(result)[0].contains("[id 10, score"))
        #expect(result.structuredContent?.objectValue?["character"] == "elena")
    }

    @Test func displayNameLimitAndMinScore() throws {
        let one = try jsonBlock(tools.call(ToolName.retrieve, arguments: [
            "character": "ELENA RODRIGUEZ", "message": "ocean diving reef", "limit": 1]))
        #expect((one["results"] as? [Any])?.count == 1)
        #expect(one["character"] as? String == "elena")
        let gated = try tools.call(ToolName.retrieve, arguments: ["character": "elena", "message": "ocean", "min_score": 1e6])
        #expect(gated.isError != true)
        #expect((try jsonBlock(gated)["results"] as? [Any])?.isEmpty == true)
        #expect(texts(gated)[0].contains("nothing this character has learned"))
    }

    @Test(arguments: [
        (["character": "elenna", "message": "ocean"], "did you mean 'elena'"),
        (["character": "Elena Rodrigues", "message": "ocean"], "did you mean 'Elena Rodriguez'"),
        (["character": "elena"], "'message' is required"),
        (["character": "elena", "message": 3], "'message' must be a string"),
        (["character": "elena", "message": "   "], "'message' must not be empty"),
        (["character": "elena", "message": "ocean", "limit": 0], "'limit' must be an integer from 1 to 50"),
        (["character": "elena", "message": "ocean", "limit": 51], "'limit' must be an integer from 1 to 50"),
        (["character": "elena", "message": "ocean", "limit": 2.5], "'limit' must be an integer"),
        (["character": "elena", "message": "ocean", "min_score": -1], "'min_score' must be a number >= 0"),
        (["character": "elena", "message": "ocean", "limt": 3], "unknown argument 'limt'"),
    ] as [([String: Value], String)])
    func badCallsAreToolErrors(arguments: [String: Value], expected: String) throws {
        let result = try tools.call(ToolName.retrieve, arguments: arguments)
        #expect(result.isError == true)
        #expect(texts(result).first?.contains(expected) == true, "\(texts(result))")
    }

    @Test func schemaDefaultsMatchTheEngine() throws {
        let tool = try #require(InsightTools.tools.first { $0.name == ToolName.retrieve })
        let properties = try #require(tool.inputSchema.objectValue?["properties"]?.objectValue)
        #expect(properties["min_score"]?.objectValue?["default"]?.doubleValue == RetrievalOptions().minScore)
    }

    @Test func integralDoubleLimitIsAccepted() throws {
        let result = try tools.call(ToolName.retrieve, arguments: ["character": "elena", "message": "ocean", "limit": 2.0])
        #expect(result.isError != true)
    }
}

@Suite struct QueryToolTests {
    @Test func runsAQueryWithParameters() throws {
        let result = try tools.call(ToolName.query, arguments: [
            "query": "FROM CHARACTER $who WHERE confidence >= $min RETURN id",
            "params": ["who": "elena", "min": 0.9],
        ])
        #expect(result.isError != true, "\(texts(result))")
        let rows = try #require(try jsonBlock(result)["rows"] as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["id"] as? Int }) == [10, 12])
        #expect(result.structuredContent?.objectValue?["row_count"] == 2)
    }

    @Test func parameterTypes() throws {
        #expect(try InsightTools.queryValue(.int(3), path: "p") == .integer(3))
        #expect(try InsightTools.queryValue(.double(3.0), path: "p") == .integer(3))
        #expect(try InsightTools.queryValue(.double(0.5), path: "p") == .number(0.5))
        #expect(try InsightTools.queryValue(.bool(true), path: "p") == .untyped("true"))
        #expect(try InsightTools.queryValue(.string("2025-01-01"), path: "p") == .untyped("2025-01-01"))
        #expect(try InsightTools.queryValue(["a", 1], path: "p") == .list([.untyped("a"), .integer(1)]))
        #expect(throws: InsightTools.ToolFailure.self) { try InsightTools.queryValue(["k": 1], path: "p") }
        // A string the SDK decoded as a data URL is a string again.
        let decoded = try JSONDecoder().decode(Value.self, from: Data(#""data:text/plain;base64,aGk=""#.utf8))
        #expect(try InsightTools.queryValue(decoded, path: "p") == .untyped("data:text/plain;base64,aGk="))
    }

    @Test func igqErrorsCarryLineAndColumn() throws {
        let result = try tools.call(ToolName.query, arguments: ["query": "FROM CHARACTER 'elena'\nWHERE confidnce >= 0.9 RETURN id"])
        #expect(result.isError == true)
        let text = try #require(texts(result).first)
        #expect(text.contains("<query>:2:7:"))
        #expect(text.contains("did you mean 'confidence'"))
        #expect(text.contains("^"))
    }

    @Test(arguments: [
        (["query": "FROM ALL RETURN id", "params": ["n": 1]], "the query has no $n (it takes no parameters)"),
        (["query": "FROM ALL LIMIT $n RETURN id", "params": ["m": 1]], "it takes: $n"),
        (["query": "FROM ALL LIMIT $n RETURN id", "params": ["n": .object(["x": 1])]], "objects are not supported"),
        (["query": "FROM ALL RETURN id", "params": "n=1"], "'params' must be an object"),
        (["params": [:]], "'query' is required"),
        (["query": "FROM ALL RETURN id", "parms": [:]], "unknown argument 'parms'"),
        (["query": "FROM CHARACTER 'nobody' RETURN id"], "nobody"),
    ] as [([String: Value], String)])
    func badCallsAreToolErrors(arguments: [String: Value], expected: String) throws {
        let result = try tools.call(ToolName.query, arguments: arguments)
        #expect(result.isError == true)
        #expect(texts(result).first?.contains(expected) == true, "\(texts(result))")
    }
}

@Suite struct CharacterToolTests {
    @Test func listsCharactersWithCounts() throws {
        let result = try tools.call(ToolName.characters, arguments: nil)
        let rows = try #require(try jsonBlock(result)["characters"] as? [[String: Any]])
        #expect(rows.map { $0["normalized_name"] as? String } == ["elena", "marcus"])
        #expect(rows.map { $0["insights"] as? Int } == [4, 2])
        #expect(rows.first?["name"] as? String == "Elena Rodriguez")
        #expect(texts(result)[0].contains("- elena — Elena Rodriguez: 4 insights"))
        #expect(try tools.call(ToolName.characters, arguments: ["x": 1]).isError == true)
    }

    @Test func statsCountTypesRelationshipsAndTriggers() throws {
        let result = try tools.call(ToolName.stats, arguments: ["character": "Elena Rodriguez"])
        #expect(result.isError != true)
        let json = try jsonBlock(result)
        #expect(json["insights"] as? Int == 4)
        #expect(json["relationships"] as? Int == 2)
        #expect(json["insight_types"] as? [String: Int] == ["preference": 2, "emotional_pattern": 1, "memory_formation": 1])
        #expect(json["relationship_types"] as? [String: Int] == ["supports": 1, "leads_to": 1])
        let top = try #require(json["top_triggers"] as? [[String: Any]])
        #expect(top.first?["trigger"] as? String == "ocean")
        #expect(top.first?["insights"] as? Int == 2)
        #expect(json["distinct_triggers"] as? Int == 5)
    }

    @Test func unknownCharacterSuggestsCloseNames() throws {
        let result = try tools.call(ToolName.stats, arguments: ["character": "marcos"])
        #expect(result.isError == true)
        #expect(texts(result).first?.contains("did you mean 'marcus'") == true)
    }
}

@Suite struct ProtocolTests {
    @Test func unknownToolIsAProtocolError() {
        #expect(throws: MCPError.self) { try tools.call("no_such_tool", arguments: [:]) }
    }

    /// The tools through a real MCP client and server, connected in memory.
    @Test func clientListsAndCallsTools() async throws {
        let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
        let server = await tools.makeServer(version: "test")
        try await server.start(transport: serverTransport)
        let client = Client(name: "test", version: "1")
        let initialized = try await client.connect(transport: clientTransport)
        #expect(initialized.serverInfo.name == "insightgraph")
        let listed = try await client.listTools()
        #expect(listed.tools.count == 4)
        let answer = try await client.callTool(name: ToolName.retrieve, arguments: ["character": "elena", "message": "reef"])
        #expect(answer.isError != true)
        let failed = try await client.callTool(name: ToolName.retrieve, arguments: ["character": "nobody", "message": "reef"])
        #expect(failed.isError == true)
        await #expect(throws: MCPError.self) { _ = try await client.callTool(name: "no_such_tool", arguments: [:]) }
        await client.disconnect()
        await server.stop()
    }
}
