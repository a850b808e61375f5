"""The blocking Client against a live `insightgraph serve` with the demo data (see conftest.py)."""
from __future__ import annotations

import time
import uuid
import warnings

import pytest

from helpers import REEF_WORDS, assert_same_answer, batch_proxy, elena_insights
from insightgraph_client import (
    APIError,
    AuthenticationError,
    BadRequestError,
    Client,
    InvalidRecordsError,
    MethodNotAllowedError,
    NotFoundError,
    UnknownCharacterError,
)

CORAL = "I saw coral bleaching on the reef today and it broke my heart"


def test_health_is_open_and_ok(live_server):
    # /healthz needs no token.
    with Client(live_server.url) as anonymous:
        health = anonymous.health()
    assert health.status == "ok" and health.ready
    assert health.snapshot is not None and health.snapshot.characters == 4 and health.snapshot.insights >= 122


def test_retrieve_coral_reefs_for_elena(client):
    answer = client.retrieve(character="elena", message=CORAL, limit=5)
    known = elena_insights(client)
    assert answer.character == "elena"
    assert 1 <= len(answer.results) <= 5
    for r in answer.results:
        # Every id is one of elena's insights, with the content the database has for it.
        assert r.id in known, f"result id {r.id} is not an insight of elena"
        assert r.content == known[r.id]
        assert r.score == pytest.approx(r.components.total)
        assert 0 <= r.components.confidence <= 1
    assert [r.score for r in answer.results] == sorted((r.score for r in answer.results), reverse=True)
    top = answer.results[0].content.lower()
    assert "coral" in top or "reef" in top, top
    assert sum(any(w in (r.content or "").lower() for w in REEF_WORDS) for r in answer.results) >= 3
    # Seeds came from the message's triggers; the prompt section quotes the top insights.
    assert any("reef" in s.triggers or "coral bleaching" in s.triggers for s in answer.seeds)
    assert answer.prompt.startswith("## What you have learned about yourself")
    assert answer.results[0].content in answer.prompt
    assert answer.micros >= 0 and answer.answer_cache in ("hit", "miss")
    assert answer.raw == {}  # the client knows every field the server sends


@pytest.mark.parametrize("limit", [1, 2, 7])
def test_retrieve_respects_limit(client, limit):
    answer = client.retrieve(character="elena", message="the ocean, coral reefs, diving and whales", limit=limit)
    assert len(answer.results) == limit  # elena has 31 insights, so the limit is what stops it


def test_retrieve_with_caller_seeds(client):
    known = elena_insights(client)
    family = next(i for i, c in known.items() if "coral" not in c.lower())
    answer = client.retrieve(character="elena", message="hello", limit=3, seeds=[(family, 5.0)])
    assert any(s.id == family and s.caller_weight > 0 for s in answer.seeds)
    assert family in answer.ids


def test_limit_out_of_range_is_a_bad_request(client):
    with pytest.raises(BadRequestError) as caught:
        client.retrieve(character="elena", message="reef", limit=0)
    assert caught.value.status == 400 and caught.value.code == "invalid_parameter"
    assert "limit" in caught.value.message


def test_unknown_character_raises_typed_error_with_server_code(client):
    with pytest.raises(UnknownCharacterError) as caught:
        client.retrieve(character="elana", message=CORAL)
    error = caught.value
    assert isinstance(error, NotFoundError) and isinstance(error, APIError)
    assert error.status == 404 and error.code == "unknown_character"
    assert error.message == "no character named 'elana'; did you mean 'elena'?"
    assert error.close_names == ["elena"]
    assert error.attempts == 1  # a 4xx is never retried


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_bad_token_raises_authentication_error(live_server, token):
    with Client(live_server.url, token=token, timeout=5) as bad:
        with pytest.raises(AuthenticationError) as caught:
            bad.retrieve(character="elena", message=CORAL)
        with pytest.raises(AuthenticationError):
            bad.characters()
    assert caught.value.status == 401 and caught.value.code == "unauthorized"
    assert "bearer token" in caught.value.message
    assert caught.value.attempts == 1


