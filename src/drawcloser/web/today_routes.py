"""Today: one small thing to do, something to remember, and a one-tap check-in.

GET  /today                  the day (a welcome first, while her journal is empty)
POST /today/done, /skip      log today's action; after "done", ask how he responded
POST /today/response         how he responded
POST /today/another          swap today's action for the next best
POST /today/checkin          a quick check-in, then back here with what the check read
GET  /api/v1/today, POST /api/v1/today/another   the same as JSON

Every form posts and redirects (it all works without JavaScript); HTMX swaps only the
action's card when it is there.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.practice import actions as act
from drawcloser.practice import checkins
from drawcloser.practice import remember as rem
from drawcloser.practice.actions import Suggestion
from drawcloser.practice.journal import Journal
from drawcloser.web import practice_views as pv
from drawcloser.web.deps import FormText, JournalDep
from drawcloser.web.journal_routes import CheckInFields, CheckInForm, save
from drawcloser.web.practice_models import TodayOut
from drawcloser.web.templating import render

router = APIRouter()

ACTION_CARD = "/today#today-action"


def suggestion(j: Journal, *, another: bool = False) -> Suggestion | None:
    """Today's action, or None when every action is hidden or came up lately."""
    try:
        return act.suggest(j, another=another)
    except BadInput:
        return None


# The day, its action, the item to remember, and whether she has no check-in yet.
Day = tuple[date, Suggestion | None, rem.Item | None, bool]


def _read_day(j: Journal) -> tuple[date, Suggestion | None, rem.Kept | None, bool]:
    """What the day already holds, in one read transaction: the action and the item are
    None while they are still to be chosen."""
    day = j.today()
    with j.db.read() as s:
        current = act.picked(s, j, day)
        kept = rem.day_item(s, j, day)
        first_run = not checkins.any_in(s, j)
    return day, current, kept, first_run


def _day(j: Journal) -> Day:
    """Today: one read transaction on most visits; the day's first visit chooses (and keeps)
    the action and the item afterwards, each in its own write, as ``suggest`` and
    ``resurface`` do."""
    day, current, kept, first_run = _read_day(j)
    if current is None:
        current = suggestion(j)
    remembered = kept.item if kept is not None else rem.resurface(j)
    return day, current, remembered, first_run


def _page(
    request: Request,
    j: Journal,
    *,
    form: CheckInForm | None = None,
    saved_id: int | None = None,
    status: int = 200,
    today: Day | None = None,
) -> HTMLResponse:
    saved = None
    if saved_id is not None:
        try:
            saved = checkins.get(j, saved_id)
        except BadInput:
            saved = None  # deleted since, or not hers: nothing to confirm
    day, current, remembered, first_run = today or _day(j)
    items = rem.items(j) if first_run else []
    context = {
        "day": day,
        "suggestion": current,
        "remembered": remembered,
        "form": form or CheckInForm(),
        "saved": saved,
        "safety": pv.safety(saved) if saved else None,
        "first_run": first_run,
        "has_quality": bool(items),
        "nothing_left": messages.WEB_ACTION_NOTHING_LEFT,
        "efforts": act.EFFORTS,
        "pv": pv,
    }
    return render(request, "today.html", context, status_code=status)


@router.get("/today", include_in_schema=False)
async def today_page(request: Request, j: JournalDep, saved: int | None = None) -> HTMLResponse:
    # Most visits only read a few rows and render: on the event loop, which costs less than
    # a worker thread (under load, threads queue for the GIL at every query). The day's
    # first visit writes its choices, and a write may wait for SQLite's lock: in a thread.
    day, current, kept, first_run = _read_day(j)
    if current is None or kept is None:
        return await run_in_threadpool(_page, request, j, saved_id=saved)
    return _page(request, j, saved_id=saved, today=(day, current, kept.item, first_run))


def _log(j: Journal, status: str, key: str, response: str = "") -> None:
    current = suggestion(j)
    # The key she saw (the page may be older than a swap in another tab); else today's.
    chosen = key if key else (current.action.key if current else "")
    if not chosen:
        return
    # An action deleted since the page was shown: log nothing, show today as it is.
    with contextlib.suppress(BadInput):
        act.log(j, status, key=chosen, response=response)


@router.post("/today/done", include_in_schema=False)
def done_form(j: JournalDep, key: FormText = "") -> RedirectResponse:
    _log(j, "done", key)
    return RedirectResponse(ACTION_CARD, status_code=303)


@router.post("/today/skip", include_in_schema=False)
def skip_form(j: JournalDep, key: FormText = "") -> RedirectResponse:
    _log(j, "skipped", key)
    return RedirectResponse(ACTION_CARD, status_code=303)


@router.post("/today/response", include_in_schema=False)
def response_form(
    request: Request, j: JournalDep, key: FormText = "", response: FormText = ""
) -> Response:
    try:
        act.log(j, "done", key=key or None, response=response)
    except BadInput as exc:
        raise pv.unprocessable(exc) from None
    return RedirectResponse(ACTION_CARD, status_code=303)


@router.post("/today/another", include_in_schema=False)
def another_form(j: JournalDep) -> RedirectResponse:
    suggestion(j, another=True)
    return RedirectResponse(ACTION_CARD, status_code=303)


@router.post("/today/checkin", include_in_schema=False)
def checkin_form(request: Request, j: JournalDep, form: CheckInFields) -> Response:
    saved = save(j, form)
    if saved is None:
        return _page(request, j, form=form, status=422)
    return RedirectResponse(f"/today?saved={saved.entry.id}#saved", status_code=303)


# -- API -------------------------------------------------------------------------------------


def _today(j: Journal, current: Suggestion | None) -> dict[str, Any]:
    item = rem.resurface(j)
    return {
        "suggestion": current.to_dict() if current else None,
        "remember": item.to_dict() if item else None,
        "first_run": not checkins.entries(j, limit=1),
    }


@router.get("/api/v1/today", response_model=TodayOut, tags=["today"], summary="Today")
def api_today(j: JournalDep) -> dict[str, Any]:
    """Today's small action (kept for the day once chosen) and the quality or memory that
    resurfaces today."""
    _, current, item, first_run = _day(j)
    return {
        "suggestion": current.to_dict() if current else None,
        "remember": item.to_dict() if item else None,
        "first_run": first_run,
    }


@router.post(
    "/api/v1/today/another",
    response_model=TodayOut,
    tags=["today"],
    summary="Another action for today",
)
def api_another(j: JournalDep) -> dict[str, Any]:
    """Swap today's action for the next best one (nothing is logged)."""
    return _today(j, suggestion(j, another=True))
