"""Locking the journal with a passphrase, changing it, and taking the lock off.

Each is one transaction: every sensitive field is re-encoded, or none is. Afterwards the
database is compacted so the old form of the text does not linger in freed pages or in the
write-ahead log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.practice.journal import Journal, JournalLocked, sealed_of
from drawcloser.store.schema import SENSITIVE, Vault
from drawcloser.store.vault import (
    PLAIN,
    FieldCodec,
    WrongPassphrase,
    new_data_key,
    seal,
    unseal,
)

MIN_PASSPHRASE = 8


def check_new(passphrase: str) -> str:
    if not passphrase:
        raise BadInput(messages.LOCK_EMPTY_PASSPHRASE)
    if len(passphrase) < MIN_PASSPHRASE:
        raise BadInput(messages.LOCK_SHORT_PASSPHRASE.format(min=MIN_PASSPHRASE))
    return passphrase


def lock(j: Journal, passphrase: str, kdf_params: dict[str, Any] | None = None) -> None:
    check_new(passphrase)
    data_key = new_data_key()
    sealed = seal(data_key, passphrase, kdf_params)
    keyed = FieldCodec(data_key)
    with j.db.write() as s:
        if s.get(Vault, j.owner_id) is not None:
            raise BadInput(messages.LOCK_ALREADY)
        s.add(
            Vault(
                owner_id=j.owner_id,
                version=sealed.version,
                kdf=sealed.kdf,
                kdf_params=sealed.kdf_params,
                salt=sealed.salt,
                wrapped_key=sealed.wrapped_key,
                changed_at=datetime.now(),
            )
        )
        _recode(s, j, j.codec, keyed)
    j.db.compact()
    j.codec = keyed


def change(j: Journal, current: str, new: str, kdf_params: dict[str, Any] | None = None) -> None:
    """A new passphrase: the data key is re-wrapped, her text is not touched."""
    check_new(new)
    with j.db.write() as s:
        row = s.get(Vault, j.owner_id)
        if row is None:
            raise BadInput(messages.LOCK_NOT_LOCKED)
        try:
            data_key = unseal(sealed_of(row), current)
        except WrongPassphrase:
            raise JournalLocked(messages.JOURNAL_WRONG_PASSPHRASE) from None
        sealed = seal(data_key, new, kdf_params)
        row.kdf_params, row.salt, row.wrapped_key = (
            sealed.kdf_params,
            sealed.salt,
            sealed.wrapped_key,
        )
        row.version, row.kdf, row.changed_at = sealed.version, sealed.kdf, datetime.now()


def unlock(j: Journal, current: str) -> None:
    """Take the passphrase off: her text is stored as plain text again."""
    with j.db.write() as s:
        row = s.get(Vault, j.owner_id)
        if row is None:
            raise BadInput(messages.LOCK_NOT_LOCKED)
        try:
            keyed = FieldCodec(unseal(sealed_of(row), current))
        except WrongPassphrase:
            raise JournalLocked(messages.JOURNAL_WRONG_PASSPHRASE) from None
        _recode(s, j, keyed, PLAIN)
        s.delete(row)
    j.db.compact()
    j.codec = PLAIN


def _recode(s: Any, j: Journal, old: FieldCodec, new: FieldCodec) -> None:
    from drawcloser.chats.store import rekey

    for model, columns in SENSITIVE.items():
        owner = model.owner_id  # type: ignore[attr-defined]
        for row in s.scalars(select(model).where(owner == j.owner_id)):
            for column in columns:
                value = getattr(row, column)
                if isinstance(value, list):
                    setattr(row, column, [new.encode(old.decode(v)) for v in value])
                else:
                    setattr(row, column, new.encode(old.decode(value)))
    s.flush()
    rekey(s, j, new)
