"""The FastAPI application: one factory, every page and API route plugged in as a module.

A new area (the journal, the practice) adds a route module with an ``APIRouter`` and its
templates, then one line in ``ROUTERS``; the frame (security, errors, static files, the
tab bar) is shared.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool

from drawcloser import __version__, config, messages
from drawcloser.coach.check import CheckInputError
from drawcloser.coach.safety import ResourcesFileError, use_resources
from drawcloser.errors import BadInput
from drawcloser.web import (
    account_routes,
    actions_routes,
    chats_routes,
    check_routes,
    errors,
    guard,
    journal_routes,
    progress_routes,
    remember_routes,
    settings_routes,
    site_routes,
    today_routes,
)
from drawcloser.web.checker import Checker
from drawcloser.web.security import SecurityMiddleware
from drawcloser.web.session import MAX_AGE

log = logging.getLogger("drawcloser.web")

ROUTERS: tuple[APIRouter, ...] = (
    site_routes.router,
    check_routes.router,
    account_routes.router,
    today_routes.router,
    journal_routes.router,
    remember_routes.router,
    actions_routes.router,
    progress_routes.router,
    chats_routes.router,
    settings_routes.router,
)
# Path prefix -> the largest request body it takes, where 1 MiB is not enough (uploads).
# A chat export of several years is large; an export with chats in it too.
BODY_LIMITS: dict[str, int] = {
    "/chats/upload": chats_routes.UPLOAD_LIMIT,
    "/api/v1/chats": chats_routes.UPLOAD_LIMIT,
    "/settings/import": settings_routes.IMPORT_LIMIT,
    "/api/v1/import": settings_routes.IMPORT_LIMIT,
}

DESCRIPTION = """\
The JSON API of drawcloser. Everything runs on this server; nothing is sent elsewhere.

Errors come back as `{"error": "what went wrong, in plain words"}` with a 4xx status
(503 while the check's model has not been built).
"""


def _use_help_file(settings: config.Settings) -> None:
    # The safety screen's resources are process-wide; the settings decide them (None: the
    # built-in list), as the CLI does.
    try:
        use_resources(settings.help_file)
    except ResourcesFileError as exc:
        raise BadInput(messages.HELP_FILE_INVALID.format(reason=exc)) from None


_frozen = False


def _freeze_startup_objects() -> None:
    """Once per process, at the first startup: what is loaded by then (the modules, the
    engine) lives as long as the process, so it is moved out of the garbage collector's
    sight; a full collection then no longer walks it (about 140,000 objects: tens of
    milliseconds that every request in flight would wait for)."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()  # garbage is collected first, not kept forever
        gc.freeze()


def create_app(
    settings: config.Settings | None = None,
    *,
    engine: str = "auto",
    server_mode: bool = False,
) -> FastAPI:
    """The app. ``engine`` is the default engine of the check ("auto" defers to
    ``settings.engine``, i.e. $DRAWCLOSER_ENGINE). In local mode (the default) only
    loopback host names are answered; ``server_mode`` lifts that and adds HSTS, for a
    server behind a TLS proxy. Raises BadInput for an unknown engine or an unusable
    help-resources file.
    """
    settings = settings or config.load()
    _use_help_file(settings)
    try:
        checker = Checker(engine if engine != "auto" else settings.engine, settings.home)
    except CheckInputError as exc:  # e.g. DRAWCLOSER_ENGINE names no engine
        raise BadInput(str(exc)) from None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load the engine before the first request, so her first check is not the slow one.
        try:
            await run_in_threadpool(checker.engine)
        except Exception as exc:  # the page still opens; the check then says what to do
            log.warning("The check engine could not be loaded yet: %s", exc)
        _freeze_startup_objects()
        yield

    app = FastAPI(
        title="drawcloser",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # served by site_routes from vendored files, not a CDN
        redoc_url=None,
        openapi_url=site_routes.OPENAPI_URL,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.checker = checker
    app.state.server_mode = server_mode
    # The journal's database, migrated once here; pages get a Journal per request (deps).
    from drawcloser.store.database import open_database
    from drawcloser.web.session import Sessions, secret

    app.state.db = open_database(settings.journal_url)
    app.state.local_owner = app.state.db.local_owner()
    app.state.sessions = Sessions(
        secret(settings.home), secure=server_mode, max_age=MAX_AGE if server_mode else None
    )
    errors.install(app)
    guard.install(app)  # before the routers: the CSRF check joins every route
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", site_routes.static_files(), name="static")
    app.add_middleware(
        SecurityMiddleware,
        local_only=not server_mode,
        hsts=server_mode,
        max_body=errors.MAX_BODY_BYTES,
        body_limits=BODY_LIMITS,
    )
    return app


def create_server_app() -> FastAPI:
    """For uvicorn's factory mode with several workers: server mode, settings from env."""
    return create_app(server_mode=True)
