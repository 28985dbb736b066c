"""The web app in-process over ASGI: one app (fast engine, temp home) for the session."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from drawcloser import config
from drawcloser.web.app import create_app

BASE = "http://127.0.0.1"


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="session")
def settings(home: Path) -> config.Settings:
    return config.Settings(home=home, engine="fast", help_file=None)


@pytest.fixture(scope="session")
def app(settings: config.Settings) -> FastAPI:
    return create_app(settings, engine="fast")


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as c:  # runs the lifespan: the engine loads once
        yield with_csrf(c)


def with_csrf(client: TestClient) -> TestClient:
    """The client with a session and its CSRF token sent on every request, as the page's
    forms and app.js do (tests of the CSRF check itself use clients without it)."""
    client.headers["X-CSRF-Token"] = client.get("/api/v1/session").json()["csrf"]
    return client


_MARK = re.compile(r'<a class="mark mark-(push|pull)"[^>]*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def marks(page: str) -> list[tuple[str, str]]:
    """(push|pull, the words) for every marked phrase in a rendered page."""
    return [(kind, html.unescape(words)) for kind, words in _MARK.findall(page)]


def message_text(page: str) -> str:
    """The checked message as the page shows it, tags removed."""
    found = re.search(r'<p class="message">(.*?)</p>', page, re.S)
    assert found, "no checked message on the page"
    return html.unescape(_TAG.sub("", found.group(1)))


@pytest.fixture
def web(tmp_path: Path) -> Iterator[TestClient]:
    """A fresh app on an empty journal in a temp home, with a session and its CSRF token."""
    settings = config.Settings(home=tmp_path, engine="fast", help_file=None)
    with TestClient(create_app(settings, engine="fast"), base_url=BASE) as client:
        yield with_csrf(client)


def text_of(response: Response) -> str:
    """The page's words, tags removed, entities decoded, spaces squeezed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
