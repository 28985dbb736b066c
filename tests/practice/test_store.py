"""The database: migrations, a newer schema, concurrent writers, owner scoping."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import text

from drawcloser.practice import checkins, remember
from drawcloser.practice.journal import open_journal
from drawcloser.store.database import Database, StoreError, open_database
from tests.practice.conftest import fast_check


def test_fresh_database_is_migrated_and_has_one_local_user(db_url: str) -> None:
    db = open_database(db_url)
    with db.read() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    assert db.local_owner() == db.local_owner()
    db.migrate()  # a second run is a no-op
    db.dispose()


def test_database_from_a_newer_version_is_refused_untouched(db_url: str) -> None:
    db = open_database(db_url)
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.dispose()
    with pytest.raises(StoreError, match="newer version of drawcloser"):
        open_database(db_url)
    db = Database(db_url)
    with db.read() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    db.dispose()


def test_sqlite_uses_wal_and_a_private_file(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'sub' / 'journal.db'}")
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA secure_delete")).scalar() == 1
    assert (tmp_path / "sub" / "journal.db").stat().st_mode & 0o077 == 0
    db.dispose()


def test_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="Cannot open the journal's database"):
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="not usable"):
        Database("not a url at all")


def test_rows_belong_to_their_owner(db_url: str) -> None:
    j = open_journal(db_url, check=fast_check)
    from drawcloser.store.schema import User

    with j.db.write() as s:
        other = User(name="someone-else", created_at=j.now())
        s.add(other)
        s.flush()
        other_id = other.id
    k = open_journal(db_url, owner_id=other_id, check=fast_check)
    mine = checkins.add(j, warmth=1, openness=1, happened="a walk by the river").entry
    remember.add(k, "memory", "her own memory")
    assert checkins.entries(k) == []
    assert [i.text for i in remember.items(j)] == []
    with pytest.raises(Exception, match="no check-in number"):
        checkins.get(k, mine.id)
    with pytest.raises(Exception, match="no check-in number"):
        checkins.delete(k, mine.id)
    assert checkins.get(j, mine.id).happened == "a walk by the river"
    j.db.dispose()
    k.db.dispose()


def _writer(url: str, n: int, start: multiprocessing.synchronize.Event) -> None:
    j = open_journal(url, check=fast_check)
    start.wait()
    for i in range(n):
        checkins.add(j, warmth=0, openness=0, happened=f"entry {i}")
        remember.add(j, "memory", f"memory {i}")
    j.db.dispose()


def test_two_processes_writing_at_once_lose_nothing(db_url: str) -> None:
    open_database(db_url).dispose()  # migrate first, as the app does on start
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=_writer, args=(db_url, 25, start)) for _ in range(2)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    j = open_journal(db_url, check=fast_check)
    assert len(checkins.entries(j)) == 50
    assert len(remember.items(j)) == 50
    if j.db.is_sqlite:
        with j.db.read() as s:
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    j.db.dispose()
