"""Server mode in-process: a fresh app per test module, people who sign up through the pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from drawcloser import config
from drawcloser.practice.journal import Journal
from drawcloser.web.app import create_app

# https: the cookie is Secure in server mode, and the client only sends it back over TLS.
SERVER = "https://drawcloser.example.org"
LOCAL = "http://127.0.0.1"
PASSWORD = "a long walk by the river"
FAST_KDF = {"memory_kib": 1024, "iterations": 1, "lanes": 1}

_CSRF = re.compile(r'<input type="hidden" name="csrf" value="([^"]+)">')


def server_app(home: Path) -> FastAPI:
    return create_app(
        config.Settings(home=home, engine="fast", help_file=None), engine="fast", server_mode=True
    )


def local_app(home: Path) -> FastAPI:
    return create_app(config.Settings(home=home, engine="fast", help_file=None), engine="fast")


def form_token(page: str) -> str:
    found = _CSRF.search(page)
    assert found, "no CSRF field on the page"
    return found.group(1)


def token_of(client: TestClient) -> str:
    token: str = client.get("/api/v1/session").json()["csrf"]
    return token


@contextmanager
def browser(app: FastAPI, base_url: str = SERVER) -> Iterator[TestClient]:
    """A client with its own cookie jar, like a separate browser."""
    with TestClient(app, base_url=base_url, follow_redirects=False) as client:
        yield client


def sign_up(client: TestClient, name: str, password: str = PASSWORD) -> None:
    token = form_token(client.get("/signup").text)
    response = client.post(
        "/signup", data={"name": name, "password": password, "again": password, "csrf": token}
    )
    assert response.status_code == 303, response.text
    client.headers["X-CSRF-Token"] = token_of(client)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> int:
    token = form_token(client.get("/signin").text)
    response = client.post("/signin", data={"name": name, "password": password, "csrf": token})
    if response.status_code == 303:
        client.headers["X-CSRF-Token"] = token_of(client)
    return response.status_code


def journal_of(app: FastAPI, name: str) -> Journal:
    from drawcloser.store import accounts

    db = app.state.db
    with db.read() as s:
        from sqlalchemy import func, select

        from drawcloser.store.schema import User

        uid = s.scalar(select(User.id).where(func.lower(User.name) == name.lower()))
    assert uid is not None and accounts.get(db, uid) is not None
    return Journal(db, uid, check=app.state.checker.check_many)


def api_routes(app: FastAPI) -> list[tuple[str, set[str]]]:
    """(path, methods) of every API route of the app, however routers were included (this
    FastAPI keeps included routers as branches rather than copying their routes)."""
    from fastapi.routing import APIRoute
    from starlette.routing import BaseRoute

    found: list[tuple[str, set[str]]] = []

    def walk(routes: list[BaseRoute], prefix: str) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                context = getattr(route, "include_context", None)
                walk(list(inner.routes), prefix + str(getattr(context, "prefix", "") or ""))
            elif isinstance(route, APIRoute):
                found.append((prefix + route.path, set(route.methods or ())))

    walk(list(app.routes), "")
    return found
