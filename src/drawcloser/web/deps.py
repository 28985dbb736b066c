"""Who is asking, and her journal: the dependency every journal page and API route uses.

    @router.get("/today")
    def today(request: Request, j: deps.JournalDep) -> Response: ...

Local mode: the one local person. Server mode: the person signed in (else NeedSignIn).
Either way, a locked journal needs its data key in the session (else NeedUnlock). The
error handlers turn these into a redirect for pages and a 401/423 JSON error for the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Form, Request
from sqlalchemy import and_, bindparam, select

from drawcloser.practice.journal import Journal
from drawcloser.practice.preferences import DISCREET
from drawcloser.store.database import Database
from drawcloser.store.schema import Preference, User, Vault
from drawcloser.store.vault import PLAIN, FieldCodec
from drawcloser.web.session import Session, Sessions


class NeedSignIn(Exception):
    """Server mode, and nobody is signed in."""


class NeedUnlock(Exception):
    """Her journal is locked and this session does not hold its key."""


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def sessions(request: Request) -> Sessions:
    found: Sessions = request.app.state.sessions
    return found


def session(request: Request) -> Session | None:
    """The request's session (read once, cached on the request)."""
    if not hasattr(request.state, "session"):
        request.state.session = sessions(request).read(request)
    found: Session | None = request.state.session
    return found


@dataclass(frozen=True, slots=True)
class Facts:
    """What nearly every request needs to know about her account, read in one query:
    when it was created and its name (server mode: is the cookie older than the account,
    and the name in the header), whether her journal has a lock, and discreet mode."""

    created_at: datetime
    name: str
    locked: bool
    discreet: bool


# Built once: building a statement costs more than running it (SQLAlchemy then reuses its
# compiled form).
_FACTS = (
    select(User.created_at, User.name, Vault.owner_id, Preference.value)
    .outerjoin(Vault, Vault.owner_id == User.id)
    .outerjoin(Preference, and_(Preference.owner_id == User.id, Preference.key == DISCREET))
    .where(User.id == bindparam("owner"))
)


def facts(request: Request, owner: int) -> Facts | None:
    """Her account's facts (None when the account does not exist), read once per request."""
    cached: dict[int, Facts | None] = getattr(request.state, "facts", None) or {}
    if owner not in cached:
        with database(request).read() as s:
            row = s.execute(_FACTS, {"owner": owner}).first()
        cached[owner] = (
            None if row is None else Facts(row[0], row[1], row[2] is not None, row[3] == "on")
        )
        request.state.facts = cached
    return cached[owner]


def owner_id(request: Request) -> int:
    if not request.app.state.server_mode:
        local: int = request.app.state.local_owner
        return local
    current = session(request)
    if current is None or current.uid is None or not _account_lives(request, current):
        raise NeedSignIn()
    return current.uid


def _account_lives(request: Request, current: Session) -> bool:
    """Her account still exists and is not younger than the cookie: a deleted account's id
    can be handed to a new person (SQLite reuses the highest id), and an old cookie must
    not open the new person's journal."""
    assert current.uid is not None
    found = facts(request, current.uid)
    return found is not None and found.created_at.timestamp() < current.issued


async def journal(request: Request) -> Journal:
    # On the event loop: the session is in the cookie and the account's facts take one small
    # query, less than handing this to a worker thread and back (the route itself, when
    # sync, runs in one).
    db = database(request)
    owner = owner_id(request)
    codec: FieldCodec = PLAIN
    found = facts(request, owner)
    if found is not None and found.locked:
        current = session(request)
        if current is None or current.key is None:
            raise NeedUnlock()
        codec = FieldCodec(current.key)
    checker = request.app.state.checker
    return Journal(db, owner, codec, check=checker.check_many)


# What route modules declare: her journal, and a form field kept as typed.
JournalDep = Annotated[Journal, Depends(journal)]
FormText = Annotated[str, Form()]
