"""The API's unlock: a script locks the journal, a new session finds it locked (423), and
POST /api/v1/unlock opens it for that session only, with a new CSRF token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from drawcloser import config, messages
from drawcloser.store import vault
from drawcloser.web.app import create_app
from tests.web.conftest import BASE, with_csrf
from tests.web.server_helpers import FAST_KDF

PASSPHRASE = "moss on the north wall"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setattr(vault, "DEFAULT_KDF", FAST_KDF)
    return create_app(config.Settings(home=tmp_path, engine="fast", help_file=None), engine="fast")


def client(app: FastAPI) -> TestClient:
    return with_csrf(TestClient(app, base_url=BASE))


@pytest.fixture
def locked(app: FastAPI) -> Iterator[TestClient]:
    """A fresh session on a journal that another session has just locked."""
    first = client(app)
    saved = first.post("/api/v1/remember", json={"kind": "i-love", "text": "His patience"})
    assert saved.status_code == 201, saved.text
    assert first.post("/api/v1/lock", json={"passphrase": PASSPHRASE}).status_code == 200
    yield client(app)


def test_a_new_session_finds_the_journal_locked_until_it_unlocks(locked: TestClient) -> None:
    refused = locked.get("/api/v1/remember")
    assert refused.status_code == 423 and "error" in refused.json()
    opened = locked.post("/api/v1/unlock", json={"passphrase": PASSPHRASE})
    assert opened.status_code == 200, opened.text
    body = opened.json()
    assert body["message"] == messages.API_UNLOCKED
    assert body["csrf"] and body["csrf"] != locked.headers["X-CSRF-Token"]
    locked.headers["X-CSRF-Token"] = body["csrf"]
    lists = locked.get("/api/v1/remember")
    assert lists.status_code == 200 and "His patience" in lists.text
    # The new token is the one that counts now: the old one no longer writes.
    assert locked.post("/api/v1/lock/now").status_code == 200
    assert locked.get("/api/v1/remember").status_code == 423


@pytest.mark.parametrize(
    ("passphrase", "status", "message"),
    [
        ("", 400, messages.UNLOCK_EMPTY),
        ("not the passphrase", 403, messages.JOURNAL_WRONG_PASSPHRASE),
    ],
)
def test_a_wrong_or_empty_passphrase_is_refused_clearly(
    locked: TestClient, passphrase: str, status: int, message: str
) -> None:
    refused = locked.post("/api/v1/unlock", json={"passphrase": passphrase})
    assert refused.status_code == status
    assert refused.json() == {"error": message}
    assert locked.get("/api/v1/remember").status_code == 423


def test_nothing_to_unlock_without_a_passphrase(app: FastAPI) -> None:
    answer = client(app).post("/api/v1/unlock", json={"passphrase": PASSPHRASE})
    assert answer.status_code == 409
    assert answer.json() == {"error": messages.LOCK_NOT_LOCKED}


def test_another_website_cannot_unlock_it(locked: TestClient) -> None:
    # Local mode: the Origin check refuses other sites (server mode adds the CSRF token,
    # which tests/web/test_csrf.py asks of every API route, this one included).
    refused = locked.post(
        "/api/v1/unlock",
        json={"passphrase": PASSPHRASE},
        headers={"Origin": "https://evil.example"},
    )
    assert refused.status_code == 403
    assert locked.get("/api/v1/remember").status_code == 423
