"""One Jinja2 environment for every page, with what the base template needs.

Page modules render with ``render(request, "page.html", {...})``; the base template gets
the tab bar, the active tab and ``static_url`` from here, so a new page only writes its own
template and route module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.responses import HTMLResponse

from drawcloser import __version__, messages
from drawcloser.practice.progress import ratio_tone
from drawcloser.web import deps, nav
from drawcloser.web.session import Session

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@cache
def static_version() -> str:
    """A digest of every static file: it names the service worker's cache and busts
    browser caches, so an upgrade never serves yesterday's script with today's page."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in STATIC.rglob("*") if p.is_file()):
        digest.update(path.relative_to(STATIC).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def static_url(path: str) -> str:
    return f"/static/{path}?v={static_version()}"


def page_session(request: Request) -> Session:
    """The request's session; a new one (its cookie written by ``render``) when she has
    none yet, so every form she is shown carries a CSRF token her next request can match."""
    current = deps.session(request)
    if current is None:
        current = Session()
        request.state.session = current
        request.state.session_new = True
    return current


@pass_context
def csrf_token(context: Context) -> str:
    request: Request = context["request"]
    return page_session(request).csrf


@pass_context
def csrf_field(context: Context) -> Markup:
    return Markup('<input type="hidden" name="csrf" value="{}">').format(csrf_token(context))


templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.globals.update(
    csrf_token=csrf_token,
    csrf_field=csrf_field,
    static_url=static_url,
    tabs=nav.TABS,
    settings_place=nav.SETTINGS,
    msg=messages,
    version=__version__,
    ratio_tone=ratio_tone,
)
templates.env.trim_blocks = True
# Templates ship inside the package and do not change while it runs: no stat() per render.
templates.env.auto_reload = False
templates.env.lstrip_blocks = True
# Discreet mode: every page learns `discreet` (and the neutral name, manifest and icon).
from drawcloser.web import discreet as _discreet  # noqa: E402 - it needs deps first

templates.context_processors.append(_discreet.context)


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    ctx = {"active": nav.active(request.url.path), **(context or {})}
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    if getattr(request.state, "session_new", False):
        deps.sessions(request).write(response, request.state.session)
        request.state.session_new = False
    return response
