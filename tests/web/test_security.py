"""Security on every route: headers, a strict CSP, nothing inline, nothing from elsewhere."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response

from drawcloser import config, messages
from drawcloser.web import vendor
from drawcloser.web.app import ROUTERS, create_app
from drawcloser.web.security import CSP, HEADERS
from drawcloser.web.templating import STATIC
from tests.web.conftest import BASE

VENDORED = {vendor.destination(where) for p in vendor.PACKAGES for _, where, _ in p.files}
# XML namespace names are identifiers, never fetched.
NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")
EXTERNAL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.I)


def static_files() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*") if p.is_file())


def every_response(client: TestClient, app: FastAPI) -> Iterator[tuple[str, Response]]:
    """One response from every route of the app (found, not listed), every static file,
    and the error paths."""
    routes = [r for router in ROUTERS for r in router.routes]  # included without a prefix
    for route in routes:
        if not isinstance(route, APIRoute) or "{" in route.path:
            continue
        if "GET" in route.methods:
            yield f"GET {route.path}", client.get(route.path, follow_redirects=False)
        if "POST" in route.methods:
            if route.path.startswith("/api/"):
                yield f"POST {route.path}", client.post(route.path, json={"text": "Thank you."})
            else:
                yield f"POST {route.path}", client.post(route.path, data={"text": "Thank you."})
    for path in static_files():
        url = "/static/" + path.relative_to(STATIC).as_posix()
        yield f"GET {url}", client.get(url)
    yield "GET 404 page", client.get("/not-a-page")
    yield "GET 404 api", client.get("/api/v1/not-a-route")
    yield "POST 422 api", client.post("/api/v1/check", json={"text": ""})
    yield "GET /openapi.json", client.get("/openapi.json")


def test_every_route_is_reached(client: TestClient, app: FastAPI) -> None:
    seen = {name for name, _ in every_response(client, app)}
    for path in ("/check", "/check/result", "/api/v1/check", "/docs", "/sw.js"):
        assert any(name.endswith(" " + path) for name in seen), path


def test_security_headers_on_every_response(client: TestClient, app: FastAPI) -> None:
    for name, response in every_response(client, app):
        for header, value in HEADERS.items():
            assert response.headers.get(header) == value, f"{name}: {header}"
        assert "cache-control" in response.headers, name
        assert "server" not in response.headers or "uvicorn" not in response.headers["server"]


def test_pages_and_the_api_are_never_cached(client: TestClient) -> None:
    for response in (
        client.get("/check"),
        client.post("/check/result", data={"text": "hello"}),
        client.post("/api/v1/check", json={"text": "hello"}),
        client.get("/no-such-page"),
    ):
        assert response.headers["cache-control"] == "no-store"


def test_static_files_are_cached_only_when_versioned(client: TestClient) -> None:
    page = client.get("/check").text
    versioned = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]+)"', page)
    assert versioned
    assert "immutable" in client.get(versioned.group(1)).headers["cache-control"]
    assert client.get("/static/css/app.css").headers["cache-control"] == "no-cache"


def _directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def test_csp_forbids_inline_code_and_anything_from_elsewhere() -> None:
    d = _directives(CSP)
    assert d["default-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "connect-src", "img-src", "font-src"):
        assert "'self'" in d[directive]
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(
            d[directive]
        ), directive
    assert d["frame-ancestors"] == ["'none'"]
    assert d["base-uri"] == ["'none'"] and d["object-src"] == ["'none'"]
    assert d["form-action"] == ["'self'"]
    assert HEADERS["Referrer-Policy"] == "no-referrer"
    assert HEADERS["X-Content-Type-Options"] == "nosniff"


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "style":
            self.problems.append("a <style> element")
        if tag == "script":
            self._in_script = True
            if not names.get("src"):
                self.problems.append("an inline <script>")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"a style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"an {name} handler on <{tag}>")
            if name in ("src", "href", "action", "srcset", "data", "poster") and value:
                self.urls.append(value)
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"a javascript: URL on <{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("script content inline")


def _html_responses(client: TestClient, app: FastAPI) -> Iterator[tuple[str, str]]:
    for name, response in every_response(client, app):
        if response.headers.get("content-type", "").startswith("text/html"):
            yield name, response.text
    yield "safety", client.post("/check/result", data={"text": "He hit me and I am scared."}).text
    yield (
        "mixed",
        client.post(
            "/check", data={"text": "Thanks for dinner. Why are you always on your phone?"}
        ).text,
    )


def test_no_inline_script_or_style_in_any_page(client: TestClient, app: FastAPI) -> None:
    names = []
    for name, page in _html_responses(client, app):
        names.append(name)
        parser = _Markup()
        parser.feed(page)
        assert not parser.problems, f"{name}: {parser.problems}"
    assert len(names) >= 8


def test_no_page_loads_anything_from_elsewhere(client: TestClient, app: FastAPI) -> None:
    for name, page in _html_responses(client, app):
        parser = _Markup()
        parser.feed(page)
        for url in parser.urls:
            assert not EXTERNAL.match(url), f"{name} refers to {url}"


def test_our_css_and_js_name_no_outside_address() -> None:
    ours = [p for p in static_files() if p not in VENDORED]
    checked = 0
    for path in ours:
        if path.suffix not in (".css", ".js", ".html", ".svg", ".webmanifest"):
            continue
        text = path.read_text(encoding="utf-8")
        for namespace in NAMESPACES:
            text = text.replace(namespace, "")
        assert not EXTERNAL.search(text), f"{path.name}: {EXTERNAL.search(text)}"
        assert "@import" not in text, path.name
        checked += 1
    assert checked >= 6


def test_vendored_files_are_the_npm_packages_verbatim() -> None:
    for package in vendor.PACKAGES:
        for _, where, digest in package.files:
            path = vendor.destination(where)
            assert vendor.sha256(path) == digest, f"{path} is not {package.name} {package.version}"


def test_every_third_party_file_is_recorded() -> None:
    # Anything under static/vendor or a .min.js must come from vendor.PACKAGES.
    for path in static_files():
        rel = path.relative_to(STATIC).as_posix()
        if rel.startswith("vendor/") or rel.endswith(".min.js"):
            assert path in VENDORED, f"{rel} is third-party but not in drawcloser.web.vendor"


def test_htmx_cannot_eval_or_inject_styles(client: TestClient) -> None:
    config_attr = re.search(
        r"<meta name=\"htmx-config\" content='([^']+)'>", client.get("/check").text
    )
    assert config_attr

    settings = json.loads(config_attr.group(1))
    assert settings["allowEval"] is False and settings["includeIndicatorStyles"] is False
    assert settings["allowScriptTags"] is False and settings["historyEnabled"] is False


# ---- host, origin and size checks ------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
def test_local_mode_answers_loopback_names(client: TestClient, host: str) -> None:
    assert client.get("/check", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "192.168.1.20:8000", ""])
def test_local_mode_refuses_other_host_names(client: TestClient, host: str) -> None:
    page = client.get("/check", headers={"Host": host})
    assert page.status_code == 400
    assert "answers only on this computer" in page.text
    api = client.post("/api/v1/check", json={"text": "hi"}, headers={"Host": host})
    assert api.status_code == 400 and api.json() == {"error": messages.WEB_BAD_HOST}
    assert api.headers["content-security-policy"] == CSP


def test_server_mode_answers_any_host_and_asks_for_https(settings: config.Settings) -> None:
    with TestClient(create_app(settings, engine="fast", server_mode=True)) as server:
        response = server.get("/check", headers={"Host": "drawcloser.example.org"})
        assert response.status_code == 200
        assert response.headers["strict-transport-security"].startswith("max-age=")


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
    ],
)
def test_cross_site_posts_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    api = client.post("/api/v1/check", json={"text": "hi"}, headers=headers)
    assert api.status_code == 403 and api.json() == {"error": messages.WEB_CROSS_SITE}
    page = client.post("/check", data={"text": "hi"}, headers=headers)
    assert page.status_code == 403 and "another website" in page.text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Sec-Fetch-Site": "same-origin"}, {"Origin": BASE}, {"Sec-Fetch-Site": "none"}],
)
def test_same_origin_posts_pass(client: TestClient, headers: dict[str, str]) -> None:
    assert client.post("/api/v1/check", json={"text": "hi"}, headers=headers).status_code == 200


def test_a_body_without_length_is_still_capped(client: TestClient) -> None:
    from drawcloser.web.errors import MAX_BODY_BYTES

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"a" * 65536
        yield b'"}'

    response = client.post(
        "/api/v1/check", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json() == {"error": messages.WEB_BODY_TOO_LARGE.format(limit=MAX_BODY_BYTES)}


def test_an_unexpected_error_is_a_calm_500_with_headers(settings: config.Settings) -> None:
    broken = create_app(settings, engine="fast")

    def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    broken.add_api_route("/boom", boom, include_in_schema=False)
    broken.add_api_route("/api/v1/boom", boom, include_in_schema=False)
    with TestClient(broken, base_url=BASE, raise_server_exceptions=False) as c:
        page = c.get("/boom")
        assert page.status_code == 500
        assert "Something went wrong" in page.text and "internal detail" not in page.text
        assert page.headers["content-security-policy"] == CSP
        api = c.get("/api/v1/boom")
        assert api.status_code == 500 and api.json() == {"error": messages.WEB_SERVER_ERROR}
