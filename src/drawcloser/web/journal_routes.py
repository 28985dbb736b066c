"""The journal: her check-ins, newest first, with filters; add, show, edit, delete; and the
same under /api/v1/checkins.

GET  /journal                   the list (?from=&to=&tag=&kind=push|pull)
GET  /journal/new, POST         a new check-in (POST, then redirect to it)
GET  /journal/{id}              one check-in: ratings, what the check read in what she said
GET  /journal/{id}/edit, POST   change it
GET  /journal/{id}/delete, POST ask, then delete
/api/v1/checkins[/{id}]         GET, POST, PATCH, DELETE as JSON

What she said is read by the check when she saves it (``practice.checkins``); when anything
she wrote suggests she may not be safe, the page shows where to get help, not coaching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from drawcloser import messages
from drawcloser.coach.report import _plain
from drawcloser.errors import BadInput
from drawcloser.practice import checkins, fields
from drawcloser.practice.checkins import Entry, Saved
from drawcloser.practice.journal import Journal
from drawcloser.web import practice_views as pv
from drawcloser.web.api_models import ErrorOut
from drawcloser.web.deps import FormText, JournalDep
from drawcloser.web.errors import WebError
from drawcloser.web.practice_models import CheckInIn, CheckInOut, CheckInPatch, SavedCheckInOut
from drawcloser.web.templating import render

router = APIRouter()

POLARITIES = ("push", "pull")


@dataclass
class CheckInForm:
    """What she typed, kept as typed so a refused form comes back as she left it."""

    at: str = ""
    happened: str = ""
    said: str = ""
    response: str = ""
    warmth: str = "0"
    openness: str = "0"
    tags: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, e: Entry) -> CheckInForm:
        return cls(
            at=e.at.strftime("%Y-%m-%dT%H:%M"),
            happened=e.happened,
            said=e.said,
            response=e.response,
            warmth=str(e.warmth),
            openness=str(e.openness),
            tags=", ".join(e.tags),
        )

    def values(self) -> dict[str, Any]:
        """The library's arguments; BadInput for a missing or wrong rating."""
        return {
            "at": self.at.strip() or None,
            "happened": self.happened,
            "said": self.said.replace("\r\n", "\n"),
            "response": self.response,
            "warmth": pv.rating_field(self.warmth, "warmth"),
            "openness": pv.rating_field(self.openness, "openness"),
            "tags": pv.tags_of(self.tags),
        }


def checkin_fields(
    at: FormText = "",
    happened: FormText = "",
    said: FormText = "",
    response: FormText = "",
    warmth: FormText = "",
    openness: FormText = "",
    tags: FormText = "",
) -> CheckInForm:
    """A check-in form as posted (Today's short form sends only some of the fields)."""
    return CheckInForm(at, happened, said, response, warmth, openness, tags)


CheckInFields = Annotated[CheckInForm, Depends(checkin_fields)]


def save(j: Journal, form: CheckInForm, entry_id: int | None = None) -> Saved | None:
    """Add (or edit) from a form; None, with the message in ``form.errors``, when refused."""
    try:
        values = form.values()
        if entry_id is None:
            return checkins.add(j, **values)
        if values["at"] is None:
            values.pop("at")
        return checkins.edit(j, entry_id, **values)
    except BadInput as exc:
        form.errors.append(str(exc))
        return None


def entry_or_404(j: Journal, entry_id: int) -> Entry:
    return pv.found_or_404(
        lambda: checkins.get(j, entry_id), messages.CHECKIN_UNKNOWN.format(id=entry_id)
    )


def matches(entry: Entry, kind: str | None) -> bool:
    if kind == "pull":
        return entry.said_verdict == "pull"
    if kind == "push":
        return entry.said_verdict in ("push", "mixed")
    return True


# -- pages -----------------------------------------------------------------------------------


@router.get("/journal", include_in_schema=False)
def journal_page(
    request: Request,
    j: JournalDep,
    since: Annotated[str, Query(alias="from")] = "",
    until: Annotated[str, Query(alias="to")] = "",
    tag: str = "",
    kind: str = "",
    note: str = "",
) -> HTMLResponse:
    error = ""
    found: list[Entry] = []
    try:
        first = fields.parse_day(since) if since.strip() else None
        last = fields.parse_day(until) if until.strip() else None
        if first and last and first > last:
            raise BadInput(messages.WEB_DATES_ORDER.format(since=first, until=last))
        if kind and kind not in POLARITIES:
            raise BadInput(messages.WEB_POLARITY.format(value=kind))
        found = [
            e
            for e in checkins.entries(j, since=first, until=last, tag=tag.strip() or None)
            if matches(e, kind or None)
        ]
    except BadInput as exc:
        error = str(exc)
    filtered = bool(since or until or tag or kind)
    context = {
        "entries": found,
        "filters": {"from": since, "to": until, "tag": tag, "kind": kind},
        "filtered": filtered,
        "error": error,
        "flash": pv.note(note),
        "pv": pv,
        "any_entries": bool(found) or (filtered and bool(checkins.entries(j, limit=1))),
    }
    return render(request, "journal/list.html", context, status_code=422 if error else 200)


def _form_page(
    request: Request, form: CheckInForm, entry: Entry | None, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "journal/form.html",
        {"form": form, "entry": entry, "pv": pv, "now": datetime.now().strftime("%Y-%m-%dT%H:%M")},
        status_code=status,
    )


