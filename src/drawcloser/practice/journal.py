"""Her journal: one person's view of the database, with the key to her text when locked.

Every practice function takes a ``Journal``; the CLI and the web open one per command or
request. ``today`` comes from ``clock`` so a month can be simulated in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from drawcloser import messages
from drawcloser.errors import BadInput, DrawcloserError
from drawcloser.store.database import Database, open_database
from drawcloser.store.schema import Vault
from drawcloser.store.vault import PLAIN, FieldCodec, LockedField, Sealed, WrongPassphrase, unseal

if TYPE_CHECKING:
    from drawcloser.coach.report import Report


class JournalLocked(DrawcloserError):
    """The journal has a passphrase and none (or the wrong one) was given."""


PassphraseSource = Callable[[], str]


def _no_check(texts: list[str]) -> list[Report]:
    from drawcloser.coach.check import check_many

    return check_many(texts, "auto")


@dataclass
class Journal:
    db: Database
    owner_id: int
    codec: FieldCodec = PLAIN
    check: Callable[[list[str]], list[Report]] = field(default=_no_check)
    clock: Callable[[], datetime] = datetime.now

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def today(self) -> date:
        return self.clock().date()

    @property
    def locked(self) -> bool:
        return self.codec.encrypting

    def encode(self, text: str) -> str:
        return self.codec.encode(text)

    def decode(self, stored: str) -> str:
        try:
            return self.codec.decode(stored)
        except LockedField:
            raise JournalLocked(messages.JOURNAL_LOCKED) from None


def sealed_of(row: Vault) -> Sealed:
    return Sealed(row.kdf_params, row.salt, row.wrapped_key, row.version, row.kdf)


def has_lock(db: Database, owner_id: int) -> bool:
    with db.read() as s:
        return s.get(Vault, owner_id) is not None


def data_key(db: Database, owner_id: int, passphrase: str) -> bytes | None:
    """Her data key, opened with the passphrase (None when the journal has no lock).
    The web keeps it in her encrypted session cookie instead of asking on every page."""
    with db.read() as s:
        row = s.get(Vault, owner_id)
    if row is None:
        return None
    try:
        return unseal(sealed_of(row), passphrase)
    except WrongPassphrase:
        raise JournalLocked(messages.JOURNAL_WRONG_PASSPHRASE) from None


def codec_for(db: Database, owner_id: int, passphrase: PassphraseSource | None) -> FieldCodec:
    """The codec that reads and writes her text: plain, or keyed by her passphrase."""
    with db.read() as s:
        row = s.scalar(select(Vault).where(Vault.owner_id == owner_id))
    if row is None:
        return PLAIN
    if passphrase is None:
        raise JournalLocked(messages.JOURNAL_LOCKED)
    given = passphrase()
    if not given:
        raise JournalLocked(messages.JOURNAL_LOCKED)
    try:
        return FieldCodec(unseal(sealed_of(row), given))
    except WrongPassphrase:
        raise JournalLocked(messages.JOURNAL_WRONG_PASSPHRASE) from None


def open_journal(
    url: str,
    *,
    passphrase: PassphraseSource | None = None,
    owner_id: int | None = None,
    check: Callable[[list[str]], list[Report]] | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Journal:
    db = open_database(url)
    owner = owner_id if owner_id is not None else db.local_owner()
    journal = Journal(db, owner, codec_for(db, owner, passphrase))
    if check is not None:
        journal.check = check
    if clock is not None:
        journal.clock = clock
    return journal


def rating(value: int, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not -2 <= value <= 2:
        raise BadInput(messages.RATING_RANGE.format(name=name, value=value))
    return value
