#!/usr/bin/env python3
"""A prompt builder calling `insightgraph serve` on every message (standard library only).

    insightgraph serve --port 8187 [--token-file token.txt] &
    python3 Scripts/prompt_builder_example.py elena "I went diving on the reef today"

Environment: INSIGHTGRAPH_URL (default http://127.0.0.1:8187), INSIGHTGRAPH_TOKEN (optional bearer token).
"""
import json
import os
import sys
import urllib.error
import urllib.request

BASE_URL = os.environ.get("INSIGHTGRAPH_URL", "http://127.0.0.1:8187")
TOKEN = os.environ.get("INSIGHTGRAPH_TOKEN")


def retrieve(character, message, limit=8, seeds=None, timeout=2.0):
    """POST /v1/retrieve; returns the decoded JSON (results, prompt, micros) or raises RuntimeError."""
    body = {"character": character, "message": message, "limit": limit}
    if seeds:
        body["seeds"] = [{"id": insight_id, "weight": weight} for insight_id, weight in seeds]
    request = urllib.request.Request(
        BASE_URL + "/v1/retrieve",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    if TOKEN:
        request.add_header("Authorization", "Bearer " + TOKEN)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        # Every error is {"error": {"code": ..., "message": ...}}.
        try:
            detail = json.load(error)["error"]
        except (ValueError, KeyError):
            detail = {"code": "http_%d" % error.code, "message": error.reason}
        raise RuntimeError("%s: %s" % (detail["code"], detail["message"])) from None


def build_prompt(character, user_message):
    """Places the retrieved self-knowledge section between the system text and the user's message."""
    try:
        section = retrieve(character, user_message).get("prompt", "")
    except (RuntimeError, OSError) as error:
        # The service is optional for answering: without it the bot just knows less about itself.
        print("retrieval unavailable (%s); continuing without it" % error, file=sys.stderr)
        section = ""
    parts = ["You are %s. Stay in character." % character]
    if section:
        parts.append(section)
    parts.append("User: " + user_message)
    return "\n\n".join(parts)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: prompt_builder_example.py CHARACTER MESSAGE")
    print(build_prompt(sys.argv[1], sys.argv[2]))
