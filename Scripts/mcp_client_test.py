#!/usr/bin/env python3
"""End-to-end test of `insightgraph mcp` with the official Python MCP client (PyPI `mcp`).

    python mcp_client_test.py BINARY GRAPHML

Starts `BINARY mcp --source GRAPHML` as a subprocess through the client's stdio_client, as an MCP
host would, lists the tools and calls each one, including the error cases, and asserts real
results on the committed demo export (Exports/demo.graphml). Works with the client's 1.x
(camelCase attributes) and 2.x (snake_case) APIs. Exit code 0 when every check passes.
"""

import asyncio
import json
import sys
import traceback

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

FAILURES = []
CHECKS = 0


def check(condition, what):
    global CHECKS
    CHECKS += 1
    if condition:
        print(f"ok   {what}")
    else:
        print(f"FAIL {what}")
        FAILURES.append(what)


def field(obj, snake, camel):
    """An attribute under its 2.x (snake_case) or 1.x (camelCase) name."""
    if hasattr(obj, snake):
        return getattr(obj, snake)
    return getattr(obj, camel)


def is_error(result):
    return bool(field(result, "is_error", "isError"))


def texts(result):
    return [block.text for block in result.content if getattr(block, "type", None) == "text"]


def structured(result):
    """The structured content, else the JSON text block (an unexpected tool error is printed)."""
    if is_error(result):
        print(f"     tool error: {texts(result)[:1]}")
    value = field(result, "structured_content", "structuredContent")
    if value is not None:
        return value
    for text in reversed(texts(result)):
        try:
            return json.loads(text)
        except ValueError:
            continue
    return None


