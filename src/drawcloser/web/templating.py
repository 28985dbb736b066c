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
from starlette.responses import HTMLResponse

from drawcloser import __version__, messages
from drawcloser.web import nav

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


templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.globals.update(
    static_url=static_url,
    tabs=nav.TABS,
    settings_place=nav.SETTINGS,
    msg=messages,
    version=__version__,
)
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    ctx = {"active": nav.active(request.url.path), **(context or {})}
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)
