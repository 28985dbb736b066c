"""The app's frame: the home redirect, the PWA files at the root scope, the API docs and
the static files.

The manifest and the service worker live in static/ but are served from the root, because
a service worker only controls pages under its own path.
"""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from drawcloser.web import nav
from drawcloser.web.templating import STATIC, static_version, templates

router = APIRouter(include_in_schema=False)

OPENAPI_URL = "/openapi.json"
LONG_CACHE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse(nav.HOME, status_code=303)


@router.get("/manifest.webmanifest")
def manifest() -> FileResponse:
    return FileResponse(
        STATIC / "manifest.webmanifest",
        media_type="application/manifest+json",
        headers={"Cache-Control": REVALIDATE},
    )


@cache
def _service_worker() -> str:
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    return source.replace("__STATIC_VERSION__", static_version())


@router.get("/sw.js")
def service_worker() -> Response:
    # Always revalidated: a new version of the app must reach her on the next visit.
    return Response(
        _service_worker(),
        media_type="text/javascript",
        headers={"Cache-Control": REVALIDATE, "Service-Worker-Allowed": "/"},
    )


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(STATIC / "icons" / "favicon.ico", media_type="image/x-icon")


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """The API reference: Swagger UI, vendored under static/ (FastAPI's own /docs would load
    it from a CDN)."""
    return templates.TemplateResponse(request, "docs.html", {"openapi_url": OPENAPI_URL})


class Static(StaticFiles):
    """Static files, cached for a year when the URL names the current version
    (``static_url`` adds it), else revalidated on every use."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            versioned = f"v={static_version()}" in scope.get("query_string", b"").decode()
            response.headers["Cache-Control"] = LONG_CACHE if versioned else REVALIDATE
        return response


def static_files() -> Static:
    return Static(directory=STATIC)
