"""Every storage and practice test runs twice: on SQLite and on a real PostgreSQL server.

The PostgreSQL server is started once per test process on 127.0.0.1 in a temp dir; each test
gets a fresh database on it. Without PostgreSQL installed those runs are skipped — unless
DRAWCLOSER_REQUIRE_PG=1 (as `make test` sets), when that is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from drawcloser.coach.check import check_many
from drawcloser.practice.journal import Journal, open_journal
from drawcloser.store import vault
from tests.pg_server import PgServer, start_server

FAST_KDF = {"memory_kib": 1024, "iterations": 1, "lanes": 1}


class Clock:
    """A settable 'now', so a month of practice can be lived in a second."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, days: int = 0, hours: int = 0) -> None:
        self.now += timedelta(days=days, hours=hours)


@pytest.fixture(scope="session")
def pg() -> Iterator[PgServer | None]:
    try:
        server = start_server()
    except (FileNotFoundError, OSError) as exc:
        if os.environ.get("DRAWCLOSER_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is required but could not start: {exc}")
        yield None
        return
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'journal.db'}"
        return
    server = request.getfixturevalue("pg")
    if server is None:
        pytest.skip("PostgreSQL is not installed here")
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield server.create_database(name)
    server.drop_database(name)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 2, 9, 0))  # a Monday


def fast_check(texts: list[str]) -> list:  # type: ignore[type-arg]
    return check_many(texts, "fast")


@pytest.fixture
def open_j(db_url: str, clock: Clock) -> Iterator[Callable[..., Journal]]:
    opened: list[Journal] = []

    def _open(passphrase: str | None = None) -> Journal:
        j = open_journal(
            db_url,
            passphrase=(lambda: passphrase) if passphrase is not None else None,
            check=fast_check,
            clock=clock,
        )
        opened.append(j)
        return j

    yield _open
    for j in opened:
        j.db.dispose()


@pytest.fixture
def journal(open_j: Callable[..., Journal]) -> Journal:
    return open_j()


@pytest.fixture(autouse=True)
def _cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real Argon2id cost (64 MiB, 3 passes) is right for her and slow for 100 tests.
    monkeypatch.setattr(vault, "DEFAULT_KDF", FAST_KDF)