@router.get("/journal/new", include_in_schema=False)
def new_page(request: Request, j: JournalDep) -> HTMLResponse:
    return _form_page(request, CheckInForm(at=j.now().strftime("%Y-%m-%dT%H:%M")), None)


@router.post("/journal/new", include_in_schema=False)
def new_form(request: Request, j: JournalDep, form: CheckInFields) -> Response:
    saved = save(j, form)
    if saved is None:
        return _form_page(request, form, None, status=422)
    return RedirectResponse(f"/journal/{saved.entry.id}?note=saved", status_code=303)


@router.get("/journal/{entry_id:int}", include_in_schema=False)
def show_page(request: Request, j: JournalDep, entry_id: int, note: str = "") -> HTMLResponse:
    entry = entry_or_404(j, entry_id)
    context = {"entry": entry, "safety": pv.safety(entry), "flash": pv.note(note), "pv": pv}
    return render(request, "journal/show.html", context)


@router.get("/journal/{entry_id:int}/edit", include_in_schema=False)
def edit_page(request: Request, j: JournalDep, entry_id: int) -> HTMLResponse:
    entry = entry_or_404(j, entry_id)
    return _form_page(request, CheckInForm.of(entry), entry)


@router.post("/journal/{entry_id:int}/edit", include_in_schema=False)
def edit_form(request: Request, j: JournalDep, entry_id: int, form: CheckInFields) -> Response:
    entry = entry_or_404(j, entry_id)
    if save(j, form, entry_id) is None:
        return _form_page(request, form, entry, status=422)
    return RedirectResponse(f"/journal/{entry_id}?note=updated", status_code=303)


@router.get("/journal/{entry_id:int}/delete", include_in_schema=False)
def delete_page(request: Request, j: JournalDep, entry_id: int) -> HTMLResponse:
    entry = entry_or_404(j, entry_id)
    return render(request, "journal/delete.html", {"entry": entry, "pv": pv})


@router.post("/journal/{entry_id:int}/delete", include_in_schema=False)
def delete_form(j: JournalDep, entry_id: int) -> RedirectResponse:
    entry_or_404(j, entry_id)
    checkins.delete(j, entry_id)
    return RedirectResponse("/journal?note=deleted", status_code=303)


# -- API -------------------------------------------------------------------------------------

_ERR_422: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "A rating, a date or a text is not usable."}
}
_ERR_404: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "There is no check-in with that id."}
}


def _saved(saved: Saved) -> dict[str, Any]:
    return {"entry": saved.entry.to_dict(), "safety": _plain(saved.safety)}


@router.get(
    "/api/v1/checkins",
    response_model=list[CheckInOut],
    responses=_ERR_422,
    tags=["journal"],
    summary="List check-ins, newest first",
)
def api_list(
    j: JournalDep,
    since: date | None = None,
    until: date | None = None,
    tag: str | None = None,
    polarity: Literal["push", "pull"] | None = Query(
        default=None, description="pull: what she said drew him closer; push: it pushed."
    ),
    limit: int | None = Query(default=None, ge=1),
) -> list[dict[str, Any]]:
    if since and until and since > until:
        raise WebError(422, messages.WEB_DATES_ORDER.format(since=since, until=until))
    found = [
        e for e in checkins.entries(j, since=since, until=until, tag=tag) if matches(e, polarity)
    ]
    return [e.to_dict() for e in found[:limit]]


@router.post(
    "/api/v1/checkins",
    status_code=201,
    response_model=SavedCheckInOut,
    responses=_ERR_422,
    tags=["journal"],
    summary="Save a check-in",
)
def api_add(body: CheckInIn, j: JournalDep) -> dict[str, Any]:
    """What happened, what she said, how he responded, and the two ratings. What she said
    is read by the check; ``safety`` is set when anything she wrote suggests she may not
    be safe."""
    try:
        return _saved(checkins.add(j, **body.model_dump()))
    except BadInput as exc:
        raise pv.unprocessable(exc) from None


@router.get(
    "/api/v1/checkins/{entry_id}",
    response_model=CheckInOut,
    responses=_ERR_404,
    tags=["journal"],
    summary="One check-in",
)
def api_get(entry_id: int, j: JournalDep) -> dict[str, Any]:
    return entry_or_404(j, entry_id).to_dict()


@router.patch(
    "/api/v1/checkins/{entry_id}",
    response_model=SavedCheckInOut,
    responses={**_ERR_404, **_ERR_422},
    tags=["journal"],
    summary="Change a check-in",
)
def api_edit(entry_id: int, body: CheckInPatch, j: JournalDep) -> dict[str, Any]:
    entry_or_404(j, entry_id)
    try:
        return _saved(checkins.edit(j, entry_id, **body.model_dump()))
    except BadInput as exc:
        raise pv.unprocessable(exc) from None


@router.delete(
    "/api/v1/checkins/{entry_id}",
    status_code=204,
    responses=_ERR_404,
    tags=["journal"],
    summary="Delete a check-in",
)
def api_delete(entry_id: int, j: JournalDep) -> Response:
    entry_or_404(j, entry_id)
    checkins.delete(j, entry_id)
    return Response(status_code=204)
