"""`serve` refuses what would expose her data or could not work, before starting anything."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.web import server


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org", "::"])
def test_local_mode_refuses_other_hosts(host: str) -> None:
    with pytest.raises(BadInput, match="server mode") as caught:
        server.serve(host, 8000, server_mode=False)
    assert f"'{host}'" in str(caught.value)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_local_mode_takes_loopback(host: str) -> None:
    server.check_options(host, 8000, server_mode=False, workers=1, reload=False)


def test_server_mode_takes_any_host() -> None:
    server.check_options("0.0.0.0", 8000, server_mode=True, workers=4, reload=False)


@pytest.mark.parametrize(
    ("port", "workers", "reload", "message"),
    [
        (0, 1, False, messages.WEB_BAD_PORT.format(port=0)),
        (70000, 1, False, messages.WEB_BAD_PORT.format(port=70000)),
        (8000, 0, False, messages.WEB_BAD_WORKERS.format(workers=0)),
        (8000, 2, True, messages.WEB_RELOAD_WITH_WORKERS),
    ],
)
def test_options_that_cannot_work(port: int, workers: int, reload: bool, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        server.serve("127.0.0.1", port, server_mode=False, workers=workers, reload=reload)
    assert str(caught.value) == message


def test_a_port_in_use_is_said_plainly() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BadInput) as caught:
            server.serve("127.0.0.1", port, server_mode=False)
    assert str(caught.value) == messages.WEB_PORT_IN_USE.format(host="127.0.0.1", port=port)


def test_urls_for_the_banner() -> None:
    assert server.url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert server.url("::1", 8000) == "http://[::1]:8000/"


def test_serve_runs_the_app_on_loopback(tmp_path: Path) -> None:
    """The real thing, in a subprocess: serve() starts uvicorn and the check page answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DRAWCLOSER_HOME": str(tmp_path), "DRAWCLOSER_ENGINE": "fast"}
    code = f"from drawcloser.web.server import serve; serve('127.0.0.1', {port}, server_mode=False)"
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        page = None
        for _ in range(300):
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/check", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
        assert page is not None, process.stderr.read() if process.stderr else ""
        assert page.status_code == 200 and "Check a message" in page.text
        assert "server" not in page.headers
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/" in err
    assert "Traceback" not in err
