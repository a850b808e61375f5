"""Shared test helpers (no fixtures)."""
from __future__ import annotations

import dataclasses
import json
import math
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Iterator, List, Tuple

import httpx

REEF_WORDS = ("coral", "reef", "bleach", "ocean", "marine", "dive", "diving")


def elena_insights(client: Any) -> Dict[int, str]:
    """Every insight of elena in the served snapshot, id -> content, through IGQ."""
    result = client.query(query="FROM CHARACTER 'elena' RETURN id, content")
    assert result.columns == ["id", "content"]
    return {row["id"]: row["content"] for row in result.rows}


def assert_same_answer(a: Any, b: Any, path: str = "answer") -> None:
    """Equal apart from ``micros`` and tiny float drift: the recency component is measured at the
    time each answer is computed, so two computations of one request differ in the last digits."""
    if dataclasses.is_dataclass(a):
        assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
        for f in dataclasses.fields(a):
            if f.name in ("micros", "answer_cache"):
                continue
            assert_same_answer(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-6), f"{path}: {a} != {b}"
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{path}: lengths differ: {a!r} vs {b!r}"
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same_answer(x, y, f"{path}[{i}]")
    elif isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), f"{path}: keys differ"
        for k in a:
            assert_same_answer(a[k], b[k], f"{path}.{k}")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def retrieval_json(ids: List[int]) -> Dict[str, Any]:
    """A well-formed /v1/retrieve answer (for the stub servers and parsing tests)."""
    components = {"confidence": 0.5, "graph": 1, "graph_raw": 0.2, "importance": 0.5,
                  "recency": 0.1, "total": 0.7, "valence": 0.3}
    return {
        "character": "elena",
        "micros": 12,
        "prompt": "## What you have learned about yourself\n- stub",
        "results": [
            {"collapsed": [], "components": dict(components), "content": f"insight {i}", "id": i, "path": [i],
             "path_has_contradiction": False, "path_strength": 1, "path_types": [], "score": 0.7,
             "seeds": [{"hops": 0, "id": i, "path_strength": 1, "seed_weight": 0.4}], "type": "preference"}
            for i in ids
        ],
        "seeds": [{"bm25": 1.5, "caller_weight": 0, "id": ids[0], "trigger_score": 2, "triggers": ["reef"], "weight": 0.4}]
        if ids else [],
    }


@contextmanager
def _serve(answer: Callable[[BaseHTTPRequestHandler, str, bytes], Tuple[int, bytes, str]]) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 (a free port) answering every request with ``answer``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, data, content_type = answer(self, self.command, body)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def stub_server(script: List[Tuple[int, object]]) -> Iterator[Tuple[str, List[Tuple[float, str, dict]]]]:
    """Answers request n with script[n] (the last entry repeats: a JSON value, or a str sent as
    HTML); records (time, path, {"headers", "body"}) of every request."""
    seen: List[Tuple[float, str, dict]] = []
    lock = threading.Lock()

    def answer(handler: BaseHTTPRequestHandler, method: str, body: bytes) -> Tuple[int, bytes, str]:
        with lock:
            seen.append((time.monotonic(), handler.path, {"headers": dict(handler.headers), "body": body}))
            status, payload = script[min(len(seen) - 1, len(script) - 1)]
        if isinstance(payload, str):
            return status, payload.encode(), "text/html"
        return status, json.dumps(payload).encode(), "application/json"

    with _serve(answer) as url:
        yield url, seen


@contextmanager
def batch_proxy(upstream: str) -> Iterator[str]:
    """The agreed ``POST /v1/retrieve/batch`` in front of a real server: one upstream
    ``/v1/retrieve`` per item, ``{"results": [{"ok": true, "answer"} | {"ok": false, "error"}]}``
    in item order; every other request is passed through unchanged."""
    http = httpx.Client(base_url=upstream, timeout=10)

    def answer(handler: BaseHTTPRequestHandler, method: str, body: bytes) -> Tuple[int, bytes, str]:
        headers = {k: v for k, v in handler.headers.items() if k.lower() in ("authorization", "content-type")}
        if method == "POST" and handler.path == "/v1/retrieve/batch":
            results = []
            for item in json.loads(body)["items"]:
                upstream_answer = http.post("/v1/retrieve", json=item, headers=headers)
                if upstream_answer.status_code == 401:
                    return 401, upstream_answer.content, "application/json"
                if upstream_answer.status_code == 200:
                    results.append({"ok": True, "answer": upstream_answer.json()})
                else:
                    results.append({"ok": False, "error": upstream_answer.json()["error"]})
            return 200, json.dumps({"results": results}).encode(), "application/json"
        passed = http.request(method, handler.path, content=body or None, headers=headers)
        return passed.status_code, passed.content, passed.headers.get("Content-Type", "application/json")

    try:
        with _serve(answer) as url:
            yield url
    finally:
        http.close()
