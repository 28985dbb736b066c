"""Remember who you were: what he adored in her, what she loves in him, shared memories.

GET  /remember                    the three lists, each with a box to add to it
POST /remember                    add (kind, text), then back to the list
GET  /remember/{id}/edit, POST    rewrite one
GET  /remember/{id}/delete, POST  ask, then delete
/api/v1/remember[/{id}]           GET, POST, PATCH, DELETE as JSON
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from drawcloser import messages
from drawcloser.errors import BadInput
from drawcloser.practice import remember as rem
from drawcloser.practice.journal import Journal
from drawcloser.practice.remember import Item
from drawcloser.web import practice_views as pv
from drawcloser.web.api_models import ErrorOut
from drawcloser.web.deps import FormText, JournalDep
from drawcloser.web.errors import WebError
from drawcloser.web.practice_models import Kind, RememberIn, RememberOut, RememberPatch
from drawcloser.web.templating import render

router = APIRouter()


# Why each list matters, for its empty state, and a prompt for its box.
LISTS: dict[str, dict[str, str]] = {
    "he-loved": {
        "title": "What he adored in you",
        "why": "Think back to when you met: your laugh, your playfulness, the way you listened. "
        "Not to act the past, but to let those parts of you show again.",
        "prompt": "e.g. how I laughed at his terrible puns",
        "label": "A quality he adored in you",
    },
    "i-love": {
        "title": "What you love in him",
        "why": "What drew you to him is still part of him. Noticing it again softens how you "
        "greet him, and he feels the difference.",
        "prompt": "e.g. how patient he is with the kids",
        "label": "A quality you love in him",
    },
    "memory": {
        "title": "Memories you share",
        "why": "Good times you lived together: a trip, a joke only you two get, a quiet "
        "evening. One comes back to you on Today, to warm the day.",
        "prompt": "e.g. dancing in the kitchen the night we got the keys",
        "label": "A memory you share",
    },
}


def item_or_404(j: Journal, item_id: int) -> Item:
    for item in rem.items(j):
        if item.id == item_id:
            return item
    raise WebError(404, messages.REMEMBER_UNKNOWN.format(id=item_id))


def _page(
    request: Request,
    j: Journal,
    *,
    note: str = "",
    error: str = "",
    error_kind: str = "",
    typed: str = "",
    status: int = 200,
) -> HTMLResponse:
    found = rem.items(j)
    context = {
        "lists": LISTS,
        "by_kind": {k: [i for i in found if i.kind == k] for k in LISTS},
        "flash": pv.note(note),
        "error": error,
        "error_kind": error_kind,
        "typed": typed,
        "empty": not found,
    }
    return render(request, "remember.html", context, status_code=status)


@router.get("/remember", include_in_schema=False)
def remember_page(request: Request, j: JournalDep, note: str = "") -> HTMLResponse:
    return _page(request, j, note=note)


@router.post("/remember", include_in_schema=False)
def add_form(request: Request, j: JournalDep, kind: FormText = "", text: FormText = "") -> Response:
    try:
        item = rem.add(j, kind, text)
    except BadInput as exc:
        where = kind if kind in LISTS else ""
        return _page(request, j, error=str(exc), error_kind=where, typed=text, status=422)
    return RedirectResponse(f"/remember?note=kept#{item.kind}", status_code=303)


@router.get("/remember/{item_id:int}/edit", include_in_schema=False)
def edit_page(request: Request, j: JournalDep, item_id: int) -> HTMLResponse:
    item = item_or_404(j, item_id)
    return render(request, "remember_edit.html", {"item": item, "lists": LISTS, "text": item.text})


@router.post("/remember/{item_id:int}/edit", include_in_schema=False)
def edit_form(
    request: Request, j: JournalDep, item_id: int, text: FormText = "", kind: FormText = ""
) -> Response:
    item = item_or_404(j, item_id)
    try:
        rem.edit(j, item_id, text=text, kind=kind or None)
    except BadInput as exc:
        context = {"item": item, "lists": LISTS, "text": text, "error": str(exc)}
        return render(request, "remember_edit.html", context, status_code=422)
    return RedirectResponse(f"/remember?note=kept#{kind or item.kind}", status_code=303)


@router.get("/remember/{item_id:int}/delete", include_in_schema=False)
def delete_page(request: Request, j: JournalDep, item_id: int) -> HTMLResponse:
    item = item_or_404(j, item_id)
    return render(request, "remember_delete.html", {"item": item})


@router.post("/remember/{item_id:int}/delete", include_in_schema=False)
def delete_form(j: JournalDep, item_id: int) -> RedirectResponse:
    item = item_or_404(j, item_id)
    rem.delete(j, item_id)
    return RedirectResponse(f"/remember?note=forgotten#{item.kind}", status_code=303)


# -- API -------------------------------------------------------------------------------------

_ERR_404: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "There is no remembered item with that id."}
}
_ERR_422: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "The text is empty or too long, or the kind unknown."}
}


@router.get(
    "/api/v1/remember",
    response_model=list[RememberOut],
    tags=["remember"],
    summary="The three lists",
)
def api_list(j: JournalDep, kind: Kind | None = None) -> list[dict[str, Any]]:
    """Qualities he adored in her (he-loved), qualities she loves in him (i-love) and shared
    memories (memory), oldest first."""
    return [i.to_dict() for i in rem.items(j, kind)]


@router.post(
    "/api/v1/remember",
    status_code=201,
    response_model=RememberOut,
    responses=_ERR_422,
    tags=["remember"],
    summary="Keep a quality or a memory",
)
def api_add(body: RememberIn, j: JournalDep) -> dict[str, Any]:
    try:
        return rem.add(j, body.kind, body.text).to_dict()
    except BadInput as exc:
        raise pv.unprocessable(exc) from None


@router.get(
    "/api/v1/remember/{item_id}",
    response_model=RememberOut,
    responses=_ERR_404,
    tags=["remember"],
    summary="One remembered item",
)
def api_get(item_id: int, j: JournalDep) -> dict[str, Any]:
    return item_or_404(j, item_id).to_dict()


@router.patch(
    "/api/v1/remember/{item_id}",
    response_model=RememberOut,
    responses={**_ERR_404, **_ERR_422},
    tags=["remember"],
    summary="Rewrite a remembered item",
)
def api_edit(item_id: int, body: RememberPatch, j: JournalDep) -> dict[str, Any]:
    item_or_404(j, item_id)
    try:
        return rem.edit(j, item_id, text=body.text, kind=body.kind).to_dict()
    except BadInput as exc:
        raise pv.unprocessable(exc) from None


@router.delete(
    "/api/v1/remember/{item_id}",
    status_code=204,
    responses=_ERR_404,
    tags=["remember"],
    summary="Delete a remembered item",
)
def api_delete(item_id: int, j: JournalDep) -> Response:
    item_or_404(j, item_id)
    rem.delete(j, item_id)
    return Response(status_code=204)
