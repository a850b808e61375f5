"""Everything the sync and async clients share: configuration, request building, the retry policy
and response parsing. It does no I/O: each API call is described by a :class:`Call`, and
:func:`flow` is a generator that yields what to do next (:class:`Send` the request, or
:class:`Sleep` before retrying) and receives the outcome; ``Client`` and ``AsyncClient`` only
drive it with their own transport and sleep."""
from __future__ import annotations

import json as jsonlib
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Generator, Generic, Iterable, List, Mapping, Optional, Sequence, Tuple, TypeVar, Union
from urllib.parse import quote

import httpx

from . import _parse as p
from .errors import ClientConnectionError, ClientTimeoutError, ResponseFormatError, error_from_body
from .models import (
    BatchItemResult,
    CharacterList,
    CharacterStats,
    Health,
    IngestSummary,
    QueryResult,
    RetrievalAnswer,
)

T = TypeVar("T")

DEFAULT_BASE_URL = "http://127.0.0.1:8187"
DEFAULT_TIMEOUT = 5.0
ANSWER_CACHE_HEADER = "X-InsightGraph-Answer-Cache"
RETRIEVE_FIELDS = ("character", "message", "limit", "seeds", "options")


# MARK: retry policy


@dataclass(frozen=True)
class RetryConfig:
    """When and how often a request is sent again.

    Retried: a 503 answer (``not_ready`` while the service loads its first snapshot,
    ``database_unavailable`` for a write that wrote nothing), and connection failures before the
    request reached the service (refused, connect timeout); for calls that change nothing
    (everything but writes) also a connection dropped before the answer. Never retried: any 4xx,
    other 5xx, read timeouts. The wait before attempt *n+1* is
    ``min(max_backoff, initial_backoff * multiplier**(n-1))`` ± ``jitter`` (a fraction), or the
    answer's ``Retry-After`` seconds when larger (still capped by ``max_backoff``).
    ``max_attempts=1`` turns retrying off.
    """

    max_attempts: int = 3
    initial_backoff: float = 0.2
    multiplier: float = 2.0
    max_backoff: float = 5.0
    jitter: float = 0.1
    retry_on_connection_errors: bool = True
    retry_statuses: Tuple[int, ...] = (503,)

    def __post_init__(self) -> None:
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ValueError(f"max_attempts must be an integer >= 1, got {self.max_attempts!r}")
        if self.initial_backoff < 0 or self.max_backoff < 0 or self.multiplier < 1:
            raise ValueError("backoffs must be >= 0 and multiplier >= 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError(f"jitter must be a fraction in 0...1, got {self.jitter!r}")
        if any(400 <= s < 500 for s in self.retry_statuses):
            raise ValueError("4xx answers are never retried")

    @classmethod
    def disabled(cls) -> "RetryConfig":
        return cls(max_attempts=1)

    def delay(self, attempt: int, retry_after: Optional[float] = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        base = min(self.max_backoff, self.initial_backoff * self.multiplier ** (attempt - 1))
        if self.jitter:
            base *= 1 + random.uniform(-self.jitter, self.jitter)
        if retry_after is not None:
            base = max(base, retry_after)
        return max(0.0, min(base, self.max_backoff))


# MARK: calls


_NO_BODY = object()


@dataclass(frozen=True)
class Call(Generic[T]):
    """One API call: the request, which statuses are answers, and how to read an answer."""

    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    json: Any = _NO_BODY
    params: Optional[Dict[str, str]] = None
    #: Changes nothing on the server, so a connection dropped mid-request may be retried.
    idempotent: bool = True
    #: Statuses whose body is an answer (parsed by ``parse``), not an error.
    answer_statuses: Tuple[int, ...] = (200,)
    #: Whether the retry policy's statuses (503) are retried for this call.
    retry_statuses: bool = True

    def request_args(self) -> Dict[str, Any]:
        """Keyword arguments of ``httpx.Client.build_request`` / ``httpx.AsyncClient.build_request``."""
        args: Dict[str, Any] = {"method": self.method, "url": self.path}
        if self.params:
            args["params"] = self.params
        if self.json is not _NO_BODY:
            args["content"] = jsonlib.dumps(self.json, ensure_ascii=False, allow_nan=False).encode("utf-8")
            args["headers"] = {"Content-Type": "application/json"}
        return args


@dataclass(frozen=True)
class Send:
    call: Call[Any]


@dataclass(frozen=True)
class Sleep:
    seconds: float


Outcome = Union[httpx.Response, httpx.TransportError, None]


def flow(call: Call[T], retry: RetryConfig) -> Generator[Union[Send, Sleep], Outcome, T]:
    """The life of one call: send, retry on 503 / connection failures with backoff, then parse the
    answer or raise the error. The driver sends back an ``httpx.Response`` or the
    ``httpx.TransportError`` it caught after a :class:`Send`, and None after a :class:`Sleep`."""
    attempt = 0
    while True:
        attempt += 1
        outcome = yield Send(call)
        last = attempt >= retry.max_attempts
        if isinstance(outcome, httpx.TransportError):
            if not last and _retryable(outcome, call, retry):
                yield Sleep(retry.delay(attempt))
                continue
            what = f"{call.method} {call.path}"
            tries = f" (after {attempt} attempts)" if attempt > 1 else ""
            if isinstance(outcome, httpx.TimeoutException):
                raise ClientTimeoutError(f"{what} timed out{tries}: {type(outcome).__name__}", attempts=attempt) from outcome
            raise ClientConnectionError(f"{what} failed{tries}: {outcome or type(outcome).__name__}", attempts=attempt) from outcome
        assert isinstance(outcome, httpx.Response), "the driver sends back a response or a transport error"
        status = outcome.status_code
        if status in call.answer_statuses:
            return call.parse(outcome)
        if call.retry_statuses and status in retry.retry_statuses and not last:
            yield Sleep(retry.delay(attempt, _retry_after(outcome)))
            continue
        raise _error(outcome, attempt)


def _retryable(error: httpx.TransportError, call: Call[Any], retry: RetryConfig) -> bool:
    if not retry.retry_on_connection_errors:
        return False
    # Never reached the service: safe for every call.
    if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout)):
        return True
    # Dropped mid-request (e.g. a kept-alive connection the server had closed): only reads.
    return call.idempotent and isinstance(error, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError))


