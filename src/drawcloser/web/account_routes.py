"""Accounts (server mode) and the unlock screen (both modes).

GET/POST /signup, /signin     server mode only (404 in local mode)
POST     /signout             server mode only
GET      /account             her name, change password, delete account (server mode)
POST     /account/password, /account/delete
GET/POST /unlock              her passphrase opens a locked journal for this session
POST     /lock                "Lock now": the session forgets the key
GET      /api/v1/session      the CSRF token for scripts, and who is signed in
POST     /api/v1/unlock       the API's unlock: the key joins this session
GET      /api/v1/health       "ok": for a proxy's health check

A sign-in, an unlock and a lock each write a new session (a new CSRF token too), so a
token or cookie seen before cannot be reused for more than it was.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, RedirectResponse, Response

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.practice.journal import JournalLocked, data_key, has_lock
from drawcloser.store import accounts
from drawcloser.web import deps
from drawcloser.web.api_models import ErrorOut
from drawcloser.web.deps import FormText
from drawcloser.web.errors import WebError
from drawcloser.web.guard import safe_next, signed_in_name
from drawcloser.web.session import Session
from drawcloser.web.templating import page_session, render

router = APIRouter()


# ?done=... after a redirect: what just happened, said once on the next page.
DONE = {
    "signed-out": messages.ACCOUNT_SIGNED_OUT,
    "deleted": messages.ACCOUNT_DELETED,
    "locked": messages.UNLOCK_LOCKED_NOW,
    "password": messages.ACCOUNT_PASSWORD_CHANGED,
}


def _done(request: Request) -> str:
    return DONE.get(request.query_params.get("done", ""), "")


def _server_only(request: Request) -> None:
    if not request.app.state.server_mode:
        raise HTTPException(404)


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else ""


def _start(request: Request, to: str, session: Session | None) -> RedirectResponse:
    """A 303 to ``to`` with a fresh session cookie (None: the cookie is removed)."""
    response = RedirectResponse(to, status_code=303)
    if session is None:
        deps.sessions(request).clear(response)
    else:
        deps.sessions(request).write(response, session)
    return response


def _signed_in_uid(request: Request) -> int:
    return deps.owner_id(request)  # NeedSignIn unless signed in (server mode)


# ---- Sign up, sign in, sign out ---------------------------------------------------------------


def _auth_page(
    request: Request, name: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    defaults = {
        "error": "",
        "done": _done(request),
        "name": "",
        "next": safe_next(request.query_params.get("next"), ""),
        "min_password": accounts.MIN_PASSWORD,
        "max_name": accounts.NAME_MAX,
    }
    return render(request, name, {**defaults, **context}, status_code=status)


@router.get("/signup", include_in_schema=False)
def signup_page(request: Request) -> Response:
    _server_only(request)
    if signed_in_name(request):
        return RedirectResponse("/", status_code=303)
    return _auth_page(request, "account/signup.html", {})


@router.post("/signup", include_in_schema=False)
def signup(
    request: Request,
    name: FormText = "",
    password: FormText = "",
    again: FormText = "",
    next: FormText = "",
) -> Response:
    _server_only(request)
    try:
        if password != again:
            raise BadInput(messages.ACCOUNT_PASSWORDS_DIFFER)
        account = accounts.sign_up(deps.database(request), name, password)
    except BadInput as exc:
        return _auth_page(
            request, "account/signup.html", {"error": str(exc), "name": name, "next": next}, 400
        )
    return _start(request, safe_next(next), Session(uid=account.id))


@router.get("/signin", include_in_schema=False)
def signin_page(request: Request) -> Response:
    _server_only(request)
    if signed_in_name(request):
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    return _auth_page(request, "account/signin.html", {})


@router.post("/signin", include_in_schema=False)
def signin(
    request: Request, name: FormText = "", password: FormText = "", next: FormText = ""
) -> Response:
    _server_only(request)
    try:
        account = accounts.sign_in(deps.database(request), name, password, _client(request))
    except accounts.TooManyAttempts as exc:
        return _auth_page(
            request, "account/signin.html", {"error": str(exc), "name": name, "next": next}, 429
        )
    except BadInput as exc:
        return _auth_page(
            request, "account/signin.html", {"error": str(exc), "name": name, "next": next}, 400
        )
    # A new session: whatever cookie she had before (perhaps planted) is worth nothing now.
    return _start(request, safe_next(next), Session(uid=account.id))


@router.post("/signout", include_in_schema=False)
def signout(request: Request) -> Response:
    _server_only(request)
    return _start(request, "/signin?done=signed-out", None)


# ---- Her account ------------------------------------------------------------------------------


def _account_page(request: Request, status: int = 200, **context: str) -> HTMLResponse:
    uid = _signed_in_uid(request)
    found = accounts.get(deps.database(request), uid)
    if found is None:  # deleted elsewhere while this cookie lived on
        raise deps.NeedSignIn()
    ctx = {
        "account": found,
        "done": _done(request),
        "password_error": "",
        "delete_error": "",
        "min_password": str(accounts.MIN_PASSWORD),
        **context,
    }
    return render(request, "account/account.html", ctx, status_code=status)


@router.get("/account", include_in_schema=False)
def account_page(request: Request) -> Response:
    _server_only(request)
    return _account_page(request)


@router.post("/account/password", include_in_schema=False)
def change_password(
    request: Request, current: FormText = "", password: FormText = "", again: FormText = ""
) -> Response:
    _server_only(request)
    uid = _signed_in_uid(request)
    db = deps.database(request)
    found = accounts.get(db, uid)
    if found is None:
        raise deps.NeedSignIn()
    try:
        if password != again:
            raise BadInput(messages.ACCOUNT_PASSWORDS_DIFFER)
        try:
            accounts.sign_in(db, found.name, current, _client(request))
        except BadInput:
            raise BadInput(messages.ACCOUNT_CURRENT_WRONG) from None
        accounts.change_password(db, uid, password)
    except accounts.TooManyAttempts as exc:
        return _account_page(request, 429, password_error=str(exc))
    except BadInput as exc:
        return _account_page(request, 400, password_error=str(exc))
    current_session = deps.session(request)
    key = current_session.key if current_session is not None else None
    return _start(request, "/account?done=password", Session(uid=uid, key=key))


@router.post("/account/delete", include_in_schema=False)
def delete_account(request: Request, confirm: FormText = "") -> Response:
    _server_only(request)
    uid = _signed_in_uid(request)
    db = deps.database(request)
    found = accounts.get(db, uid)
    if found is None:
        raise deps.NeedSignIn()
    if " ".join(confirm.split()).casefold() != " ".join(found.name.split()).casefold():
        message = messages.ACCOUNT_DELETE_CONFIRM.format(name=found.name)
        return _account_page(request, 400, delete_error=message)
    accounts.delete_account(db, uid)
    return _start(request, "/signup?done=deleted", None)


# ---- Unlock and lock --------------------------------------------------------------------------


def _unlock_page(request: Request, next_path: str, error: str = "", status: int = 200) -> Response:
    return render(
        request,
        "account/unlock.html",
        {"error": error, "done": _done(request), "next": next_path, "has_lock": True},
        status_code=status,
    )


@router.get("/unlock", include_in_schema=False)
def unlock_page(request: Request) -> Response:
    owner = deps.owner_id(request)
    next_path = safe_next(request.query_params.get("next"), "")
    if not has_lock(deps.database(request), owner):
        if next_path:
            return RedirectResponse(next_path, status_code=303)
        ctx = {"error": "", "done": _done(request), "next": "", "has_lock": False}
        return render(request, "account/unlock.html", ctx)
    current = deps.session(request)
    if current is not None and current.key is not None and next_path:
        return RedirectResponse(next_path, status_code=303)
    return _unlock_page(request, next_path)


@router.post("/unlock", include_in_schema=False)
def unlock(request: Request, passphrase: FormText = "", next: FormText = "") -> Response:
    owner = deps.owner_id(request)
    next_path = safe_next(next, "")
    if not passphrase:
        return _unlock_page(request, next_path, messages.UNLOCK_EMPTY, 400)
    try:
        key = data_key(deps.database(request), owner, passphrase)
    except JournalLocked:
        return _unlock_page(request, next_path, messages.JOURNAL_WRONG_PASSPHRASE, 403)
    uid = owner if request.app.state.server_mode else None
    return _start(request, next_path or "/", Session(uid=uid, key=key))


@router.post("/lock", include_in_schema=False)
def lock_now(request: Request) -> Response:
    # Server mode: only a living account's session is re-issued (deps.owner_id checks).
    uid = deps.owner_id(request) if request.app.state.server_mode else None
    return _start(request, "/unlock?done=locked", Session(uid=uid))


# ---- For scripts ------------------------------------------------------------------------------


@router.get(
    "/api/v1/session", tags=["session"], summary="This session: CSRF token and who is signed in"
)
def api_session(request: Request) -> Response:
    """The ``X-CSRF-Token`` to send with every POST, PUT, PATCH and DELETE in server mode
    (the session cookie is set if there was none), whether someone is signed in, and whether
    this session holds the journal's key."""
    from starlette.responses import JSONResponse

    current = page_session(request)
    body = {
        "csrf": current.csrf,
        "server_mode": bool(request.app.state.server_mode),
        "name": signed_in_name(request) or None,
        "unlocked": current.key is not None,
    }
    response = JSONResponse(body)
    if getattr(request.state, "session_new", False):
        deps.sessions(request).write(response, current)
        request.state.session_new = False
    return response


class UnlockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    passphrase: str = Field(description="The journal's passphrase.")


class UnlockOut(BaseModel):
    message: str
    csrf: str = Field(description="The new session's token: send it from now on.")


@router.post(
    "/api/v1/unlock",
    response_model=UnlockOut,
    responses={
        400: {"model": ErrorOut, "description": "No passphrase given."},
        401: {"model": ErrorOut, "description": "Server mode: nobody is signed in."},
        403: {"model": ErrorOut, "description": "The passphrase is wrong."},
        409: {"model": ErrorOut, "description": "The journal has no passphrase."},
    },
    tags=["lock"],
    summary="Unlock the journal for this session",
)
def api_unlock(request: Request, body: UnlockIn) -> Response:
    """Like the unlock screen: a new session (and CSRF token) that holds the journal's key."""
    from starlette.responses import JSONResponse

    owner = deps.owner_id(request)
    db = deps.database(request)
    if not body.passphrase:
        raise WebError(400, messages.UNLOCK_EMPTY)
    if not has_lock(db, owner):
        raise WebError(409, messages.LOCK_NOT_LOCKED)
    try:
        key = data_key(db, owner, body.passphrase)
    except JournalLocked:
        raise WebError(403, messages.JOURNAL_WRONG_PASSPHRASE) from None
    fresh = Session(uid=owner if request.app.state.server_mode else None, key=key)
    response = JSONResponse({"message": messages.API_UNLOCKED, "csrf": fresh.csrf})
    deps.sessions(request).write(response, fresh)
    return response


@router.get("/api/v1/health", tags=["session"], summary="Is the server up")
async def api_health() -> dict[str, str]:
    """A constant answer that touches neither the database nor the check: for a proxy's or
    an orchestrator's health check, and the baseline of the load benchmark."""
    return {"status": "ok"}
