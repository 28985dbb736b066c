"""Progress, Chats and Settings: their routers and the upload sizes they take, wired into
the app in one place (``app.ROUTERS`` and ``app.BODY_LIMITS``)."""

from __future__ import annotations

from fastapi import APIRouter

from drawcloser.web import chats_routes, progress_routes, settings_routes

ROUTERS: tuple[APIRouter, ...] = (
    progress_routes.router,
    chats_routes.router,
    settings_routes.router,
)

# A chat export of several years is large; an export with chats in it too.
BODY_LIMITS: dict[str, int] = {
    "/chats/upload": chats_routes.UPLOAD_LIMIT,
    "/api/v1/chats": chats_routes.UPLOAD_LIMIT,
    "/settings/import": settings_routes.IMPORT_LIMIT,
    "/api/v1/import": settings_routes.IMPORT_LIMIT,
}
