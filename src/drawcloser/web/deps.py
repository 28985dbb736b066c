"""Who is asking, and her journal: the dependency every journal page and API route uses.

    @router.get("/today")
    def today(request: Request, j: deps.JournalDep) -> Response: ...

Local mode: the one local person. Server mode: the person signed in (else NeedSignIn).
Either way, a locked journal needs its data key in the session (else NeedUnlock). The
error handlers turn these into a redirect for pages and a 401/423 JSON error for the API.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from sqlalchemy import select

from drawcloser.practice.journal import Journal, has_lock
from drawcloser.store.database import Database
from drawcloser.store.schema import User
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
    if not hasattr(request.state, "account_ok"):
        with database(request).read() as s:
            created = s.scalar(select(User.created_at).where(User.id == current.uid))
        request.state.account_ok = created is not None and created.timestamp() < current.issued
    ok: bool = request.state.account_ok
    return ok


def journal(request: Request) -> Journal:
    db = database(request)
    owner = owner_id(request)
    codec: FieldCodec = PLAIN
    if has_lock(db, owner):
        current = session(request)
        if current is None or current.key is None:
            raise NeedUnlock()
        codec = FieldCodec(current.key)
    checker = request.app.state.checker
    return Journal(db, owner, codec, check=checker.check_many)


# What route modules declare: her journal, and a form field kept as typed.
JournalDep = Annotated[Journal, Depends(journal)]
FormText = Annotated[str, Form()]
