import MCP

/// The tools' names, as `tools/call` takes them.
public enum ToolName {
    public static let retrieve = "retrieve_self_knowledge"
    public static let query = "query_graph"
    public static let characters = "list_characters"
    public static let stats = "character_stats"
}

extension InsightTools {
    /// Sent once at initialization: what this server is for.
    static let instructions = """
        InsightGraph holds what AI characters have learned about themselves (insights: preferences, \
        emotional patterns, memories, growth), linked by relationships (supports, builds_on, leads_to, \
        contradicts). Before writing a character's reply, call retrieve_self_knowledge with the \
        character and the incoming message to get the few insights that matter for it. Use \
        list_characters to find names, character_stats for an overview of one character, and \
        query_graph (the IGQ language) for anything else.
        """

    /// The tools `tools/list` answers, in this order.
    public static let tools: [Tool] = [
        Tool(
            name: ToolName.retrieve,
            title: "Retrieve a character's self-knowledge for a message",
            description: """
                Finds what a character has learned about itself that is relevant to a message, ranked \
                most relevant first. Call it before writing the character's reply to a user message, and \
                put the returned prompt section into the character's system prompt.

                The message's words are matched against each insight's trigger words and content; \
                insights related to a match (supports, builds_on, leads_to) get a smaller boost. When \
                nothing in the message is relevant enough (small talk, greetings), it returns no insights \
                and an empty prompt section: then use no self-knowledge.

                Returns two text blocks: a readable summary (rank, insight id, score, type, content, then \
                the prompt section) and JSON {"character", "display_name", "message", "results": [{"id", \
                "score", "content", "type"}], "prompt"} (also as structured content). Scores are relative \
                (higher is more relevant; about 1 is a single strong word match). An unknown character is \
                an error that suggests close names.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "character": .object([
                        "type": "string",
                        "description": "The character: its normalized_name (e.g. \"elena\") or display name (e.g. \"Elena Rodriguez\"), any case. list_characters lists them.",
                    ]),
                    "message": .object([
                        "type": "string",
                        "description": "The incoming message the character is about to answer, verbatim.",
                    ]),
                    "limit": .object([
                        "type": "integer", "minimum": 1, "maximum": 50, "default": 8,
                        "description": "Most insights to return (1-50, default 8).",
                    ]),
                    "min_score": .object([
                        "type": "number", "minimum": 0, "default": 0.3,
                        "description": "Return nothing unless the best insight scores at least this (default 0.3; 0 returns any match, higher values are stricter).",
                    ]),
                ]),
                "required": .array(["character", "message"]),
                "additionalProperties": false,
            ]),
            annotations: .init(title: "Retrieve self-knowledge", readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        ),
        Tool(
            name: ToolName.query,
            title: "Query the insight graph (IGQ)",
            description: """
                Runs a read-only IGQ query over the self-knowledge graph and returns its result as JSON \
                {"kind", "columns": [names], "rows": [{column: value}], "row_count"} (also as structured \
                content). Use it for questions retrieve_self_knowledge \
                does not answer: filtering insights by type, confidence or date, counting, how two \
                insights connect, what surrounds an insight, a character's timeline, contradictions.

                IGQ in brief (keywords any case, strings in single quotes, `--` comments):
                - FROM CHARACTER 'elena' WHERE confidence >= 0.9 RETURN id, type, content
                - FROM ALL WHERE triggers CONTAINS 'storm' AND NOT type IN ('preference') RETURN id, character, content
                - FROM CHARACTER 'elena' SEED MESSAGE $message EXPAND 2 HOPS VIA supports, builds_on MIN STRENGTH 0.3 BOTH RANK BY ppr(damping: 0.85) * confidence LIMIT 8 RETURN id, score, content, why
                - FROM CHARACTER $who WHERE confidence >= $min RANK BY importance LIMIT $n RETURN id, type, importance
                - COUNT INSIGHTS GROUP BY character, type
                - COUNT RELATIONSHIPS FROM CHARACTER 'marcus' GROUP BY type
                - PATH FROM INSIGHT 103 TO INSIGHT 130 BOTH MAX HOPS 5
                - NEIGHBOURHOOD OF INSIGHT 301 WITHIN 2 HOPS MIN STRENGTH 0.5 BOTH RETURN id, hops, via, strength, content
                - TIMELINE OF CHARACTER 'marcus' BETWEEN 2025-01-01 AND 2025-07-01 WHERE significance >= 0.5 RETURN date, event
                - CONTRADICTIONS FROM CHARACTER 'jake' MIN STRENGTH 0.4
                Insight fields: id, character (normalized_name), type, content, confidence (0-1), \
                importance, emotional_valence, discovery_date (compare with 2025-01-01), triggers and \
                supporting_evidence (lists: use CONTAINS). Relationship types: supports, builds_on, \
                leads_to, contradicts. Insight types include emotional_pattern, emotional_growth, \
                knowledge_evolution, memory_formation, preference, user_pattern_recognition.

                A mistake returns an error with line:column, the offending line and often a "did you \
                mean" fix: correct the query and call again.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "query": .object([
                        "type": "string",
                        "description": "The IGQ query text, e.g. FROM CHARACTER 'elena' WHERE confidence >= 0.9 RETURN id, content",
                    ]),
                    "params": .object([
                        "type": "object",
                        "description": "Values for the query's $name parameters, e.g. {\"who\": \"elena\", \"n\": 5}. Strings are read as the type their position needs (text, timestamp like 2025-03-01, duration like 90d, comma-separated list); numbers, booleans and arrays as given.",
                        "additionalProperties": .object([
                            "type": .array(["string", "number", "integer", "boolean", "array", "null"]),
                        ]),
                    ]),
                ]),
                "required": .array(["query"]),
                "additionalProperties": false,
            ]),
            annotations: .init(title: "Query the graph", readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        ),
        Tool(
            name: ToolName.characters,
            title: "List characters",
            description: """
                Lists every character in the graph: normalized_name (the name the other tools and IGQ \
                take), display name, id and how many insights it has. Call it first when you do not know \
                the exact character name. Returns a readable list and JSON {"characters": [{"id", \
                "normalized_name", "name", "insights"}]}.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([:]),
                "additionalProperties": false,
            ]),
            annotations: .init(title: "List characters", readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        ),
        Tool(
            name: ToolName.stats,
            title: "Statistics of one character",
            description: """
                An overview of one character's self-knowledge: how many insights, relationships and \
                learning events it has, insights counted by type, relationships counted by type \
                (supports, builds_on, leads_to, contradicts), its most used trigger words, mean \
                confidence and the range of discovery dates. Use it to see what a character knows about \
                before querying. Returns a readable summary and JSON {"insights", "relationships", \
                "learning_events", "insight_types", "relationship_types", "distinct_triggers", \
                "top_triggers": [{"trigger", "insights"}], "mean_confidence", ...}.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "character": .object([
                        "type": "string",
                        "description": "The character: normalized_name or display name, any case.",
                    ]),
                ]),
                "required": .array(["character"]),
                "additionalProperties": false,
            ]),
            annotations: .init(title: "Character statistics", readOnlyHint: true, idempotentHint: true, openWorldHint: false)
        ),
    ]
}