def _retry_after(response: httpx.Response) -> Optional[float]:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _error(response: httpx.Response, attempts: int) -> Exception:
    try:
        body = response.json()
    except ValueError:
        body = None
    return error_from_body(response.status_code, body, response.text if body is None else "", attempts=attempts)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as error:
        kind = response.headers.get("Content-Type", "no content type")
        raise ResponseFormatError(
            f"{response.request.method} {response.request.url.path}: answer is not JSON ({kind}): {error}") from None


def _reader(model: Callable[[Any], T]) -> Callable[[httpx.Response], T]:
    def parse(response: httpx.Response) -> T:
        return model(_json(response))

    return parse


def _path_segment(name: str) -> str:
    if not isinstance(name, str) or not name:
        raise TypeError(f"character name must be a non-empty string, got {name!r}")
    return quote(name, safe="")


# MARK: request building (one function per endpoint; both clients call these)


def normalize_seeds(seeds: Any) -> Optional[List[Dict[str, Any]]]:
    """Caller seeds as ``[{"id", "weight"}]`` from ``[{"id": 113, "weight": 0.8}]``,
    ``[(113, 0.8)]`` or ``{113: 0.8}``."""
    if seeds is None:
        return None
    if isinstance(seeds, Mapping):
        pairs: Iterable[Any] = seeds.items()
    elif isinstance(seeds, (list, tuple)):
        pairs = seeds
    else:
        raise TypeError(f"seeds must be a list of {{'id', 'weight'}} objects, (id, weight) pairs, or a dict; got {type(seeds).__name__}")
    out = []
    for i, seed in enumerate(pairs):
        if isinstance(seed, Mapping):
            unknown = set(seed) - {"id", "weight"}
            if unknown or "id" not in seed or "weight" not in seed:
                raise ValueError(f"seeds[{i}]: expected keys 'id' and 'weight', got {sorted(seed)}")
            insight_id, weight = seed["id"], seed["weight"]
        elif isinstance(seed, (list, tuple)) and len(seed) == 2:
            insight_id, weight = seed
        else:
            raise TypeError(f"seeds[{i}]: expected {{'id', 'weight'}} or (id, weight), got {seed!r}")
        if isinstance(insight_id, bool) or not isinstance(insight_id, int):
            raise TypeError(f"seeds[{i}].id must be an integer, got {insight_id!r}")
        if isinstance(weight, bool) or not isinstance(weight, (int, float)):
            raise TypeError(f"seeds[{i}].weight must be a number, got {weight!r}")
        out.append({"id": insight_id, "weight": weight})
    return out


