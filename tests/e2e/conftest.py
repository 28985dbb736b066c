"""Browser end-to-end tests: a live server on 127.0.0.1 and Debian's Chromium via Playwright.

Without /usr/bin/chromium the tests are skipped with the reason, unless
DRAWCLOSER_REQUIRE_BROWSER=1 (as `make test` sets it), when they fail instead.
Never `playwright install`: it downloads a browser, which this project does not do.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 375, "height": 812}


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    reason = (
        f"{CHROMIUM} is missing: install it with `apt-get install chromium` "
        "(see MACHINE-NOTES); never `playwright install`."
    )
    if os.environ.get("DRAWCLOSER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"DRAWCLOSER_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def serve_app(app: Any, hostname: str = "127.0.0.1") -> Iterator[str]:
    """``app`` on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # bound before the server starts: no race for the port
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            thread.join(0.05)
        else:
            pytest.fail("the live server did not start", pytrace=False)
        yield f"http://{hostname}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextmanager
def serve(home: Path) -> Iterator[str]:
    """The local-mode app with its journal in ``home`` (also DRAWCLOSER_HOME meanwhile)."""
    from drawcloser import config
    from drawcloser.web.app import create_app

    saved = os.environ.get(config.ENV_HOME)
    os.environ[config.ENV_HOME] = str(home)
    app = create_app(config.Settings(home=home, engine="fast", help_file=None), engine="fast")
    try:
        with serve_app(app) as url:
            yield url
    finally:
        if saved is None:
            os.environ.pop(config.ENV_HOME, None)
        else:
            os.environ[config.ENV_HOME] = saved


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app for the whole session; DRAWCLOSER_HOME is a temp dir."""
    _require_browser()
    with serve(tmp_path_factory.mktemp("drawcloser-home")) as url:
        yield url


@pytest.fixture(scope="session")
def browser(live_server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that it must not: CSP violations, errors, requests elsewhere."""

    base: str
    problems: list[str] = field(default_factory=list)

    def request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.base + "/") or url.startswith(("data:", "blob:"))):
            self.problems.append(f"request outside the app: {url}")

    def console(self, msg: Any) -> None:
        if msg.type == "error" and "favicon" not in msg.text:
            self.problems.append(f"console error: {msg.text}")

    def page_error(self, error: Any) -> None:
        self.problems.append(f"page error: {error}")


@pytest.fixture
def watch(live_server: str) -> Watch:
    return Watch(live_server)


def phone_page(browser: Any, base: str, watch: Watch, *, dark: bool = False) -> Any:
    """A phone-sized page in a fresh context, watched for CSP violations and stray requests;
    close it with ``page.context.close()``."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
        base_url=base, accept_downloads=True, color_scheme="dark" if dark else "light",
    )  # fmt: skip
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    pg = context.new_page()
    pg.on("request", watch.request)
    pg.on("console", watch.console)
    pg.on("pageerror", watch.page_error)
    return pg


@pytest.fixture
def page(browser: Any, live_server: str, watch: Watch) -> Iterator[Any]:
    pg = phone_page(browser, live_server, watch)
    yield pg
    pg.context.close()


def axe_violations(page: Any, minimum: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each.

    axe is evaluated through the DevTools protocol, not added as a <script>: the page's
    CSP (rightly) refuses inline scripts.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
        }"""
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in minimum
    ]
