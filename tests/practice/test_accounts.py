from __future__ import annotations

import pytest

from drawcloser.errors import BadInput
from drawcloser.practice import remember
from drawcloser.practice.journal import Journal
from drawcloser.store import accounts
from drawcloser.store.database import open_database


def test_sign_up_sign_in_and_isolation(db_url: str) -> None:
    db = open_database(db_url)
    ana = accounts.sign_up(db, "Ana", "a long password 1")
    bea = accounts.sign_up(db, "  Bea  ", "another password 2")
    assert bea.name == "Bea"
    assert accounts.sign_in(db, "ana", "a long password 1", "1.2.3.4") == ana
    with pytest.raises(BadInput, match="taken"):
        accounts.sign_up(db, "ANA", "whatever password")
    with pytest.raises(BadInput, match="at least 10"):
        accounts.sign_up(db, "Cat", "short")
    with pytest.raises(BadInput, match="do not match"):
        accounts.sign_in(db, "Ana", "wrong password!!", "1.2.3.4")
    with pytest.raises(BadInput, match="do not match"):
        accounts.sign_in(db, "Nobody", "a long password 1", "1.2.3.4")
    ja, jb = Journal(db, ana.id), Journal(db, bea.id)
    remember.add(ja, "memory", "Ana's memory")
    assert remember.items(jb) == []
    accounts.delete_account(db, ana.id)
    assert accounts.get(db, ana.id) is None
    assert remember.items(ja) == []  # everything she owned went with her
    db.dispose()


def test_guessing_is_slowed(db_url: str) -> None:
    db = open_database(db_url)
    accounts.sign_up(db, "Ana", "a long password 1")
    for _ in range(accounts.MAX_PER_NAME):
        with pytest.raises(BadInput):
            accounts.sign_in(db, "Ana", "guess guess guess", "5.6.7.8")
    with pytest.raises(accounts.TooManyAttempts):
        accounts.sign_in(db, "Ana", "a long password 1", "5.6.7.8")  # even the right one
    db.dispose()