def retrieve_body(
    character: str,
    message: str,
    limit: Optional[int] = None,
    seeds: Any = None,
    options: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """The JSON body of ``/v1/retrieve`` (and of one batch item); None fields are left out."""
    if not isinstance(character, str):
        raise TypeError(f"character must be a string, got {type(character).__name__}")
    if not isinstance(message, str):
        raise TypeError(f"message must be a string, got {type(message).__name__}")
    body: Dict[str, Any] = {"character": character, "message": message}
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an integer, got {limit!r}")
        body["limit"] = limit
    normalized = normalize_seeds(seeds)
    if normalized is not None:
        body["seeds"] = normalized
    if options is not None:
        if not isinstance(options, Mapping):
            raise TypeError(f"options must be a dict, got {type(options).__name__}")
        body["options"] = dict(options)
    return body


def retrieve(*, character: str, message: str, limit: Optional[int] = None, seeds: Any = None,
             options: Optional[Mapping[str, Any]] = None) -> Call[RetrievalAnswer]:
    def parse(response: httpx.Response) -> RetrievalAnswer:
        return RetrievalAnswer.from_json(_json(response), answer_cache=response.headers.get(ANSWER_CACHE_HEADER))

    return Call("POST", "/v1/retrieve", parse,
                json=retrieve_body(character, message, limit, seeds, options))


def retrieve_batch(*, items: Sequence[Mapping[str, Any]]) -> Call[List[BatchItemResult]]:
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Sequence):
        raise TypeError("items must be a list of dicts with the fields of retrieve()")
    bodies = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise TypeError(f"items[{i}] must be a dict, got {type(item).__name__}")
        unknown = set(item) - set(RETRIEVE_FIELDS)
        if unknown:
            raise ValueError(f"items[{i}]: unknown field(s) {sorted(unknown)}; expected {list(RETRIEVE_FIELDS)}")
        missing = [k for k in ("character", "message") if k not in item]
        if missing:
            raise ValueError(f"items[{i}]: missing {missing}")
        bodies.append(retrieve_body(**item))
    count = len(bodies)

    def parse(response: httpx.Response) -> List[BatchItemResult]:
        o = p.Obj(_json(response), "")
        results = o.req("results", p.array(BatchItemResult.from_json))
        if len(results) != count:
            raise ResponseFormatError(f"results: expected {count} item(s), one per request item, found {len(results)}")
        return results

    return Call("POST", "/v1/retrieve/batch", parse, json={"items": bodies})


def query(*, query: str, params: Optional[Mapping[str, Any]] = None) -> Call[QueryResult]:
    if not isinstance(query, str):
        raise TypeError(f"query must be a string, got {type(query).__name__}")
    body: Dict[str, Any] = {"query": query}
    if params is not None:
        if not isinstance(params, Mapping):
            raise TypeError(f"params must be a dict, got {type(params).__name__}")
        body["params"] = dict(params)
    return Call("POST", "/v1/query", _reader(QueryResult.from_json), json=body)


def characters() -> Call[CharacterList]:
    return Call("GET", "/v1/characters", _reader(CharacterList.from_json))


def stats(*, name: str) -> Call[CharacterStats]:
    return Call("GET", f"/v1/characters/{_path_segment(name)}/stats", _reader(CharacterStats.from_json))


def graphml(*, name: str, flavour: str = "standard") -> Call[str]:
    return Call("GET", f"/v1/characters/{_path_segment(name)}/graphml", lambda r: r.text,
                params={"flavour": flavour})


def write_insights(*, name: str, records: Union[Mapping[str, Any], Sequence[Mapping[str, Any]]],
                   strict: bool = False) -> Call[IngestSummary]:
    if isinstance(records, Mapping):
        body: Any = dict(records)
    elif isinstance(records, Sequence) and not isinstance(records, (str, bytes)):
        body = [dict(r) if isinstance(r, Mapping) else _not_a_record(i, r) for i, r in enumerate(records)]
    else:
        raise TypeError("records must be a dict (one record) or a list of dicts")
    return Call("POST", f"/v1/characters/{_path_segment(name)}/insights", _reader(IngestSummary.from_json),
                json=body, params={"strict": "true"} if strict else None, idempotent=False)


def _not_a_record(index: int, value: Any) -> Dict[str, Any]:
    raise TypeError(f"records[{index}] must be a dict, got {type(value).__name__}")


def health() -> Call[Health]:
    # 503 with status "starting" is an answer here, not something to retry.
    return Call("GET", "/healthz", _reader(Health.from_json), answer_statuses=(200, 503), retry_statuses=False)


def metrics() -> Call[str]:
    return Call("GET", "/metrics", lambda r: r.text)


# MARK: client configuration


@dataclass
class ClientConfig:
    base_url: str
    token: Optional[str]
    timeout: httpx.Timeout
    retry: RetryConfig
    headers: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(cls, base_url: str, token: Optional[str], timeout: Union[float, httpx.Timeout, None],
             retry: Optional[RetryConfig], headers: Optional[Mapping[str, str]]) -> "ClientConfig":
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ValueError(f"base_url must be an http:// or https:// URL, got {base_url!r}")
        if token is not None:
            token = token.strip()
            if not token:
                raise ValueError("token is empty")
        if timeout is None:
            raise ValueError("a timeout is required (a prompt builder must not hang); pass seconds")
        all_headers = {"Accept": "application/json", "User-Agent": f"insightgraph-client/{_version()}"}
        all_headers.update(headers or {})
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        return cls(base_url=base_url.rstrip("/"), token=token,
                   timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(float(timeout)),
                   retry=retry if retry is not None else RetryConfig(), headers=all_headers)

    def httpx_args(self) -> Dict[str, Any]:
        return {"base_url": self.base_url, "timeout": self.timeout, "headers": self.headers}

    def __repr__(self) -> str:  # never shows the token
        return f"ClientConfig(base_url={self.base_url!r}, token={'***' if self.token else None}, timeout={self.timeout!r}, retry={self.retry!r})"


def _version() -> str:
    from . import __version__

    return __version__