def test_query_with_params_returns_rows(client):
    result = client.query(
        query="FROM CHARACTER $who WHERE confidence >= $min RANK BY confidence LIMIT $n RETURN id, confidence, content",
        params={"who": "elena", "min": 0.8, "n": 5})
    known = elena_insights(client)
    assert result.igq == 1 and result.kind == "select"
    assert result.columns == ["id", "confidence", "content"]
    assert 1 <= result.row_count == len(result.rows) <= 5
    for row in result.rows:
        assert row["confidence"] >= 0.8
        assert known[row["id"]] == row["content"]
    assert set(result.column("id")) <= set(result.subgraph_insights)
    assert [s.name for s in result.stages][0] == "source"


def test_query_error_carries_igq_code_and_location(client):
    with pytest.raises(BadRequestError) as caught:
        client.query(query="FROM CHARACTER $who RETURN id", params={"who": "elenna"})
    assert caught.value.code == "query_name"
    assert "unknown character 'elenna'" in caught.value.message and "elena" in caught.value.message


def test_characters_and_stats(client):
    characters = client.characters()
    assert sorted(characters.names) == ["elena", "jake", "marcus", "tomas"]
    elena = characters.by_name("ELENA")
    assert elena is not None and elena.name == "Elena Rodriguez" and elena.insights >= 31
    stats = client.stats(name="elena")
    assert stats.character.id == elena.id
    assert sum(stats.insight_types.values()) == stats.character.insights
    assert sum(stats.relationship_types.values()) == stats.relationships > 0
    assert stats.mean_confidence is not None and 0 < stats.mean_confidence <= 1
    assert stats.first_discovery is not None and stats.first_discovery <= stats.last_discovery
    assert stats.snapshot_generation >= 1
    with pytest.raises(UnknownCharacterError) as caught:
        client.stats(name="markus")
    assert caught.value.code == "unknown_character" and "marcus" in caught.value.close_names


def test_graphml_and_metrics(client):
    text = client.graphml(name="jake")
    assert text.lstrip().startswith("<?xml") and "<graphml" in text
    with pytest.raises(BadRequestError) as caught:
        client.graphml(name="jake", flavour="nope")
    assert caught.value.code == "invalid_parameter"
    assert "insightgraph_http_requests_total" in client.metrics()


