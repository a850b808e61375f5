"""Timeouts and retries, against sockets and a stub HTTP server this test opens itself on
127.0.0.1 (testing the client's own behaviour, not the service)."""
from __future__ import annotations

import json
import socket
import time
from contextlib import contextmanager
from typing import Iterator

import pytest

from helpers import retrieval_json, stub_server
from insightgraph_client import (
    AsyncClient,
    BadRequestError,
    Client,
    ClientConnectionError,
    ClientTimeoutError,
    NotFoundError,
    RetryConfig,
    ServerError,
    ServiceUnavailableError,
    TransportError,
)

FAST_RETRY = RetryConfig(max_attempts=3, initial_backoff=0.05, multiplier=2, max_backoff=1, jitter=0)
NOT_READY = {"error": {"code": "not_ready", "message": "no graph snapshot is loaded yet; see /healthz"}}


@contextmanager
def blackhole() -> Iterator[str]:
    """A listening socket that never answers: connect succeeds (backlog), no byte ever comes back."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield f"http://127.0.0.1:{s.getsockname()[1]}"


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there now: connection refused


# MARK: timeouts


def test_timeout_raises_client_timeout_error():
    with blackhole() as url, Client(url, timeout=0.2, retry=FAST_RETRY) as client:
        start = time.monotonic()
        with pytest.raises(ClientTimeoutError) as caught:
            client.retrieve(character="elena", message="reef")
        elapsed = time.monotonic() - start
    assert isinstance(caught.value, TimeoutError) and isinstance(caught.value, TransportError)
    assert caught.value.attempts == 1  # a read timeout is not retried
    assert 0.15 <= elapsed < 2.0
    assert "POST /v1/retrieve timed out" in str(caught.value)


@pytest.mark.asyncio
async def test_async_timeout_raises_client_timeout_error():
    with blackhole() as url:
        async with AsyncClient(url, timeout=0.2) as client:
            start = time.monotonic()
            with pytest.raises(ClientTimeoutError):
                await client.characters()
            assert time.monotonic() - start < 2.0


# MARK: retries


def test_retry_on_503_then_success():
    with stub_server([(503, NOT_READY), (503, NOT_READY), (200, retrieval_json([101, 102]))]) as (url, seen):
        with Client(url, token="t0k", retry=FAST_RETRY) as client:
            answer = client.retrieve(character="elena", message="reef", limit=2)
    assert answer.ids == [101, 102] and answer.results[0].components.total == 0.7
    assert len(seen) == 3 and all(path == "/v1/retrieve" for _, path, _ in seen)
    # Every attempt is the same request, with the token.
    bodies = {r["body"] for _, _, r in seen}
    assert len(bodies) == 1 and json.loads(bodies.pop()) == {"character": "elena", "message": "reef", "limit": 2}
    assert all(r["headers"]["Authorization"] == "Bearer t0k" for _, _, r in seen)
    # Exponential backoff: ~0.05 s, then ~0.1 s.
    gaps = [b[0] - a[0] for a, b in zip(seen, seen[1:])]
    assert gaps[0] >= 0.045 and gaps[1] >= 0.095 and gaps[1] > gaps[0]


@pytest.mark.asyncio
async def test_async_retry_on_503_then_success():
    with stub_server([(503, NOT_READY), (503, NOT_READY), (200, retrieval_json([7]))]) as (url, seen):
        async with AsyncClient(url, retry=FAST_RETRY) as client:
            answer = await client.retrieve(character="elena", message="reef")
    assert answer.ids == [7] and len(seen) == 3


def test_503_gives_up_after_max_attempts_with_server_error():
    with stub_server([(503, NOT_READY)]) as (url, seen):
        with Client(url, retry=RetryConfig(max_attempts=4, initial_backoff=0.01, jitter=0)) as client:
            with pytest.raises(ServiceUnavailableError) as caught:
                client.characters()
    assert len(seen) == 4 and caught.value.attempts == 4
    assert caught.value.status == 503 and caught.value.code == "not_ready"
    assert caught.value.message.startswith("no graph snapshot")


def test_retry_disabled_sends_once():
    with stub_server([(503, NOT_READY), (200, retrieval_json([1]))]) as (url, seen):
        with Client(url, retry=RetryConfig.disabled()) as client:
            with pytest.raises(ServiceUnavailableError):
                client.retrieve(character="elena", message="x")
    assert len(seen) == 1


@pytest.mark.parametrize("status,error,cls", [
    (400, {"error": {"code": "invalid_parameter", "message": "body.limit: must be between 1 and 1000"}}, BadRequestError),
    (404, {"error": {"code": "not_found", "message": "no endpoint at /v1/retrieve/batch"}}, NotFoundError),
    (429, {"error": {"code": "too_many_requests", "message": "slow down"}}, None),
])
def test_4xx_is_never_retried(status, error, cls):
    with stub_server([(status, error), (200, retrieval_json([1]))]) as (url, seen):
        with Client(url, retry=FAST_RETRY) as client:
            with pytest.raises(Exception) as caught:
                client.retrieve(character="elena", message="x")
    assert len(seen) == 1
    assert caught.value.status == status and caught.value.code == error["error"]["code"]
    if cls is not None:
        assert type(caught.value) is cls


def test_other_5xx_not_retried_and_non_json_error_body():
    with stub_server([(502, "<html>bad gateway</html>"), (200, retrieval_json([1]))]) as (url, seen):
        with Client(url, retry=FAST_RETRY) as client:
            with pytest.raises(ServerError) as caught:
                client.characters()
    assert len(seen) == 1
    assert caught.value.status == 502 and caught.value.code == "http_502" and "bad gateway" in caught.value.message


def test_connection_refused_is_retried_then_raised():
    url = closed_port_url()
    with Client(url, retry=FAST_RETRY) as client:
        start = time.monotonic()
        with pytest.raises(ClientConnectionError) as caught:
            client.characters()
    assert caught.value.attempts == 3 and isinstance(caught.value, ConnectionError)
    assert time.monotonic() - start >= 0.14  # slept 0.05 + 0.1 between the attempts


def test_write_is_retried_on_503_database_unavailable():
    unavailable = {"error": {"code": "database_unavailable", "message": "the database is unreachable; nothing was written, retry later"}}
    summary = {"character": "elena", "committed": True, "records_read": 1, "skipped": 0,
               "insights": {"inserted": 1, "merged": 0, "unchanged": 0, "merged_in_input": 0},
               "relationships": {"inserted": 0, "merged": 0, "unchanged": 0, "merged_in_input": 0},
               "timeline": {"inserted": 0, "unchanged": 0, "merged_in_input": 0},
               "characters_created": 0, "written_ids": {"insights": [431], "relationships": [], "timeline": []},
               "problems": []}
    with stub_server([(503, unavailable), (200, summary)]) as (url, seen):
        with Client(url, retry=FAST_RETRY) as client:
            result = client.write_insights(name="elena", records={"kind": "insight", "insight_content": "x"}, strict=True)
    assert len(seen) == 2 and seen[0][1] == "/v1/characters/elena/insights?strict=true"
    assert result.written_ids.insights == [431] and result.timeline.merged is None
