"""The daily practice's pages and API, as one group for ``app.ROUTERS``: Today, the
journal, Remember and the actions library."""

from __future__ import annotations

from fastapi import APIRouter

from drawcloser.web import actions_routes, journal_routes, remember_routes, today_routes

ROUTERS: tuple[APIRouter, ...] = (
    today_routes.router,
    journal_routes.router,
    remember_routes.router,
    actions_routes.router,
)
