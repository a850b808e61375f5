"""Response parsing, request building and API parity; no server needed."""
from __future__ import annotations

import inspect
import json

import httpx
import pytest

from helpers import retrieval_json
from insightgraph_client import (
    AsyncClient,
    Client,
    QueryResult,
    ResponseFormatError,
    RetrievalAnswer,
    RetryConfig,
    UnknownCharacterError,
)
from insightgraph_client.models import BatchItemResult, CharacterStats, Health


def test_answer_parses_into_typed_results():
    answer = RetrievalAnswer.from_json(retrieval_json([101, 102]))
    assert answer.ids == [101, 102]
    r = answer.results[0]
    assert (r.id, r.score, r.content, r.type) == (101, 0.7, "insight 101", "preference")
    assert isinstance(r.components.graph, float) and r.components.graph == 1.0
    assert r.seeds[0].hops == 0 and answer.seeds[0].triggers == ["reef"]


def test_unknown_fields_are_kept_in_raw():
    data = retrieval_json([101])
    data["explain_version"] = 2
    data["results"][0]["novelty"] = 0.25
    data["results"][0]["components"]["social"] = 0.1
    answer = RetrievalAnswer.from_json(data)
    assert answer.raw == {"explain_version": 2}
    assert answer.results[0].raw == {"novelty": 0.25}
    assert answer.results[0].components.raw == {"social": 0.1}


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d.pop("prompt"), "prompt: required field is missing"),
    (lambda d: d["results"][1].pop("score"), "results[1].score: required field is missing"),
    (lambda d: d["results"][0].__setitem__("score", "high"), "results[0].score: expected a number, found a string"),
    (lambda d: d["results"][0]["components"].pop("total"), "results[0].components.total: required field is missing"),
    (lambda d: d["results"][0].__setitem__("id", True), "results[0].id: expected an integer, found true or false"),
    (lambda d: d.__setitem__("results", {}), "results: expected an array, found an object"),
    (lambda d: d["results"][0]["seeds"][0].pop("hops"), "results[0].seeds[0].hops: required field is missing"),
])
def test_missing_or_mistyped_required_fields_raise_clearly(mutate, message):
    data = retrieval_json([101, 102])
    mutate(data)
    with pytest.raises(ResponseFormatError) as caught:
        RetrievalAnswer.from_json(data)
    assert str(caught.value) == message


def test_nullable_content_and_optional_fields():
    data = retrieval_json([5])
    data["results"][0]["content"] = None
    data["results"][0]["type"] = None
    assert RetrievalAnswer.from_json(data).results[0].content is None
    # The service omits nil optionals (mean_confidence, discovery dates, names) rather than sending null.
    stats = CharacterStats.from_json({
        "character": {"id": 9, "insights": 0, "learning_events": 0}, "relationships": 0,
        "cross_character_relationships": 0, "insight_types": {}, "relationship_types": {},
        "distinct_triggers": 0, "discovery_dates": {}, "snapshot_generation": 3})
    assert stats.mean_confidence is None and stats.first_discovery is None and stats.character.name is None
    assert Health.from_json({"status": "starting", "refresh": {"last_outcome": "never"}}).ready is False


def test_batch_item_parsing():
    ok = BatchItemResult.from_json({"ok": True, "answer": retrieval_json([3])}, "results[0]")
    assert ok.unwrap().ids == [3]
    bad = BatchItemResult.from_json(
        {"ok": False, "error": {"code": "unknown_character", "message": "no character named 'x'", "close_names": []}}, "results[1]")
    assert isinstance(bad.error, UnknownCharacterError) and bad.error.status is None
    with pytest.raises(UnknownCharacterError):
        bad.unwrap()
    with pytest.raises(ResponseFormatError, match=r"results\[2\]\.answer\.prompt: required field is missing"):
        data = retrieval_json([1])
        del data["prompt"]
        BatchItemResult.from_json({"ok": True, "answer": data}, "results[2]")


def _mock(handler):
    return Client("http://insightgraph.test", token="abc", transport=httpx.MockTransport(handler),
                  retry=RetryConfig(max_attempts=1))