def _wait_for(predicate, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {seconds} s")
        time.sleep(0.1)


def test_write_insights_round_trip(client):
    # Seeds show triggers in their analysed (stemmed) form; the trailing "k" keeps the stemmer off
    # the random suffix (a hex suffix ending in "e" or "ed" would be stemmed away).
    word = "zephyrite" + uuid.uuid4().hex[:6] + "k"
    content = f"I keep a jar of {word} sea glass from every beach clean-up."
    before = client.stats(name="elena").character.insights
    summary = client.write_insights(name="elena", records=[
        {"kind": "insight", "insight_type": "preference", "insight_content": content,
         "confidence_score": 0.8, "importance_level": 9, "triggers": [word]},
        {"kind": "relationship", "from_content": content, "to_insight_id": 101, "relationship_type": "builds_on"},
        {"kind": "insight", "insight_content": "Too sure", "confidence_score": 1.5},
    ])
    assert summary.committed and summary.character == "elena" and summary.records_read == 3
    assert summary.insights.inserted == 1 and summary.relationships.inserted == 1
    assert summary.skipped == 1 and len(summary.problems) == 1
    problem = summary.problems[0]
    assert problem.index == 2 and problem.field == "confidence_score" and "1.5" in problem.message
    [new_id] = summary.written_ids.insights

    # The service refreshes the written rows at once but answers before the swap: poll.
    answer = _wait_for(lambda: (lambda a: a if new_id in a.ids else None)(
        client.retrieve(character="elena", message=f"look at this {word}", limit=5)))
    hit = next(r for r in answer.results if r.id == new_id)
    assert hit.content == content and hit.type == "preference"
    assert any(s.id == new_id and word in s.triggers for s in answer.seeds)
    assert _wait_for(lambda: client.stats(name="elena").character.insights == before + 1)

    # The same record again merges into the stored row: nothing new.
    again = client.write_insights(name="elena", records={"kind": "insight", "insight_content": content})
    assert again.insights.inserted == 0 and again.insights.unchanged + again.insights.merged == 1


def test_write_refused_raises_invalid_records_and_writes_nothing(client):
    content = "Strict mode test " + uuid.uuid4().hex
    with pytest.raises(InvalidRecordsError) as caught:
        client.write_insights(name="elena", strict=True, records=[
            {"kind": "insight", "insight_content": content},
            {"kind": "relationship", "from_content": content, "to_content": "nowhere at all",
             "relationship_type": "supports"},
        ])
    error = caught.value
    assert error.status == 422 and error.code == "invalid_records" and "strict" in error.message
    assert [p["index"] for p in error.problems] == [1] and error.problems[0]["field"] == "to_content"
    rows = client.query(query="FROM CHARACTER 'elena' WHERE content = $c RETURN id", params={"c": content})
    assert rows.row_count == 0
    with pytest.raises(UnknownCharacterError) as unknown:
        client.write_insights(name="nobody", records={"kind": "insight", "insight_content": "x"})
    assert unknown.value.code == "unknown_character"
    with pytest.raises(BadRequestError) as empty:
        client.write_insights(name="elena", records=[])
    assert empty.value.code == "no_records"


BATCH_ITEMS = [
    {"character": "elena", "message": CORAL, "limit": 3},
    {"character": "jake", "message": "solitude on a glacier expedition", "limit": 2},
    {"character": "elana", "message": "typo in the name"},
    {"character": "tomas", "message": "the smell of paraffin and my father", "limit": 4, "seeds": [], "options": {}},
]


def check_batch(batch_client, single_client) -> bool:
    """Asserts ``retrieve_batch`` either answers in the agreed shape, each item equal to a single
    ``retrieve`` of the same fields (True), or, while the server lacks the endpoint, raises the
    client's typed error carrying the server's 404/405 code (False)."""
    try:
        results = batch_client.retrieve_batch(items=BATCH_ITEMS)
    except (NotFoundError, MethodNotAllowedError) as error:
        assert error.status in (404, 405)
        assert error.code in ("not_found", "method_not_allowed")
        assert "/v1/retrieve/batch" in error.message
        assert error.attempts == 1
        return False
    assert len(results) == len(BATCH_ITEMS)
    for item, result in zip(BATCH_ITEMS, results):
        if item["character"] == "elana":
            assert not result.ok and result.answer is None
            assert isinstance(result.error, UnknownCharacterError) and result.error.code == "unknown_character"
            assert result.error.message == "no character named 'elana'; did you mean 'elena'?"
            assert result.error.close_names == ["elena"]
            with pytest.raises(UnknownCharacterError):
                result.unwrap()
            with pytest.raises(UnknownCharacterError):
                single_client.retrieve(**item)
        else:
            assert result.ok and result.error is None
            answer = result.unwrap()
            assert answer.character == item["character"] and 1 <= len(answer.results) <= item["limit"]
            assert_same_answer(answer, single_client.retrieve(**item))
    return True


def test_retrieve_batch_matches_single_retrieves_or_is_missing(client):
    if not check_batch(client, client):
        # SERVER SIDE MISSING: POST /v1/retrieve/batch does not exist yet. Not skipped: the typed
        # 404 was checked; the per-item comparison runs as soon as the server has the endpoint.
        warnings.warn("the server has no POST /v1/retrieve/batch yet: checked the typed 404/405 error only")


def test_retrieve_batch_shape_against_reference_proxy(live_server, client):
    """The agreed batch shape, served by a local reference proxy that answers
    /v1/retrieve/batch by calling the live server's /v1/retrieve once per item (and passes every
    other request through), so the client's batch path is exercised on real answers today."""
    with batch_proxy(live_server.url) as url, Client(url, token=live_server.token, timeout=10) as proxied:
        assert check_batch(proxied, client) is True
