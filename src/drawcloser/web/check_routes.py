"""The message check: the page, its live results (HTMX) and the JSON API.

GET  /check          the page (empty state)
POST /check          the page with results: the form works without JavaScript
POST /check/result   just the results, swapped in by HTMX as she types
POST /api/v1/check   the report as JSON, the same shape as ``drawcloser check --json``

Input is validated by the check itself (``coach.check.validate``), so the CLI, the API and
the page refuse the same things with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse

from drawcloser import messages
from drawcloser.coach.check import MAX_CHARS, CheckInputError, validate
from drawcloser.coach.model import ModelMissing
from drawcloser.coach.report import Report
from drawcloser.web.api_models import CheckRequest, ErrorOut, ReportOut
from drawcloser.web.checker import Checker
from drawcloser.web.deps import FormText
from drawcloser.web.errors import WebError
from drawcloser.web.present import ReportView, view
from drawcloser.web.templating import render

router = APIRouter()

INLINE_CHARS = 500  # the longest message checked on the event loop (see _inline)


async def get_checker(request: Request) -> Checker:
    checker: Checker = request.app.state.checker
    return checker


CheckerDep = Annotated[Checker, Depends(get_checker)]


def run_check(checker: Checker, text: str, engine: str | None = None) -> Report:
    """The report, or a WebError with the status and the message she should see."""
    if len(text) > MAX_CHARS:
        raise WebError(413, messages.CHECK_TOO_LONG.format(limit=MAX_CHARS, size=len(text)))
    try:
        validate(text)
        return checker.check(text, engine)
    except CheckInputError as exc:
        raise WebError(422, str(exc)) from None
    except ModelMissing:
        raise WebError(503, messages.MODEL_MISSING) from None


@dataclass(frozen=True, slots=True)
class Result:
    kind: Literal["empty", "error", "report"]
    message: str = ""
    view: ReportView | None = None

    @property
    def status(self) -> str:
        if self.view is not None:
            return self.view.status
        return self.message

    @property
    def score(self) -> str:
        score = self.view.report.score if self.view is not None else 0
        return f"{score:+d}".replace("-", "\u2212") if score else "0"


def _result(checker: Checker, text: str, *, empty_ok: bool) -> tuple[Result, int]:
    # Browsers send a textarea's line breaks as CRLF; she typed LF.
    text = text.replace("\r\n", "\n")
    if empty_ok and not text.strip():
        return Result("empty"), 200
    try:
        return Result("report", view=view(run_check(checker, text))), 200
    except WebError as exc:
        return Result("error", str(exc.detail)), exc.status_code


@router.get("/check", include_in_schema=False)
def check_page(request: Request) -> HTMLResponse:
    return render(request, "check.html", {"text": "", "result": Result("empty")})


@router.post("/check", include_in_schema=False)
def check_form(request: Request, checker: CheckerDep, text: FormText = "") -> HTMLResponse:
    result, status = _result(checker, text, empty_ok=False)
    return render(request, "check.html", {"text": text, "result": result}, status_code=status)


@router.post("/check/result", include_in_schema=False)
def check_result(request: Request, checker: CheckerDep, text: FormText = "") -> HTMLResponse:
    result, status = _result(checker, text, empty_ok=True)
    return render(
        request, "check/_results.html", {"result": result, "partial": True}, status_code=status
    )


_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body is not valid JSON."},
    413: {"model": ErrorOut, "description": "The message or the request is too long."},
    415: {"model": ErrorOut, "description": "The body is not sent as JSON."},
    422: {
        "model": ErrorOut,
        "description": "The message is empty or not text, a field is missing, or the "
        "engine is unknown or cannot run here.",
    },
    503: {"model": ErrorOut, "description": "The check's model has not been built yet."},
}


@router.post(
    "/api/v1/check",
    response_model=ReportOut,
    responses=_ERRORS,
    tags=["check"],
    summary="Check a message",
)
async def api_check(body: CheckRequest, checker: CheckerDep) -> dict[str, Any]:
    """Sentence by sentence: what pushes and what pulls, the words that do it, what he may
    hear, the principle, and gentler alternatives. When the message suggests she may not be
    safe, ``safety`` is set and coaching is paused."""
    if _inline(checker, body.text, body.engine):
        return run_check(checker, body.text, body.engine).to_dict()
    report = await run_in_threadpool(run_check, checker, body.text, body.engine)
    return report.to_dict()


def _inline(checker: Checker, text: str, engine: str | None) -> bool:
    """Whether to check on the event loop rather than in a worker thread: a short message
    with the fast engine, loaded already, takes a millisecond or two, about what handing
    it to a thread and back costs under load (threads queue for the GIL). A long message,
    the deep engine or a first use that loads an engine go to a thread, so they never
    hold up this worker's other requests for long."""
    loaded = checker.loaded(engine)
    return loaded is not None and loaded.name == "fast" and len(text) <= INLINE_CHARS