async def run(binary, graphml):
    # GRAPHML may also be "--database=CONNINFO": the same checks against PostgreSQL holding the demo data.
    source = ["--database", graphml.split("=", 1)[1]] if graphml.startswith("--database=") else ["--source", graphml]
    params = StdioServerParameters(command=binary, args=["mcp", *source, "--log-level", "warning"])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            info = field(init, "server_info", "serverInfo")
            check(info.name == "insightgraph", f"initialize: server name {info.name!r}")

            # Tools and their schemas.
            listed = await session.list_tools()
            names = sorted(tool.name for tool in listed.tools)
            check(names == ["character_stats", "list_characters", "query_graph", "retrieve_self_knowledge"],
                  f"tools/list names {names}")
            by_name = {tool.name: tool for tool in listed.tools}
            for tool in listed.tools:
                schema = field(tool, "input_schema", "inputSchema")
                check(len(tool.description or "") > 150, f"{tool.name}: a description an LLM can use ({len(tool.description or '')} chars)")
                check(schema.get("type") == "object" and schema.get("additionalProperties") is False,
                      f"{tool.name}: object schema refusing unknown properties")
            retrieve_schema = field(by_name["retrieve_self_knowledge"], "input_schema", "inputSchema")
            check(retrieve_schema.get("required") == ["character", "message"], "retrieve_self_knowledge requires character, message")
            check(retrieve_schema["properties"]["limit"].get("maximum") == 50, "retrieve_self_knowledge limit maximum 50")
            check("FROM CHARACTER" in (by_name["query_graph"].description or ""), "query_graph description carries IGQ examples")

            # retrieve_self_knowledge: the reef message finds Elena's coral insights.
            result = await session.call_tool("retrieve_self_knowledge",
                                             {"character": "elena", "message": "coral bleaching near the reef", "limit": 5})
            data = structured(result)
            ids = [row["id"] for row in data["results"]]
            check(not is_error(result), "retrieve: not an error")
            check(len(ids) >= 3 and (102 in ids[:3] or 130 in ids[:3]), f"retrieve: 102 or 130 in the top 3 ({ids})")
            check(len(ids) <= 5, "retrieve: limit 5 respected")
            check(data["prompt"].startswith("## What you have learned about yourself"), "retrieve: prompt section rendered")
            check(all(row["content"] and row["type"] and row["score"] > 0 for row in data["results"]),
                  "retrieve: every result has content, type, score")
            check("102" in texts(result)[0] or "130" in texts(result)[0], "retrieve: readable summary names the insights")

            # Display name, any case, and min_score gating.
            result = await session.call_tool("retrieve_self_knowledge",
                                             {"character": "ELENA RODRIGUEZ", "message": "coral bleaching", "limit": 1})
            data = structured(result)
            check(not is_error(result) and data["character"] == "elena" and len(data["results"]) == 1,
                  "retrieve: display name resolves, limit 1")
            result = await session.call_tool("retrieve_self_knowledge",
                                             {"character": "elena", "message": "coral bleaching", "min_score": 1000})
            data = structured(result)
            check(not is_error(result) and data["results"] == [] and data["prompt"] == "",
                  "retrieve: min_score above every score gives no results and an empty prompt")

            # Errors as tool errors.
            result = await session.call_tool("retrieve_self_knowledge", {"character": "elenna", "message": "coral"})
            check(is_error(result) and "did you mean 'elena'" in texts(result)[0],
                  f"retrieve: unknown character is a tool error with 'did you mean' ({texts(result)[:1]})")
            result = await session.call_tool("retrieve_self_knowledge", {"character": "elena", "message": "coral", "limit": 0})
            check(is_error(result) and "limit" in texts(result)[0], "retrieve: limit 0 is a tool error naming limit")
            result = await session.call_tool("retrieve_self_knowledge", {"character": "elena"})
            check(is_error(result) and "message" in texts(result)[0], "retrieve: missing message is a tool error")
            result = await session.call_tool("retrieve_self_knowledge", {"character": "elena", "message": "x", "limt": 3})
            check(is_error(result) and "limt" in texts(result)[0], "retrieve: unknown argument is a tool error naming it")

            # query_graph.
            result = await session.call_tool("query_graph",
                                             {"query": "FROM CHARACTER 'elena' WHERE confidence >= 0.9 RETURN id"})
            data = structured(result)
            check(not is_error(result) and len(data["rows"]) > 0, f"query: rows returned ({len(data['rows'])})")
            result = await session.call_tool("query_graph", {
                "query": "FROM CHARACTER $who WHERE confidence >= $min RANK BY importance LIMIT $n RETURN id, confidence",
                "params": {"who": "elena", "min": 0.9, "n": 2}})
            data = structured(result)
            check(not is_error(result) and 0 < len(data["rows"]) <= 2, f"query: params bound ({data.get('rows') if data else None})")
            result = await session.call_tool("query_graph", {"query": "COUNT INSIGHTS GROUP BY character"})
            check(not is_error(result) and len(structured(result)["rows"]) == 4, "query: COUNT INSIGHTS GROUP BY character, 4 rows")
            result = await session.call_tool("query_graph", {"query": "FROM CHARACTER 'elena'\nWHERE confidnce >= 0.9 RETURN id"})
            text = texts(result)[0]
            check(is_error(result) and ":2:7:" in text and "did you mean 'confidence'" in text,
                  f"query: IGQ error is a tool error with line:column and a fix ({text.splitlines()[0]})")
            result = await session.call_tool("query_graph", {"query": "FROM ALL RETURN id", "params": {"nope": 1}})
            check(is_error(result) and "$nope" in texts(result)[0], "query: unknown parameter is a tool error")

            # list_characters.
            result = await session.call_tool("list_characters", {})
            data = structured(result)
            names = sorted(c["normalized_name"] for c in data["characters"])
            check(not is_error(result) and "elena" in names and len(names) == 4, f"list_characters: {names}")
            check(sum(c["insights"] for c in data["characters"]) == 122, "list_characters: insight counts sum to 122")

            # character_stats.
            result = await session.call_tool("character_stats", {"character": "elena"})
            data = structured(result)
            check(not is_error(result) and data["insights"] > 0 and data["insight_types"]
                  and sum(data["insight_types"].values()) == data["insights"], "character_stats: type counts add up")
            check(set(data["relationship_types"]) <= {"supports", "builds_on", "leads_to", "contradicts"}
                  and data["relationship_types"], f"character_stats: relationship types {sorted(data['relationship_types'])}")
            check(len(data["top_triggers"]) > 0, "character_stats: triggers counted")
            result = await session.call_tool("character_stats", {"character": "marcos"})
            check(is_error(result) and "did you mean" in texts(result)[0], "character_stats: unknown character, did you mean")

            # An unknown tool is a protocol error, not a tool result.
            try:
                result = await session.call_tool("no_such_tool", {})
                check(is_error(result) and "Unknown tool" in texts(result)[0],
                      "unknown tool: error reported")
            except Exception as error:  # mcp.MCPError (2.x) / McpError (1.x)
                check("Unknown tool" in str(error) or "Unknown tool" in str(getattr(error, "error", "")),
                      f"unknown tool: protocol error ({error})")

            # The server is still alive after all of that.
            result = await session.call_tool("list_characters", {})
            check(not is_error(result), "server still answers after the errors")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    try:
        asyncio.run(asyncio.wait_for(run(sys.argv[1], sys.argv[2]), timeout=120))
    except BaseException as error:  # an ExceptionGroup from the client's task groups: name the cause
        while isinstance(error, BaseExceptionGroup) and error.exceptions:
            error = error.exceptions[0]
        FAILURES.append(f"aborted: {type(error).__name__}: {error}")
        traceback.print_exception(error)
    print(f"{CHECKS - len(FAILURES)}/{CHECKS} checks passed")
    if FAILURES:
        print("failed:\n  " + "\n  ".join(FAILURES))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
