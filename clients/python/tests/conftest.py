"""Fixtures: a live `insightgraph serve` over a throwaway PostgreSQL with the demo data.

The stack is started once per test session by tests/live_stack.sh (which wraps the repository's
Scripts/with-postgres.sh) from the binary in $INSIGHTGRAPH_BIN, on a free loopback port with a
bearer token file, and stopped (SIGTERM: the server exits, the cluster is deleted) at the end.

To run against a server you started yourself instead (it must serve the demo data, and writes
will add rows to it): INSIGHTGRAPH_TEST_URL=http://127.0.0.1:8187 INSIGHTGRAPH_TEST_TOKEN=...
"""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import httpx
import pytest

from insightgraph_client import Client

HERE = Path(__file__).resolve().parent
STARTUP_SECONDS = float(os.environ.get("INSIGHTGRAPH_TEST_STARTUP_SECONDS", "180"))


@dataclass(frozen=True)
class LiveServer:
    url: str
    token: Optional[str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # with-postgres.sh forwards it to the server, then removes the cluster
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group this fixture created, nothing else
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    external = os.environ.get("INSIGHTGRAPH_TEST_URL")
    if external:
        yield LiveServer(external.rstrip("/"), os.environ.get("INSIGHTGRAPH_TEST_TOKEN") or None)
        return
    binary = os.environ.get("INSIGHTGRAPH_BIN")
    if not binary or not os.access(binary, os.X_OK):
        pytest.fail("set INSIGHTGRAPH_BIN to an insightgraph binary (run-tests.sh does), "
                    "or INSIGHTGRAPH_TEST_URL to a running server with the demo data", pytrace=False)
    work = tmp_path_factory.mktemp("live-stack")
    token = secrets.token_urlsafe(24)
    token_file = work / "token"
    token_file.write_text(token + "\n")
    port = _free_port()
    log = work / "stack.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(HERE / "live_stack.sh"), binary, str(port), str(token_file)],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"the live stack exited with {process.returncode} before /healthz answered:\n{_tail(log)}",
                            pytrace=False)
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"/healthz did not answer 200 within {STARTUP_SECONDS:.0f} s:\n{_tail(log)}", pytrace=False)
            time.sleep(0.25)
        yield LiveServer(url, token)
    finally:
        _stop(process)


@pytest.fixture
def client(live_server: LiveServer) -> Iterator[Client]:
    with Client(live_server.url, token=live_server.token, timeout=10) as c:
        yield c
