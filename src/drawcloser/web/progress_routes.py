"""Progress: the charts, the figures in words, and the weekly review with a week picker.

GET /progress                  the page (?week=YYYY-MM-DD picks the week to review)
GET /progress/chart.svg        the charts (?theme=light|dark, ?weeks=1..26), an image
GET /api/v1/progress           the figures as JSON (``drawcloser progress --json``)
GET /api/v1/review             the weekly review as JSON (``drawcloser review --json``)
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import HTMLResponse, Response

from drawcloser import messages
from drawcloser.practice import progress as prog
from drawcloser.practice import review as rev
from drawcloser.practice.actions import NEEDS
from drawcloser.practice.journal import Journal
from drawcloser.web.api_models import ErrorOut
from drawcloser.web.deps import JournalDep
from drawcloser.web.errors import WebError
from drawcloser.web.progress_models import ProgressOut, ReviewOut
from drawcloser.web.templating import render

router = APIRouter()

WEEKS_SHOWN = 8
PICKER_WEEKS = 12  # how far back the week picker reaches

_chart_lock = threading.Lock()


def draw_chart(draw: Callable[[], bytes]) -> bytes:
    """Run a matplotlib drawing alone: pyplot's state is global and not thread-safe, and one
    chart's colours must not leak into the next (rc_context restores them)."""
    import matplotlib

    matplotlib.use("Agg")
    with _chart_lock, matplotlib.rc_context(), warnings.catch_warnings():
        # An empty week has nothing to put in a legend; matplotlib's warning says only that.
        warnings.simplefilter("ignore", UserWarning)
        return draw()


def svg_response(data: bytes) -> Response:
    return Response(data, media_type="image/svg+xml")


def pick_week(value: str | None, today: date) -> date:
    """The Monday of the week to review: ?week= names any day in it (default: this week)."""
    if not value:
        return prog.week_start(today)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise WebError(400, messages.WEB_BAD_DATE.format(value=value)) from None
    if day > today:
        raise WebError(400, messages.WEB_FUTURE_WEEK)
    return prog.week_start(day)


@dataclass(frozen=True)
class Bar:
    """One week of the ratio, as text and as a share of the reference for a CSS bar."""

    period: prog.Period
    level: int  # 0 … 10: tenths of the way to 10 : 1, so 5 is the 5 : 1 line

    @property
    def meets(self) -> bool | None:
        return prog.meets_reference(self.period.pull, self.period.push)

    @property
    def tone(self) -> str:
        return prog.ratio_tone(self.period.pull, self.period.push)


def bars(p: prog.Progress) -> list[Bar]:
    out = []
    for w in p.weeks:
        if w.pull + w.push == 0:
            level = 0
        elif w.push == 0:
            level = 10
        else:
            level = max(1, min(10, round(w.pull / w.push)))
        out.append(Bar(w, level))
    return out


def feel(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}".replace("-", "\u2212")


def has_anything(p: prog.Progress) -> bool:
    return p.streak.best > 0 or any(w.pull or w.push or w.checkins for w in p.weeks)


@router.get("/progress", include_in_schema=False)
def progress_page(request: Request, j: JournalDep, week: str | None = None) -> HTMLResponse:
    today = j.today()
    start = pick_week(week, today)
    p = prog.summary(j, weeks=WEEKS_SHOWN)
    review = rev.weekly(j, start)
    this_week = prog.week_start(today)
    choices = [this_week - timedelta(weeks=n) for n in range(PICKER_WEEKS)]
    if start not in choices:
        choices.append(start)
    earlier = start - timedelta(weeks=1)
    later = start + timedelta(weeks=1) if start < this_week else None
    return render(
        request,
        "progress/progress.html",
        {
            "p": p,
            "review": review,
            "bars": bars(p),
            "needs": NEEDS,
            "feel": feel,
            "empty": not has_anything(p),
            "week_start": start,
            "this_week": this_week,
            "choices": choices,
            "earlier": earlier,
            "later": later,
            "max_need": max([1, *p.needs_last_7_days.values()]),
        },
    )


@router.get("/progress/chart.svg", include_in_schema=False)
def progress_chart(
    j: JournalDep,
    theme: Literal["light", "dark"] = "light",
    weeks: Annotated[int, Query(ge=1, le=26)] = WEEKS_SHOWN,
) -> Response:
    from drawcloser.practice import charts

    p = prog.summary(j, weeks=weeks)
    return svg_response(draw_chart(lambda: charts.render(p, "svg", dark=theme == "dark")))


_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Server mode: nobody is signed in."},
    422: {"model": ErrorOut, "description": "A parameter is not valid (e.g. not a date)."},
    423: {"model": ErrorOut, "description": "The journal is locked: unlock it first."},
}


def _day(value: date | None, j: Journal) -> date | None:
    if value is not None and value > j.today():
        raise WebError(422, messages.WEB_FUTURE_WEEK)
    return value


@router.get(
    "/api/v1/progress",
    response_model=ProgressOut,
    responses=_ERRORS,
    tags=["progress"],
    summary="Progress: pull : push per week, warmth, openness, needs, streak",
)
def api_progress(
    j: JournalDep,
    weeks: Annotated[int, Query(ge=1, le=104, description="How many weeks.")] = WEEKS_SHOWN,
    day: Annotated[date | None, Query(alias="date", description="As of this day.")] = None,
) -> dict[str, Any]:
    """The figures behind the Progress page, the same as ``drawcloser progress --json``."""
    return prog.summary(j, weeks=weeks, day=_day(day, j)).to_dict()


@router.get(
    "/api/v1/review",
    response_model=ReviewOut,
    responses=_ERRORS,
    tags=["progress"],
    summary="The weekly review",
)
def api_review(
    j: JournalDep,
    day: Annotated[
        date | None, Query(alias="date", description="Any day in the week (default: this week).")
    ] = None,
) -> dict[str, Any]:
    """What went well, the ratio and the feel of the week against the last, the needs
    covered, and the moment that pulled most (``drawcloser review --json``)."""
    return rev.weekly(j, _day(day, j)).to_dict()
