"""Imported chats: the list, the upload with its questions, the report, delete.

GET  /chats                      her chats and the upload form
POST /chats/upload               a chat export (multipart); asks which conversation, which
                                 sender is her, when the file cannot say; then imports
POST /chats/continue             her answer to that question (the upload waits on disk)
POST /chats/cancel               forget the waiting upload
GET  /chats/{id}                 the chat's report
GET  /chats/{id}/chart.svg       the report's chart (?theme=light|dark), an image
GET  /chats/{id}/delete          "delete this chat?"; POST deletes it

/api/v1/chats: GET lists, POST imports (multipart: file, me, conversation), and
/api/v1/chats/{id}: GET the report, DELETE it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from drawcloser import messages
from drawcloser.chats import analysis, store
from drawcloser.errors import BadInput
from drawcloser.practice.journal import Journal
from drawcloser.web import uploads
from drawcloser.web.api_models import ErrorOut
from drawcloser.web.chats_models import ChatOut, ChatReportOut, ChoiceOut, ImportedOut
from drawcloser.web.deps import JournalDep
from drawcloser.web.errors import WebError
from drawcloser.web.progress_routes import draw_chart, svg_response
from drawcloser.web.templating import render

router = APIRouter()

UPLOAD_LIMIT = 200 * 1024 * 1024  # app.BODY_LIMITS holds it for the upload paths
FORMAT_NAMES = {"whatsapp": "WhatsApp", "telegram": "Telegram", "sms": "SMS"}
MOMENTS_SHOWN = 3


def home(request: Request) -> Path:
    found: Path = request.app.state.settings.home
    return found


def _chat(j: Journal, chat_id: int) -> store.ChatSummary:
    try:
        return store.get_chat(j, chat_id)
    except BadInput:
        raise WebError(404, messages.WEB_CHAT_UNKNOWN.format(id=chat_id)) from None


def _list_page(
    request: Request, j: Journal, *, error: str = "", status: int = 200, notice: str = ""
) -> HTMLResponse:
    return render(
        request,
        "chats/list.html",
        {
            "chats": store.chats(j),
            "error": error,
            "notice": notice,
            "formats": FORMAT_NAMES,
            "limit_mb": UPLOAD_LIMIT // (1024 * 1024),
        },
        status_code=status,
    )


@router.get("/chats", include_in_schema=False)
def chats_page(request: Request, j: JournalDep, deleted: str = "") -> HTMLResponse:
    notice = messages.WEB_CHAT_DELETED.format(him=deleted) if deleted else ""
    return _list_page(request, j, notice=notice)


@router.post("/chats/upload", include_in_schema=False)
def chats_upload(
    request: Request,
    j: JournalDep,
    file: Annotated[UploadFile | None, File()] = None,
    me: Annotated[str, Form()] = "",
    conversation: Annotated[str, Form()] = "",
) -> Response:
    if file is None or not file.filename:
        return _list_page(request, j, error=messages.WEB_CHAT_NO_FILE, status=422)
    token = uploads.save(home(request), j.owner_id, file.filename, file.file)
    file.file.close()
    return _proceed(request, j, token, conversation.strip() or None, me.strip() or None)


@router.post("/chats/continue", include_in_schema=False)
def chats_continue(
    request: Request,
    j: JournalDep,
    upload: Annotated[str, Form()] = "",
    me: Annotated[str, Form()] = "",
    conversation: Annotated[str, Form()] = "",
) -> Response:
    return _proceed(request, j, upload, conversation.strip() or None, me.strip() or None)


@router.post("/chats/cancel", include_in_schema=False)
def chats_cancel(request: Request, j: JournalDep, upload: Annotated[str, Form()] = "") -> Response:
    uploads.discard(home(request), j.owner_id, upload)
    return RedirectResponse("/chats", status_code=303)


def _proceed(
    request: Request, j: Journal, token: str, conversation: str | None, me: str | None
) -> Response:
    with uploads.opened(home(request), j.owner_id, token) as kept:
        if kept is None:
            return _list_page(request, j, error=messages.WEB_UPLOAD_EXPIRED, status=410)
        return _proceed_with(request, j, token, kept, conversation, me)


def _proceed_with(
    request: Request,
    j: Journal,
    token: str,
    kept: Path,
    conversation: str | None,
    me: str | None,
) -> Response:
    where = home(request)

    def failed(exc: BadInput) -> HTMLResponse:
        uploads.discard(where, j.owner_id, token)
        return _list_page(request, j, error=uploads.plain_message(str(exc), kept), status=422)

    def ask(kind: str, options: list[tuple[str, str]], error: str = "") -> HTMLResponse:
        return render(
            request,
            "chats/choose.html",
            {
                "kind": kind,
                "options": options,
                "upload": token,
                "conversation": conversation or "",
                "filename": kept.name,
                "error": error,
            },
            status_code=422 if error else 200,
        )

    try:
        plan = store.plan(kept, conversation)
    except store.ChoiceNeeded as exc:
        error = messages.WEB_CHAT_PICK_AGAIN if conversation is not None else ""
        return ask("conversation", [(o, o) for o in exc.options], error)
    except BadInput as exc:
        return failed(exc)
    try:
        her, him = store.who_is_who(plan, me)
    except store.ChoiceNeeded:
        senders = [(name, f"{name} ({n:,} messages)") for name, n in plan.senders]
        return ask("me", senders, messages.WEB_CHAT_PICK_AGAIN if me is not None else "")
    try:
        done = store.import_chat(j, plan, her, him)
    except BadInput as exc:
        return failed(exc)
    uploads.discard(where, j.owner_id, token)
    query = urlencode(
        {
            "added": done.added,
            "existing": done.already_there,
            "new": int(done.new_chat),
            "flagged": done.safety_flagged,
        }
    )
    return RedirectResponse(f"/chats/{done.chat.id}?{query}", status_code=303)


def _minutes(value: float | None) -> str:
    if value is None:
        return "—"
    if value < 90:
        return f"{value:.0f} min"
    hours = value / 60
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"


@router.get("/chats/{chat_id}", include_in_schema=False)
def chat_report_page(
    request: Request,
    j: JournalDep,
    chat_id: int,
    added: int | None = None,
    existing: int = 0,
    new: int = 0,
    flagged: int = 0,
) -> HTMLResponse:
    _chat(j, chat_id)
    r = analysis.report(j, chat_id)
    from drawcloser.coach.safety import screen

    imported = None
    if added is not None:
        imported = {"added": added, "existing": existing, "new": bool(new), "flagged": flagged}
    return render(
        request,
        "chats/report.html",
        {
            "r": r,
            "c": r.chat,
            "imported": imported,
            "formats": FORMAT_NAMES,
            "minutes": _minutes,
            "weeks": [w for w in r.weeks if w.her_messages or w.his_messages],
            "pushed": r.pushed_most[:MOMENTS_SHOWN],
            "pulled": r.pulled_most[:MOMENTS_SHOWN],
            "resources": screen().resources if r.safety_messages else (),
        },
    )


@router.get("/chats/{chat_id}/chart.svg", include_in_schema=False)
def chat_chart(j: JournalDep, chat_id: int, theme: Literal["light", "dark"] = "light") -> Response:
    from drawcloser.chats import charts

    _chat(j, chat_id)
    r = analysis.report(j, chat_id)
    return svg_response(draw_chart(lambda: charts.render(r, "svg", dark=theme == "dark")))


@router.get("/chats/{chat_id}/delete", include_in_schema=False)
def chat_delete_page(request: Request, j: JournalDep, chat_id: int) -> HTMLResponse:
    return render(request, "chats/delete.html", {"c": _chat(j, chat_id)})


@router.post("/chats/{chat_id}/delete", include_in_schema=False)
def chat_delete(j: JournalDep, chat_id: int) -> Response:
    c = _chat(j, chat_id)
    store.delete_chat(j, chat_id)
    return RedirectResponse(f"/chats?{urlencode({'deleted': c.him})}", status_code=303)


# -- the API ------------------------------------------------------------------------------

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Server mode: nobody is signed in."},
    404: {"model": ErrorOut, "description": "No imported chat with this number."},
    423: {"model": ErrorOut, "description": "The journal is locked: unlock it first."},
}


@router.get(
    "/api/v1/chats",
    response_model=list[ChatOut],
    responses=_ERRORS,
    tags=["chats"],
    summary="The chats she imported",
)
def api_chats(j: JournalDep) -> list[dict[str, Any]]:
    return [c.to_dict() for c in store.chats(j)]


@router.post(
    "/api/v1/chats",
    response_model=ImportedOut,
    status_code=201,
    responses={
        **_ERRORS,
        413: {"model": ErrorOut, "description": "The file is over 200 MiB."},
        422: {
            "model": ChoiceOut,
            "description": "The file is not a chat export drawcloser reads (error only), or "
            "it needs an answer: send the file again with `conversation` or `me` set to one "
            "of `options`.",
        },
    },
    tags=["chats"],
    summary="Import a chat export",
)
def api_import_chat(
    request: Request,
    j: JournalDep,
    file: Annotated[
        UploadFile, File(description="WhatsApp .txt/.zip, Telegram result.json, SMS .xml")
    ],
    me: Annotated[str | None, Form(description="Her name as the chat shows it.")] = None,
    conversation: Annotated[
        str | None, Form(description="For a file of several conversations: the one with him.")
    ] = None,
) -> Any:
    """Reads the export, checks each message, and stores it; importing the same file again
    adds nothing. When the file cannot tell which sender is her (or which conversation is
    with him), the answer is 422 with `choice` and `options`: send it again with that field."""
    where = home(request)
    token = uploads.save(where, j.owner_id, file.filename, file.file)
    file.file.close()
    try:
        with uploads.opened(where, j.owner_id, token) as kept:
            assert kept is not None  # saved a moment ago, with this token
            try:
                plan = store.plan(kept, conversation)
                her, him = _who(plan, me)
                done = store.import_chat(j, plan, her, him)
            except (_Choice, store.ChoiceNeeded):
                raise  # a question for her, answered below
            except BadInput as exc:
                raise WebError(422, uploads.plain_message(str(exc), kept)) from None
    except _Choice as exc:
        return JSONResponse(
            {"error": exc.message, "choice": exc.kind, "options": exc.options}, status_code=422
        )
    except store.ChoiceNeeded as exc:
        message = messages.WEB_API_WHICH_CONVERSATION.format(names=", ".join(exc.options))
        return JSONResponse(
            {"error": message, "choice": "conversation", "options": exc.options}, status_code=422
        )
    finally:
        uploads.discard(where, j.owner_id, token)
    return {
        "chat": done.chat.to_dict(),
        "added": done.added,
        "already_there": done.already_there,
        "new_chat": done.new_chat,
        "safety_flagged": done.safety_flagged,
    }


class _Choice(Exception):
    def __init__(self, kind: str, message: str, options: list[str]) -> None:
        super().__init__(message)
        self.kind, self.message, self.options = kind, message, options


def _who(plan: store.Plan, me: str | None) -> tuple[str, str]:
    try:
        return store.who_is_who(plan, me)
    except store.ChoiceNeeded as exc:
        names = ", ".join(exc.options)
        message = (
            messages.WEB_API_WHO_IS_ME.format(names=names)
            if me is None
            else messages.CHAT_ME_NOT_FOUND.format(me=me, names=names)
        )
        raise _Choice("me", message, exc.options) from None


@router.get(
    "/api/v1/chats/{chat_id}",
    response_model=ChatReportOut,
    responses=_ERRORS,
    tags=["chats"],
    summary="A chat's report",
)
def api_chat_report(j: JournalDep, chat_id: int) -> dict[str, Any]:
    """Her pull : push per week, his warmth, chasing runs, who reaches out first, reply
    times, the moments that pushed and pulled most (``drawcloser chat report --json``)."""
    _chat(j, chat_id)
    return analysis.report(j, chat_id).to_dict()


@router.delete(
    "/api/v1/chats/{chat_id}",
    status_code=204,
    responses=_ERRORS,
    tags=["chats"],
    summary="Delete an imported chat",
)
def api_delete_chat(j: JournalDep, chat_id: int) -> Response:
    _chat(j, chat_id)
    store.delete_chat(j, chat_id)
    return Response(status_code=204)
