"""CSRF: every write carries her session's token — forms as a hidden field, HTMX and scripts
as X-CSRF-Token; the JSON API needs the header in server mode. Checked on every route the app
has (found, not listed), so routes added later are covered too."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from drawcloser import messages
from drawcloser.store.schema import User
from drawcloser.web.session import COOKIE
from tests.web.server_helpers import (
    LOCAL,
    PASSWORD,
    api_routes,
    browser,
    form_token,
    local_app,
    server_app,
    sign_up,
    token_of,
)

WRITES = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return server_app(tmp_path_factory.mktemp("csrf-home"))


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return local_app(tmp_path_factory.mktemp("csrf-local"))


def _users(app: FastAPI) -> int:
    with app.state.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(User)) or 0)


def _writes(app: FastAPI) -> Iterator[tuple[str, str]]:
    for path, methods in api_routes(app):
        for method in sorted(methods & set(WRITES)):
            yield method, re.sub(r"\{[^}]+\}", "1", path)


def test_the_form_field_and_the_cookie_come_together(local: FastAPI) -> None:
    with browser(local, LOCAL) as client:
        page = client.get("/check")
        token = form_token(page.text)
        assert re.search(r'<input type="hidden" name="csrf" value="[\w-]{20,}">', page.text)
        assert client.cookies.get(COOKIE)
        assert token == token_of(client)  # the page and the session agree
        again = client.get("/check")
        assert form_token(again.text) == token and "set-cookie" not in again.headers


def test_a_form_without_its_token_changes_nothing(app: FastAPI) -> None:
    with browser(app) as client:
        client.get("/signup")
        before = _users(app)
        data = {"name": "Nobody", "password": PASSWORD, "again": PASSWORD}
        for extra in ({}, {"csrf": ""}, {"csrf": "made-up-token"}):
            page = client.post("/signup", data={**data, **extra})
            assert page.status_code == 403
            assert html.escape(messages.WEB_CSRF_FORM) in page.text
            assert page.headers["content-type"].startswith("text/html")
        assert _users(app) == before


def test_another_sessions_token_does_not_work(app: FastAPI) -> None:
    with browser(app) as mine, browser(app) as theirs:
        mine.get("/signup")
        stolen = form_token(theirs.get("/signup").text)
        data = {"name": "Borrowed", "password": PASSWORD, "again": PASSWORD, "csrf": stolen}
        assert mine.post("/signup", data=data).status_code == 403


def test_a_form_with_its_token_or_htmx_with_the_header_passes(local: FastAPI) -> None:
    with browser(local, LOCAL) as client:
        token = form_token(client.get("/check").text)
        assert client.post("/check", data={"text": "Thank you.", "csrf": token}).status_code == 200
        htmx = client.post(
            "/check/result",
            data={"text": "Thank you."},
            headers={"X-CSRF-Token": token, "HX-Request": "true"},
        )
        assert htmx.status_code == 200
        assert client.post("/check/result", data={"text": "Thank you."}).status_code == 403


def test_the_api_needs_the_header_in_server_mode(app: FastAPI) -> None:
    with browser(app) as client:
        sign_up(client, "Ayla")
        token = client.headers.pop("X-CSRF-Token")
        for sent in (None, "", "wrong"):
            headers = {} if sent is None else {"X-CSRF-Token": sent}
            api = client.post("/api/v1/check", json={"text": "hi"}, headers=headers)
            assert api.status_code == 403 and api.json() == {"error": messages.WEB_CSRF_API}
        ok = client.post("/api/v1/check", json={"text": "hi"}, headers={"X-CSRF-Token": token})
        assert ok.status_code == 200
        assert client.get("/api/v1/session").status_code == 200  # reading needs no token


def test_the_api_in_local_mode_relies_on_the_origin_check(local: FastAPI) -> None:
    with browser(local, LOCAL) as client:
        assert client.post("/api/v1/check", json={"text": "hi"}).status_code == 200
        cross = client.post(
            "/api/v1/check", json={"text": "hi"}, headers={"Origin": "http://evil.example"}
        )
        assert cross.status_code == 403


@pytest.mark.parametrize("mode", ["server", "local"])
def test_every_write_route_refuses_a_missing_token(mode: str, app: FastAPI, local: FastAPI) -> None:
    target = app if mode == "server" else local
    base = "https://drawcloser.example.org" if mode == "server" else LOCAL
    with browser(target, base) as client:
        if mode == "server":
            sign_up(client, f"Every {len(list(_writes(target)))}")
            client.headers.pop("X-CSRF-Token")
        else:
            client.get("/check")
        seen = 0
        for method, path in _writes(target):
            api = path.startswith("/api/")
            if api and mode == "local":
                continue  # the local API is guarded by the origin check, tested above
            if api:
                response = client.request(method, path, json={"text": "hi"})
            else:
                response = client.request(method, path, data={"text": "hi"})
            assert response.status_code == 403, f"{method} {path}: {response.status_code}"
            seen += 1
        assert seen >= 3
