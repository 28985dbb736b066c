"""The lock: what she wrote is not in the database file, in any form, while locked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from drawcloser.practice import actions, checkins, lock, remember
from drawcloser.practice.journal import Journal, JournalLocked
from drawcloser.practice.sent import log_sent
from tests.practice.conftest import fast_check

SECRETS = [
    "Marigold evening on the balcony",
    "Zanzibar postcard he kept",
    "Quillfeather laugh",
    "Tangerine apology",
    "Periwinkle tag",
    "Obsidian kindness",
    "Saffron message sent",
    "Juniper response",
]


def _write_everything(j: Journal) -> None:
    checkins.add(
        j,
        warmth=1,
        openness=0,
        happened=SECRETS[0],
        said=SECRETS[3],
        response=SECRETS[7],
        tags=[SECRETS[4].lower()],
    )
    remember.add(j, "memory", SECRETS[1])
    remember.add(j, "he-loved", SECRETS[2])
    own = actions.add_own(j, SECRETS[5], ["seen"], "minute")
    actions.log(j, "done", key=own.key, response="He noticed " + SECRETS[0])
    log_sent(j, fast_check([SECRETS[6]])[0])


def _database_bytes(j: Journal) -> bytes:
    assert j.db.path is not None
    return b"".join(
        p.read_bytes() for p in j.db.path.parent.glob(j.db.path.name + "*") if p.is_file()
    )


def _all_text_rows(j: Journal) -> str:
    """Every stored value, as the database returns it (works on PostgreSQL too)."""
    out = []
    with j.db.read() as s:
        for table in ("checkins", "remember_items", "own_actions", "action_log", "sent_messages"):
            for row in s.execute(text(f"SELECT * FROM {table}")):
                out.append(" ".join(str(v) for v in row))
    return "\n".join(out)


def test_locked_journal_holds_none_of_her_text(open_j: Callable[..., Journal]) -> None:
    j = open_j()
    _write_everything(j)
    lock.lock(j, "a long passphrase")
    stored = _all_text_rows(j)
    for secret in SECRETS:
        assert secret.lower() not in stored.lower()
    if j.db.is_sqlite:
        raw = _database_bytes(j).lower()
        for secret in SECRETS:
            word = secret.split()[0].lower()  # each secret opens with an unusual word
            assert word.encode() not in raw, word
    # New text written while locked is encrypted too.
    remember.add(j, "i-love", "Wisteria patience")
    assert "wisteria" not in _all_text_rows(j).lower()


def test_open_with_the_right_passphrase_only(open_j: Callable[..., Journal]) -> None:
    j = open_j()
    _write_everything(j)
    lock.lock(j, "a long passphrase")
    with pytest.raises(JournalLocked, match="locked"):
        open_j()
    with pytest.raises(JournalLocked, match="does not open"):
        open_j("the wrong passphrase")
    k = open_j("a long passphrase")
    assert checkins.entries(k)[0].happened == SECRETS[0]
    assert checkins.entries(k, tag=SECRETS[4])[0].tags == [SECRETS[4].lower()]


def test_change_passphrase_and_a_wrong_one_writes_nothing(open_j: Callable[..., Journal]) -> None:
    j = open_j()
    _write_everything(j)
    lock.lock(j, "first passphrase")
    before = _all_text_rows(j)
    with pytest.raises(JournalLocked):
        lock.change(j, "not the passphrase", "second passphrase")
    with pytest.raises(JournalLocked):
        lock.unlock(j, "not the passphrase")
    assert _all_text_rows(j) == before
    lock.change(j, "first passphrase", "second passphrase")
    assert _all_text_rows(j) == before  # the text is untouched; only the key is re-wrapped
    with pytest.raises(JournalLocked):
        open_j("first passphrase")
    assert remember.items(open_j("second passphrase"))[0].text == SECRETS[1]


def test_unlock_restores_plain_text(open_j: Callable[..., Journal]) -> None:
    j = open_j()
    _write_everything(j)
    lock.lock(j, "a long passphrase")
    lock.unlock(j, "a long passphrase")
    assert SECRETS[1] in _all_text_rows(j)
    assert remember.items(open_j())[0].text == SECRETS[1]


def test_lock_rules(open_j: Callable[..., Journal]) -> None:
    j = open_j()
    with pytest.raises(Exception, match="at least 8"):
        lock.lock(j, "short")
    with pytest.raises(Exception, match="cannot be empty"):
        lock.lock(j, "")
    with pytest.raises(Exception, match="no passphrase"):
        lock.unlock(j, "whatever it is")
    lock.lock(j, "a long passphrase")
    with pytest.raises(Exception, match="already locked"):
        lock.lock(j, "another passphrase")


def test_plain_text_that_looks_encrypted_is_kept_as_written(journal: Journal) -> None:
    item = remember.add(journal, "memory", "dc1:this is just what I typed")
    assert remember.items(journal)[0].text == item.text == "dc1:this is just what I typed"


def test_database_file_has_no_text_after_locking_on_disk(tmp_path: Path) -> None:
    from drawcloser.practice.journal import open_journal

    j = open_journal(f"sqlite:///{tmp_path / 'j.db'}", check=fast_check)
    for n in range(200):  # enough rows that old pages would survive without secure_delete
        remember.add(j, "memory", f"Bergamot afternoon number {n}")
    lock.lock(j, "a long passphrase")
    j.db.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"Bergamot" not in raw
