"""The library of small actions: by need and effort, her own, hidden or not, and what she
did (or skipped) and how he responded.

GET  /actions                         the library (?need=&effort=), her own, the history
POST /actions                         add her own (text, needs, effort)
POST /actions/{key}/hide, /unhide     never suggest it / suggest it again
GET  /actions/{key}/delete, POST      ask, then delete one of her own
/api/v1/actions...                    the same as JSON, plus /log and /history
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.practice import actions as act
from drawcloser.practice.actions import Action, Logged
from drawcloser.practice.journal import Journal
from drawcloser.web import practice_views as pv
from drawcloser.web.api_models import ErrorOut
from drawcloser.web.deps import FormText, JournalDep
from drawcloser.web.errors import WebError
from drawcloser.web.practice_models import (
    ActionIn,
    ActionOut,
    Effort,
    HiddenIn,
    LoggedOut,
    LogIn,
    Need,
)
from drawcloser.web.templating import render

router = APIRouter()

HISTORY_DAYS = 90  # the page shows this much of what she did; the API takes any range
FIRST_SHOWN = 12  # actions listed open; the rest behind "Show more"


@dataclass(frozen=True, slots=True)
class Done:
    """One line of her history: what she logged, with the action's words."""

    log: Logged
    text: str


def action_or_404(j: Journal, key: str) -> Action:
    return pv.found_or_404(lambda: act.find(j, key), messages.WEB_ACTION_UNKNOWN.format(key=key))


def _back(back: str) -> str:
    # Only a path of this page: a form field must not send her anywhere else.
    return back if back.startswith("/actions") and "//" not in back else "/actions"


def history(j: Journal, since: date | None = None) -> list[Done]:
    words = {a.key: a.text for a in act.catalogue(j)}
    logged = act.history(j, since=since)
    return [Done(item, words.get(item.key, item.key)) for item in reversed(logged)]


def _page(
    request: Request,
    j: Journal,
    *,
    need: str = "",
    effort: str = "",
    note: str = "",
    error: str = "",
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> HTMLResponse:
    problem = ""
    try:
        shown = act.catalogue(j, need=need or None, effort=effort or None)
    except BadInput as exc:
        problem, shown, status = str(exc), [], 422
    everything = act.catalogue(j)
    context = {
        "visible": [a for a in shown if not a.hidden],
        "first_shown": FIRST_SHOWN,
        "hidden": [a for a in everything if a.hidden],
        "own": [a for a in everything if a.own],
        "history": history(j, since=j.today() - timedelta(days=HISTORY_DAYS)),
        "need": need,
        "effort": effort,
        "needs": act.NEEDS,
        "efforts": act.EFFORTS,
        "flash": pv.note(note),
        "filter_error": problem,
        "error": error,
        "typed": typed or {"text": "", "needs": [], "effort": "minute"},
        "here": str(request.url.path)
        + (
            f"?{request.url.query}"
            if request.url.query and "note=" not in request.url.query
            else ""
        ),
    }
    return render(request, "actions.html", context, status_code=status)


@router.get("/actions", include_in_schema=False)
def actions_page(
    request: Request, j: JournalDep, need: str = "", effort: str = "", note: str = ""
) -> HTMLResponse:
    return _page(request, j, need=need, effort=effort, note=note)


@router.post("/actions", include_in_schema=False)
def add_form(
    request: Request,
    j: JournalDep,
    text: FormText = "",
    needs: Annotated[list[str] | None, Form()] = None,
    effort: FormText = "minute",
) -> Response:
    chosen = [n for n in needs or [] if n]
    typed = {"text": text, "needs": chosen, "effort": effort}
    try:
        if not chosen and text.strip():
            raise BadInput(messages.WEB_ACTION_NO_NEED)
        act.add_own(j, text, chosen, effort)
    except BadInput as exc:
        return _page(request, j, error=str(exc), typed=typed, status=422)
    return RedirectResponse("/actions?note=added#own", status_code=303)


def _set_hidden(j: Journal, key: str, hidden: bool, back: str) -> RedirectResponse:
    action_or_404(j, key)
    act.hide(j, key, hidden)
    return RedirectResponse(_back(back), status_code=303)


@router.post("/actions/{key}/hide", include_in_schema=False)
def hide_form(j: JournalDep, key: str, back: FormText = "") -> RedirectResponse:
    return _set_hidden(j, key, True, back)


@router.post("/actions/{key}/unhide", include_in_schema=False)
def unhide_form(j: JournalDep, key: str, back: FormText = "") -> RedirectResponse:
    return _set_hidden(j, key, False, back)


@router.get("/actions/{key}/delete", include_in_schema=False)
def delete_page(request: Request, j: JournalDep, key: str) -> HTMLResponse:
    action = action_or_404(j, key)
    if not action.own:
        raise WebError(422, messages.WEB_ACTION_NOT_OWN)
    return render(request, "actions_delete.html", {"action": action})


@router.post("/actions/{key}/delete", include_in_schema=False)
def delete_form(j: JournalDep, key: str) -> RedirectResponse:
    action = action_or_404(j, key)
    if not action.own:
        raise WebError(422, messages.WEB_ACTION_NOT_OWN)
    act.delete_own(j, key)
    return RedirectResponse("/actions?note=removed#own", status_code=303)


# -- API -------------------------------------------------------------------------------------

_ERR_404: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "There is no action with that key."}
}
_ERR_422: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "A field is missing or not usable."}
}


