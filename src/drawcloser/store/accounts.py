"""Accounts for the web's server mode: argon2id password hashes, and slowing down guessing.

Local mode has one person and no password (``Database.local_owner``). In server mode each
person signs up with a name and a password; every row she writes carries her id.
Failed sign-ins are recorded in the database, not in a process, so the limit holds across
several worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select

from drawcloser import messages
from drawcloser.errors import BadInput, DrawcloserError
from drawcloser.store.database import LOCAL_USER, Database
from drawcloser.store.schema import LoginFailure, User

MIN_PASSWORD = 10
NAME_MAX = 60
WINDOW = timedelta(minutes=15)
MAX_PER_NAME = 5  # failed sign-ins for one name within WINDOW
MAX_PER_CLIENT = 20  # failed sign-ins from one address within WINDOW

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the name is unknown, so the answer takes as long either way.
_DUMMY = _hasher.hash("drawcloser: no such person")


class TooManyAttempts(DrawcloserError):
    """Too many failed sign-ins; try again later."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > NAME_MAX or cleaned.casefold() == LOCAL_USER:
        raise BadInput(messages.ACCOUNT_NAME.format(max=NAME_MAX))
    return cleaned


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise BadInput(messages.ACCOUNT_PASSWORD_SHORT.format(min=MIN_PASSWORD))
    return password


def sign_up(db: Database, name: str, password: str) -> Account:
    cleaned = _check_name(name)
    hashed = _hasher.hash(_check_password(password))
    with db.write() as s:
        taken = s.scalar(select(User.id).where(func.lower(User.name) == _key(cleaned)))
        if taken is not None:
            raise BadInput(messages.ACCOUNT_TAKEN)
        user = User(name=cleaned, password_hash=hashed, created_at=datetime.now())
        s.add(user)
        s.flush()
        return Account(user.id, user.name)


def sign_in(db: Database, name: str, password: str, client: str = "") -> Account:
    """The account, or BadInput (wrong name or password, never saying which) or
    TooManyAttempts. A success clears that name's failures."""
    key = _key(name)
    now = datetime.now()
    with db.write() as s:
        since = now - WINDOW
        s.execute(delete(LoginFailure).where(LoginFailure.at < since))
        by_name = s.scalar(
            select(func.count()).where(LoginFailure.name_key == key, LoginFailure.at >= since)
        )
        by_client = s.scalar(
            select(func.count()).where(LoginFailure.client == client, LoginFailure.at >= since)
        )
    if (by_name or 0) >= MAX_PER_NAME or (client and (by_client or 0) >= MAX_PER_CLIENT):
        raise TooManyAttempts(messages.ACCOUNT_TOO_MANY.format(minutes=WINDOW.seconds // 60))
    with db.read() as s:
        user = s.scalar(select(User).where(func.lower(User.name) == key))
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY
    try:
        _hasher.verify(stored, password)
        ok = user is not None and user.password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    with db.write() as s:
        if not ok:
            s.add(LoginFailure(name_key=key[:120], client=client[:64], at=now))
        else:
            s.execute(delete(LoginFailure).where(LoginFailure.name_key == key))
    if not ok or user is None:
        raise BadInput(messages.ACCOUNT_WRONG)
    if _hasher.check_needs_rehash(stored):
        change_password(db, user.id, password)
    return Account(user.id, user.name)


def change_password(db: Database, user_id: int, new_password: str) -> None:
    hashed = _hasher.hash(_check_password(new_password))
    with db.write() as s:
        user = s.get(User, user_id)
        if user is None:
            raise BadInput(messages.ACCOUNT_WRONG)
        user.password_hash = hashed


def get(db: Database, user_id: int) -> Account | None:
    with db.read() as s:
        user = s.get(User, user_id)
        return Account(user.id, user.name) if user is not None else None


def delete_account(db: Database, user_id: int) -> None:
    """Her account and everything she owns (rows cascade from the user)."""
    with db.write() as s:
        user = s.get(User, user_id)
        if user is not None:
            s.delete(user)
    db.compact()
