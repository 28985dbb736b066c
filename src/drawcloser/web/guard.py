"""Who may do what: the CSRF check on every write, and the answers to "sign in first" and
"unlock first".

CSRF: every request that is not GET/HEAD/OPTIONS must carry the token of her session —
forms as the hidden ``csrf`` field (``{{ csrf_field() }}``), HTMX and scripts as the
``X-CSRF-Token`` header. The JSON API needs it in server mode only: in local mode the
Origin/Sec-Fetch-Site check (security.py) already refuses other websites, and scripts on
her own computer have no session to carry. The check is an app-wide dependency, so a route
module added later is covered without doing anything.

deps.NeedSignIn / deps.NeedUnlock: pages are sent to /signin or /unlock (and back after),
the API answers 401 / 423 with ``{"error": ...}``.
"""

from __future__ import annotations

import hmac
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from jinja2 import pass_context
from jinja2.runtime import Context
from starlette.responses import JSONResponse, RedirectResponse, Response

from drawcloser import messages
from drawcloser.web import deps
from drawcloser.web.errors import WebError, is_api
from drawcloser.web.security import SAFE_METHODS
from drawcloser.web.templating import templates

HEADER = "X-CSRF-Token"
FIELD = "csrf"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
SIGN_IN = "/signin"
UNLOCK = "/unlock"


def safe_next(value: str | None, default: str = "/") -> str:
    """A path on this site to go back to; anything else (another site, "//evil") is dropped."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    if any(ch in value for ch in "\r\n\t"):
        return default
    return value


def _back_here(request: Request) -> str:
    """Where to come back to after signing in or unlocking: this page, if it can be reopened."""
    if request.method != "GET" or request.headers.get("hx-request"):
        return ""
    path = request.url.path
    return path + (f"?{request.url.query}" if request.url.query else "")


async def _form_token(request: Request) -> str | None:
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind not in FORM_TYPES:
        return None
    try:
        form = await request.form()  # cached on the request: the route reads the same form
    except Exception:  # a malformed body: the route's own parsing says what is wrong
        return None
    value = form.get(FIELD)
    return value if isinstance(value, str) else None


def _matches(sent: str | None, expected: str) -> bool:
    return bool(sent) and hmac.compare_digest(str(sent).encode(), expected.encode())


async def csrf_guard(request: Request) -> None:
    """Refuse a write whose token does not match her session's (403)."""
    if request.method in SAFE_METHODS:
        return
    api = is_api(request.url.path)
    if api and not request.app.state.server_mode:
        return
    current = deps.session(request)
    if current is not None:
        if _matches(request.headers.get(HEADER), current.csrf):
            return
        if not api and _matches(await _form_token(request), current.csrf):
            return
    raise WebError(403, messages.WEB_CSRF_API if api else messages.WEB_CSRF_FORM)


def _redirect(request: Request, to: str) -> Response:
    if request.headers.get("hx-request"):
        # HTMX would swap the whole sign-in page into a fragment; ask it to navigate instead.
        return Response(status_code=204, headers={"HX-Redirect": to})
    return RedirectResponse(to, status_code=303)


async def _need_sign_in(request: Request, exc: Exception) -> Response:
    if is_api(request.url.path):
        return JSONResponse({"error": messages.WEB_NEED_SIGN_IN}, status_code=401)
    back = _back_here(request)
    return _redirect(request, SIGN_IN + (f"?next={quote(back, safe='/')}" if back else ""))


async def _need_unlock(request: Request, exc: Exception) -> Response:
    if is_api(request.url.path):
        return JSONResponse({"error": messages.WEB_NEED_UNLOCK}, status_code=423)
    back = _back_here(request)
    return _redirect(request, UNLOCK + (f"?next={quote(back, safe='/')}" if back else ""))


def signed_in_name(request: Request) -> str:
    """Her account name in server mode, when signed in ("" otherwise)."""
    if not request.app.state.server_mode:
        return ""
    try:
        found = deps.facts(request, deps.owner_id(request))  # read once with the session
    except deps.NeedSignIn:
        return ""
    return found.name if found is not None else ""


@pass_context
def _account_name(context: Context) -> str:
    return signed_in_name(context["request"])


@pass_context
def _unlocked(context: Context) -> bool:
    """Whether this session holds her journal's key (then the header offers "Lock now")."""
    current = deps.session(context["request"])
    return current is not None and current.key is not None


def install(app: FastAPI) -> None:
    """Before the routers are included: the CSRF check becomes part of every route."""
    app.router.dependencies.append(Depends(csrf_guard))
    app.add_exception_handler(deps.NeedSignIn, _need_sign_in)
    app.add_exception_handler(deps.NeedUnlock, _need_unlock)
    templates.env.globals.update(account_name=_account_name, unlocked=_unlocked)