def test_requests_are_built_from_keyword_arguments():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/retrieve/batch":
            return httpx.Response(200, json={"results": [{"ok": True, "answer": retrieval_json([1])}]})
        return httpx.Response(200, json=retrieval_json([1]))

    with _mock(handler) as client:
        client.retrieve(character="elena", message="reef", limit=3, seeds={113: 0.8}, options={"method": "exact"})
        client.retrieve(character="elena", message="reef")
        client.retrieve_batch(items=[{"character": "elena", "message": "m", "seeds": [{"id": 1, "weight": 2}]}])
    assert json.loads(seen[0].content) == {"character": "elena", "message": "reef", "limit": 3,
                                           "seeds": [{"id": 113, "weight": 0.8}], "options": {"method": "exact"}}
    assert json.loads(seen[1].content) == {"character": "elena", "message": "reef"}
    assert json.loads(seen[2].content) == {"items": [{"character": "elena", "message": "m", "seeds": [{"id": 1, "weight": 2}]}]}
    assert all(r.headers["Authorization"] == "Bearer abc" for r in seen)
    assert seen[0].headers["Content-Type"] == "application/json"


def test_batch_answer_must_have_one_result_per_item():
    handler = lambda request: httpx.Response(200, json={"results": []})  # noqa: E731
    with _mock(handler) as client, pytest.raises(ResponseFormatError, match="expected 1 item"):
        client.retrieve_batch(items=[{"character": "elena", "message": "m"}])


def test_bad_arguments_fail_before_sending():
    with _mock(lambda r: pytest.fail("sent")) as client:
        with pytest.raises(TypeError):
            client.retrieve(character="elena", message="x", limit="3")
        with pytest.raises(ValueError):
            client.retrieve_batch(items=[{"character": "elena", "message": "x", "limt": 3}])
        with pytest.raises(TypeError):
            client.retrieve(character="elena", message="x", seeds=[113])
        with pytest.raises(TypeError):
            client.write_insights(name="elena", records="not a record")
        with pytest.raises(TypeError):
            client.retrieve("elena", "x")  # keyword arguments only


def test_names_are_escaped_in_paths_and_non_json_answers_are_reported():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path)
        return httpx.Response(200, text="<html>not json</html>", headers={"Content-Type": "text/html"})

    with _mock(handler) as client, pytest.raises(ResponseFormatError, match="answer is not JSON"):
        client.stats(name="tomás/x")
    assert seen == [b"/v1/characters/tom%C3%A1s%2Fx/stats"]


def test_query_result_parsing_is_lenient_on_optional_parts():
    result = QueryResult.from_json({"igq": 1, "kind": "count", "columns": ["n"], "rows": [{"n": 3}], "row_count": 1})
    assert result.column("n") == [3] and result.stages == [] and result.subgraph_insights == []


def test_sync_and_async_clients_offer_the_same_api():
    public = lambda cls: {n: m for n, m in inspect.getmembers(cls, inspect.isfunction) if not n.startswith("_")}  # noqa: E731
    sync, asynchronous = public(Client), public(AsyncClient)
    assert set(sync) - {"close"} == set(asynchronous) - {"aclose"}
    for name, method in sync.items():
        if name == "close":
            continue
        other = asynchronous[name]
        assert inspect.iscoroutinefunction(other), name
        assert inspect.signature(method) == inspect.signature(other), name
    assert inspect.signature(Client.__init__).parameters.keys() == inspect.signature(AsyncClient.__init__).parameters.keys()


def test_token_is_not_shown():
    with Client("http://127.0.0.1:1", token="sekrit") as client:
        assert "sekrit" not in repr(client) and "sekrit" not in repr(client.config)


def test_retry_config_validation_and_backoff():
    with pytest.raises(ValueError):
        RetryConfig(max_attempts=0)
    with pytest.raises(ValueError):
        RetryConfig(retry_statuses=(429,))
    r = RetryConfig(initial_backoff=0.1, multiplier=2, max_backoff=0.5, jitter=0)
    assert [r.delay(n) for n in (1, 2, 3, 4)] == [0.1, 0.2, 0.4, 0.5]
    assert r.delay(1, retry_after=0.3) == 0.3 and r.delay(1, retry_after=60) == 0.5
    jittery = RetryConfig(initial_backoff=1, jitter=0.1)
    assert all(0.9 <= jittery.delay(1) <= 1.1 for _ in range(50))
