"""The blocking client: drives :func:`insightgraph_client._core.flow` with ``httpx.Client``."""
from __future__ import annotations

import time
from typing import Any, List, Mapping, Optional, Sequence, TypeVar, Union

import httpx

from . import _core
from ._core import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, Call, RetryConfig, Send
from .models import BatchItemResult, CharacterList, CharacterStats, Health, IngestSummary, QueryResult, RetrievalAnswer

T = TypeVar("T")


class Client:
    """Blocking client of ``insightgraph serve``.

    >>> with Client("http://127.0.0.1:8187", token="...") as client:
    ...     answer = client.retrieve(character="elena", message="I went diving on the reef today", limit=5)
    ...     answer.prompt, answer.results[0].id, answer.results[0].score

    ``timeout``: seconds (or an ``httpx.Timeout``) for each attempt. ``retry``: a
    :class:`RetryConfig` (default: 3 attempts on 503 and connection failures, backoff from 0.2 s).
    ``transport``: an ``httpx.BaseTransport`` (tests, proxies). Thread-safe like ``httpx.Client``.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        token: Optional[str] = None,
        timeout: Union[float, httpx.Timeout] = DEFAULT_TIMEOUT,
        *,
        retry: Optional[RetryConfig] = None,
        headers: Optional[Mapping[str, str]] = None,
        transport: Optional[httpx.BaseTransport] = None,
    ) -> None:
        self.config = _core.ClientConfig.make(base_url, token, timeout, retry, headers)
        self._http = httpx.Client(transport=transport, **self.config.httpx_args())

    def __repr__(self) -> str:
        return f"Client({self.config.base_url!r})"

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _run(self, call: Call[T]) -> T:
        steps = _core.flow(call, self.config.retry)
        outcome: _core.Outcome = None
        while True:
            try:
                step = steps.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, Send):
                try:
                    outcome = self._http.send(self._http.build_request(**step.call.request_args()))
                except httpx.TransportError as error:
                    outcome = error
            else:
                time.sleep(step.seconds)
                outcome = None

    # The API: each call is built and parsed in _core; see there for the details.

    def retrieve(self, *, character: str, message: str, limit: Optional[int] = None, seeds: Any = None,
                 options: Optional[Mapping[str, Any]] = None) -> RetrievalAnswer:
        """``POST /v1/retrieve``: ranked self-knowledge for a message and the rendered prompt section.
        ``seeds``: ``[{"id": 113, "weight": 0.8}]``, ``[(113, 0.8)]`` or ``{113: 0.8}``."""
        return self._run(_core.retrieve(character=character, message=message, limit=limit, seeds=seeds, options=options))

    def retrieve_batch(self, *, items: Sequence[Mapping[str, Any]]) -> List[BatchItemResult]:
        """``POST /v1/retrieve/batch``: one result per item, in order (``ok`` + ``answer``, or ``error``).
        Each item is a dict with the arguments of :meth:`retrieve`."""
        return self._run(_core.retrieve_batch(items=items))

    def query(self, *, query: str, params: Optional[Mapping[str, Any]] = None) -> QueryResult:
        """``POST /v1/query``: run an IGQ query with ``$name`` parameters."""
        return self._run(_core.query(query=query, params=params))

    def characters(self) -> CharacterList:
        """``GET /v1/characters``."""
        return self._run(_core.characters())

    def stats(self, *, name: str) -> CharacterStats:
        """``GET /v1/characters/{name}/stats``."""
        return self._run(_core.stats(name=name))

    def graphml(self, *, name: str, flavour: str = "standard") -> str:
        """``GET /v1/characters/{name}/graphml``: the character's subgraph as GraphML text."""
        return self._run(_core.graphml(name=name, flavour=flavour))

    def write_insights(self, *, name: str, records: Union[Mapping[str, Any], Sequence[Mapping[str, Any]]],
                       strict: bool = False) -> IngestSummary:
        """``POST /v1/characters/{name}/insights``: ingest records (one dict or a list) in one transaction."""
        return self._run(_core.write_insights(name=name, records=records, strict=strict))

    def health(self) -> Health:
        """``GET /healthz`` (200 or 503 ``starting``; never retried)."""
        return self._run(_core.health())

    def metrics(self) -> str:
        """``GET /metrics``: Prometheus text."""
        return self._run(_core.metrics())