@router.get(
    "/api/v1/actions",
    response_model=list[ActionOut],
    responses=_ERR_422,
    tags=["actions"],
    summary="The library of small actions",
)
def api_list(
    j: JournalDep,
    need: Need | None = None,
    effort: Effort | None = None,
    hidden: bool | None = None,
) -> list[dict[str, Any]]:
    """Her own actions first, then the built-in library; ``hidden`` filters on whether
    she hid them."""
    found = act.catalogue(j, need=need, effort=effort)
    return [a.to_dict() for a in found if hidden is None or a.hidden == hidden]


@router.post(
    "/api/v1/actions",
    status_code=201,
    response_model=ActionOut,
    responses=_ERR_422,
    tags=["actions"],
    summary="Add her own action",
)
def api_add(body: ActionIn, j: JournalDep) -> dict[str, Any]:
    try:
        return act.add_own(j, body.text, list(body.needs), body.effort).to_dict()
    except BadInput as exc:
        raise pv.unprocessable(exc) from None


@router.put(
    "/api/v1/actions/{key}/hidden",
    response_model=ActionOut,
    responses={**_ERR_404, **_ERR_422},
    tags=["actions"],
    summary="Hide an action (never suggested) or bring it back",
)
def api_hide(key: str, body: HiddenIn, j: JournalDep) -> dict[str, Any]:
    action_or_404(j, key)
    return act.hide(j, key, body.hidden).to_dict()


@router.delete(
    "/api/v1/actions/{key}",
    status_code=204,
    responses={
        **_ERR_404,
        422: {"model": ErrorOut, "description": "It comes with drawcloser: hide it instead."},
    },
    tags=["actions"],
    summary="Delete one of her own actions",
)
def api_delete(key: str, j: JournalDep) -> Response:
    if not action_or_404(j, key).own:
        raise WebError(422, messages.WEB_ACTION_NOT_OWN)
    act.delete_own(j, key)
    return Response(status_code=204)


@router.post(
    "/api/v1/actions/log",
    response_model=LoggedOut,
    responses={**_ERR_404, **_ERR_422},
    tags=["actions"],
    summary="Log an action as done or skipped",
)
def api_log(body: LogIn, j: JournalDep) -> dict[str, Any]:
    """Without ``key`` it is the day's suggestion. Logging the same action again that day
    updates the entry (for example, to add how he responded)."""
    if body.key is not None:
        action_or_404(j, body.key)
    try:
        logged = act.log(
            j,
            body.status,
            day=body.day,
            key=body.key,
            response=body.response,
            reaction=body.reaction,
        )
    except BadInput as exc:
        raise pv.unprocessable(exc) from None
    return logged.to_dict()


@router.get(
    "/api/v1/actions/history",
    response_model=list[LoggedOut],
    responses=_ERR_422,
    tags=["actions"],
    summary="What she did or skipped, oldest first",
)
def api_history(
    j: JournalDep, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    if since and until and since > until:
        raise WebError(422, messages.WEB_DATES_ORDER.format(since=since, until=until))
    return [item.to_dict() for item in act.history(j, since, until)]
