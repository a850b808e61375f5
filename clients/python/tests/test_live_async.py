"""AsyncClient against the live server, and the asyncio example script."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from helpers import REEF_WORDS, assert_same_answer, elena_insights
from insightgraph_client import AsyncClient, AuthenticationError, BadRequestError, Client, UnknownCharacterError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "async_prompt_builder.py"


@pytest.mark.asyncio
async def test_async_retrieve_matches_sync(live_server, client):
    message = "I went diving on the reef today"
    async with AsyncClient(live_server.url, token=live_server.token, timeout=10) as aclient:
        answer = await aclient.retrieve(character="elena", message=message, limit=4)
    assert len(answer.results) == 4
    known = elena_insights(client)
    assert all(known[r.id] == r.content for r in answer.results)
    assert any(w in answer.prompt.lower() for w in REEF_WORDS)
    assert_same_answer(answer, client.retrieve(character="elena", message=message, limit=4))


@pytest.mark.asyncio
async def test_async_concurrent_calls(live_server):
    messages = {"elena": "coral reef", "marcus": "is AI just autocomplete?",
                "jake": "the northern lights over Lofoten", "tomas": "a storm knocked out the radio"}
    async with AsyncClient(live_server.url, token=live_server.token, timeout=10) as aclient:
        answers, characters, stats = await asyncio.gather(
            asyncio.gather(*(aclient.retrieve(character=c, message=m, limit=3) for c, m in messages.items())),
            aclient.characters(),
            aclient.stats(name="tomas"),
        )
        query = await aclient.query(query="FROM CHARACTER $who LIMIT 2 RETURN id", params={"who": "jake"})
    assert [a.character for a in answers] == list(messages)
    assert all(1 <= len(a.results) <= 3 for a in answers)
    assert sorted(characters.names) == sorted(messages)
    assert stats.character.normalized_name == "tomas"
    assert query.row_count == 2


@pytest.mark.asyncio
async def test_async_errors(live_server):
    async with AsyncClient(live_server.url, token=live_server.token, timeout=10) as aclient:
        with pytest.raises(UnknownCharacterError) as caught:
            await aclient.retrieve(character="jak", message="hi")
        assert caught.value.code == "unknown_character" and caught.value.status == 404
        assert "jake" in caught.value.close_names
        with pytest.raises(BadRequestError) as bad:
            await aclient.query(query="FROM CHARACTER 'jake' RETURN nope")
        assert bad.value.code.startswith("query_")
    async with AsyncClient(live_server.url, token="wrong", timeout=10) as anonymous:
        with pytest.raises(AuthenticationError) as auth:
            await anonymous.stats(name="jake")
        assert auth.value.code == "unauthorized"
        assert (await anonymous.health()).status == "ok"


@pytest.mark.asyncio
async def test_async_write_then_retrieve(live_server):
    word = "quillwort" + uuid.uuid4().hex[:6]
    content = f"I press {word} leaves between the pages of old lesson plans."
    async with AsyncClient(live_server.url, token=live_server.token, timeout=10) as aclient:
        summary = await aclient.write_insights(name="marcus", records={
            "kind": "insight", "insight_content": content, "triggers": [word], "importance_level": 8})
        assert summary.committed and summary.insights.inserted == 1
        [new_id] = summary.written_ids.insights
        deadline = time.monotonic() + 20
        while True:
            answer = await aclient.retrieve(character="marcus", message=f"what about {word}?", limit=3)
            if new_id in answer.ids:
                break
            assert time.monotonic() < deadline, "the written insight was not retrieved within 20 s"
            await asyncio.sleep(0.1)
    assert next(r for r in answer.results if r.id == new_id).content == content


def test_async_prompt_builder_example(live_server, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(live_server.token or "")
    args = [sys.executable, str(EXAMPLE), "--url", live_server.url, "--character", "elena",
            "I went diving on the reef today", "Do you remember the gray whales?", "thanks, that's all for now"]
    if live_server.token:
        args[2:2] = ["--token-file", str(token_file)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count("--- system prompt ---") == 3
    # Small talk matches nothing above the service's min score: no self-knowledge section for it.
    assert out.count("## What you have learned about yourself") == 2
    assert "I went diving on the reef today" in out and "Do you remember the gray whales?" in out
    with Client(live_server.url, token=live_server.token) as client:
        top = client.retrieve(character="elena", message="I went diving on the reef today", limit=8)
    assert top.prompt in out  # the section is the service's answer.prompt, verbatim
    assert done.stderr == ""

    # Without the token the example still answers, without the section, and says why.
    env = {k: v for k, v in os.environ.items() if k != "INSIGHTGRAPH_TOKEN"}
    degraded = subprocess.run([sys.executable, str(EXAMPLE), "--url", live_server.url, "--character", "elena", "hi"],
                              capture_output=True, text=True, timeout=60, env=env)
    assert degraded.returncode == 0
    if live_server.token:
        assert "## What you have learned" not in degraded.stdout
        assert "unauthorized" in degraded.stderr
