"""Settings: the lock, discreet mode, a daily reminder, export and import, help, delete-all.

GET  /settings                     the page (?done=… shows what just happened)
POST /settings/lock                set a passphrase (her text is encrypted at rest)
POST /settings/passphrase          change it
POST /settings/remove-lock         take the passphrase off
POST /settings/discreet            discreet mode on or off
GET  /settings/reminder.ics        a daily reminder for her calendar (?time=HH:MM)
GET  /settings/export.{json,zip,md}  everything she wrote
POST /settings/import              a JSON export (asks before replacing anything)
POST /settings/import/confirm      "replace everything?" — yes
POST /settings/delete-all          everything, after she types DELETE
GET  /manifest-notes.webmanifest   the app's manifest with a neutral name, for discreet mode

The API under /api/v1: export, import, lock, lock/change, lock/now, delete-all, preferences.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Body, File, Query, Request, UploadFile
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from drawcloser import messages
from drawcloser.errors import BadInput, DrawcloserError
from drawcloser.practice import lock, preferences, transfer
from drawcloser.practice.journal import Journal, JournalLocked, data_key, has_lock
from drawcloser.web import deps, discreet, uploads
from drawcloser.web.api_models import ErrorOut
from drawcloser.web.chats_routes import home
from drawcloser.web.deps import FormText, JournalDep
from drawcloser.web.errors import WebError
from drawcloser.web.session import Session
from drawcloser.web.settings_models import (
    ChangeIn,
    DeleteAllIn,
    DoneOut,
    ImportCountsOut,
    LockIn,
    PreferencesIn,
    PreferencesOut,
)
from drawcloser.web.templating import render

router = APIRouter()

CONFIRM_WORD = "DELETE"
IMPORT_LIMIT = 200 * 1024 * 1024  # app.BODY_LIMITS holds it for the import paths
EXPORTS: dict[str, tuple[str, str]] = {  # format -> (file suffix, media type)
    "json": ("json", "application/json"),
    "csv": ("zip", "application/zip"),
    "markdown": ("md", "text/markdown; charset=utf-8"),
}
DONE = {
    "locked": messages.WEB_LOCK_DONE,
    "changed": messages.LOCK_CHANGED,
    "removed": messages.UNLOCK_DONE,
    "discreet-on": messages.WEB_DISCREET_ON,
    "discreet-off": messages.WEB_DISCREET_OFF,
    "imported": messages.WEB_IMPORT_DONE,
    "deleted": messages.DELETE_ALL_DONE,
    "nothing": messages.WEB_IMPORT_CANCELLED,
}


def keep_key(request: Request, response: Response, key: bytes | None) -> None:
    """Her data key in (or out of) this browser's sealed session cookie."""
    current = deps.session(request) or Session()
    current.key = key
    request.state.session = current
    deps.sessions(request).write(response, current)


def page(
    request: Request,
    j: Journal,
    *,
    errors: dict[str, str] | None = None,
    done: str = "",
    status: int = 200,
    counts: str = "",
) -> HTMLResponse:
    from drawcloser.coach.safety import screen

    prefs = preferences.read(j.db, j.owner_id)
    notice = DONE.get(done, "")
    if done == "imported" and counts:
        notice = messages.IMPORT_DONE_COUNTS.format(counts=counts)
    return render(
        request,
        "settings/settings.html",
        {
            "locked": has_lock(j.db, j.owner_id),
            "prefs": prefs,
            "errors": errors or {},
            "notice": notice,
            "resources": screen().resources,
            "confirm_word": CONFIRM_WORD,
            "limit_mb": IMPORT_LIMIT // (1024 * 1024),
        },
        status_code=status,
    )


def done(what: str, **extra: str) -> RedirectResponse:
    return RedirectResponse(f"/settings?{urlencode({'done': what, **extra})}#{what}", 303)


@router.get("/settings", include_in_schema=False)
def settings_page(
    request: Request, j: JournalDep, done: str = "", counts: str = ""
) -> HTMLResponse:
    return page(request, j, done=done, counts=counts)


# -- the lock -----------------------------------------------------------------------------


@router.post("/settings/lock", include_in_schema=False)
def settings_lock(
    request: Request, j: JournalDep, passphrase: FormText = "", again: FormText = ""
) -> Response:
    if has_lock(j.db, j.owner_id):  # a page opened before she locked it
        return page(request, j, errors={"lock": messages.WEB_LOCK_ALREADY}, status=422)
    if passphrase != again:
        return page(request, j, errors={"lock": messages.LOCK_MISMATCH}, status=422)
    try:
        lock.lock(j, passphrase)
        key = data_key(j.db, j.owner_id, passphrase)
    except DrawcloserError as exc:
        return page(request, j, errors={"lock": str(exc)}, status=422)
    response = done("locked")
    keep_key(request, response, key)
    return response


@router.post("/settings/passphrase", include_in_schema=False)
def settings_change(
    request: Request,
    j: JournalDep,
    current: FormText = "",
    new: FormText = "",
    again: FormText = "",
) -> Response:
    if new != again:
        return page(request, j, errors={"change": messages.LOCK_MISMATCH}, status=422)
    try:
        lock.change(j, current, new)
    except DrawcloserError as exc:
        return page(request, j, errors={"change": str(exc)}, status=422)
    return done("changed")


@router.post("/settings/remove-lock", include_in_schema=False)
def settings_remove_lock(request: Request, j: JournalDep, current: FormText = "") -> Response:
    try:
        lock.unlock(j, current)
    except DrawcloserError as exc:
        return page(request, j, errors={"remove": str(exc)}, status=422)
    response = done("removed")
    keep_key(request, response, None)
    return response


# -- discreet mode and the reminder -------------------------------------------------------


@router.post("/settings/discreet", include_in_schema=False)
def settings_discreet(request: Request, j: JournalDep, discreet: FormText = "") -> Response:
    if discreet not in ("on", "off"):
        return page(request, j, errors={"discreet": messages.WEB_DISCREET_CHOICE}, status=422)
    preferences.update(j.db, j.owner_id, discreet=discreet == "on")
    return done(f"discreet-{discreet}")


def reminder_ics(at: time, now: datetime) -> bytes:
    """A daily event at ``at`` (her local time, floating) from the next such moment on.

    Its words are deliberately plain: a calendar is seen by others, so nothing in it says
    what the app is for."""
    first = now.date() if now.time() < at else now.date() + timedelta(days=1)
    start = datetime.combine(first, at)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Notes//Daily reminder//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uuid.uuid4()}@notes.invalid",
        f"DTSTAMP:{datetime.now(UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}",
        "DURATION:PT10M",
        "RRULE:FREQ=DAILY",
        f"SUMMARY:{messages.WEB_REMINDER_SUMMARY}",
        f"DESCRIPTION:{messages.WEB_REMINDER_DESCRIPTION}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{messages.WEB_REMINDER_SUMMARY}",
        "TRIGGER:PT0M",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@router.post("/settings/reminder", include_in_schema=False)
def settings_save_reminder(request: Request, j: JournalDep, time: FormText = "") -> Response:
    """Keep the time she picked, then hand her the file (a redirect to a download leaves
    her on this page)."""
    try:
        at = preferences.clock_time(time)
    except BadInput as exc:
        return page(request, j, errors={"reminder": str(exc)}, status=422)
    preferences.update(j.db, j.owner_id, reminder=at)
    return RedirectResponse(f"/settings/reminder.ics?time={at:%H:%M}", status_code=303)


@router.get("/settings/reminder.ics", include_in_schema=False)
def settings_reminder(request: Request, j: JournalDep, time: str = "") -> Response:
    try:
        at = preferences.clock_time(time) if time else preferences.read(j.db, j.owner_id).reminder
    except BadInput as exc:
        raise WebError(400, str(exc)) from None
    return Response(
        reminder_ics(at, j.now()),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="reminder.ics"'},
    )


@router.get("/manifest-notes.webmanifest", include_in_schema=False)
def neutral_manifest() -> Response:
    from drawcloser.web.templating import static_url

    body = {
        "id": "/",
        "name": discreet.NEUTRAL_NAME,
        "short_name": discreet.NEUTRAL_NAME,
        "description": "Notes.",
        "lang": "en",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f1efe9",
        "theme_color": "#f1efe9",
        "icons": [
            {
                "src": static_url(discreet.NEUTRAL_ICON),
                "sizes": "any",
                "type": "image/svg+xml",
                "purpose": "any",
            }
        ],
    }
    return Response(
        json.dumps(body, indent=2),
        media_type="application/manifest+json",
        headers={"Cache-Control": "no-cache"},
    )


# -- export, import, delete-all -----------------------------------------------------------


def _export(request: Request, j: Journal, fmt: str) -> Response:
    suffix, media = EXPORTS[fmt]
    name = "notes" if discreet.is_discreet(request) else "drawcloser"
    filename = f"{name}-{j.today().isoformat()}.{suffix}"
    return Response(
        transfer.EXPORTERS[fmt](j),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/settings/export.json", include_in_schema=False)
def export_json(request: Request, j: JournalDep) -> Response:
    return _export(request, j, "json")


@router.get("/settings/export.zip", include_in_schema=False)
def export_csv(request: Request, j: JournalDep) -> Response:
    return _export(request, j, "csv")


@router.get("/settings/export.md", include_in_schema=False)
def export_markdown(request: Request, j: JournalDep) -> Response:
    return _export(request, j, "markdown")


def _import_kept(request: Request, j: Journal, token: str, *, replace: bool) -> Response:
    where = home(request)
    try:
        with uploads.opened(where, j.owner_id, token) as kept:
            if kept is None:
                return page(request, j, errors={"import": messages.WEB_UPLOAD_EXPIRED}, status=410)
            try:
                counts = transfer.import_file(j, kept, replace=replace)
            except BadInput as exc:
                message = uploads.plain_message(str(exc), kept)
                return page(request, j, errors={"import": message}, status=422)
    finally:
        uploads.discard(where, j.owner_id, token)
    return done("imported", counts=transfer.describe_counts(counts))


@router.post("/settings/import", include_in_schema=False)
def settings_import(
    request: Request,
    j: JournalDep,
    file: Annotated[UploadFile | None, File()] = None,
    replace: FormText = "",
) -> Response:
    if file is None or not file.filename:
        return page(request, j, errors={"import": messages.WEB_IMPORT_NO_FILE}, status=422)
    where = home(request)
    name = uploads.safe_name(file.filename)
    head = file.file.read(4096)
    file.file.seek(0)
    if not transfer.is_export(head):
        file.file.close()
        message = messages.IMPORT_NOT_EXPORT.format(path=name)
        return page(
            request, j, errors={"import": message + " " + messages.WEB_IMPORT_CHATS}, status=422
        )
    empty = transfer.is_empty(j)
    if replace != "on" and not empty:
        file.file.close()
        return page(request, j, errors={"import": messages.WEB_IMPORT_NOT_EMPTY}, status=409)
    token = uploads.save(where, j.owner_id, file.filename, file.file)
    file.file.close()
    if empty:
        return _import_kept(request, j, token, replace=False)
    return render(request, "settings/import_confirm.html", {"upload": token, "filename": name})


@router.post("/settings/import/confirm", include_in_schema=False)
def settings_import_confirm(
    request: Request, j: JournalDep, upload: FormText = "", answer: FormText = ""
) -> Response:
    if answer != "replace":
        uploads.discard(home(request), j.owner_id, upload)
        return done("nothing")
    return _import_kept(request, j, upload, replace=True)


@router.post("/settings/delete-all", include_in_schema=False)
def settings_delete_all(request: Request, j: JournalDep, confirm: FormText = "") -> Response:
    if confirm.strip().upper() != CONFIRM_WORD:
        message = messages.WEB_DELETE_CONFIRM.format(word=CONFIRM_WORD)
        return page(request, j, errors={"delete": message}, status=422)
    transfer.delete_all(j)
    response = done("deleted")
    keep_key(request, response, None)
    return response


# -- the API ------------------------------------------------------------------------------

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Server mode: nobody is signed in."},
    423: {"model": ErrorOut, "description": "The journal is locked: unlock it first."},
}


@router.get(
    "/api/v1/export",
    responses={
        **_ERRORS,
        200: {
            "description": "The file: JSON (everything, re-importable), a zip of CSV tables, "
            "or Markdown to read.",
            "content": {"application/json": {}, "application/zip": {}, "text/markdown": {}},
        },
    },
    tags=["your data"],
    summary="Export everything she wrote",
)
def api_export(
    request: Request,
    j: JournalDep,
    fmt: Annotated[Literal["json", "csv", "markdown"], Query(alias="format")] = "json",
) -> Response:
    """The export is not encrypted: keep it somewhere safe."""
    return _export(request, j, fmt)


@router.post(
    "/api/v1/import",
    response_model=ImportCountsOut,
    responses={
        **_ERRORS,
        409: {"model": ErrorOut, "description": "The journal is not empty and replace is false."},
        422: {"model": ErrorOut, "description": "Not a drawcloser export, or a damaged one."},
    },
    tags=["your data"],
    summary="Import a JSON export",
)
def api_import(
    j: JournalDep,
    data: Annotated[dict[str, Any], Body(description="A drawcloser JSON export.")],
    replace: Annotated[bool, Query(description="Replace everything in the journal.")] = False,
) -> dict[str, Any]:
    """One transaction: a damaged file leaves the journal as it was."""
    if not replace and not transfer.is_empty(j):
        raise WebError(409, messages.WEB_API_IMPORT_NOT_EMPTY)
    try:
        counts = transfer.import_data(j, data, replace=replace, where="the export")
    except BadInput as exc:
        raise WebError(422, str(exc)) from None
    return {"imported": counts}


def _lock_error(exc: DrawcloserError) -> WebError:
    return WebError(403 if isinstance(exc, JournalLocked) else 422, str(exc))


@router.post(
    "/api/v1/lock",
    response_model=DoneOut,
    responses={**_ERRORS, 422: {"model": ErrorOut, "description": "Too short, or locked already."}},
    tags=["lock"],
    summary="Lock the journal with a passphrase",
)
def api_lock(request: Request, j: JournalDep, body: LockIn) -> Response:
    """Her text is encrypted at rest from now on; this session stays unlocked."""
    if has_lock(j.db, j.owner_id):
        raise WebError(422, messages.API_LOCK_ALREADY)
    try:
        lock.lock(j, body.passphrase)
        key = data_key(j.db, j.owner_id, body.passphrase)
    except DrawcloserError as exc:
        raise _lock_error(exc) from None
    response = JSONResponse({"message": messages.WEB_LOCK_DONE})
    keep_key(request, response, key)
    return response


@router.post(
    "/api/v1/lock/change",
    response_model=DoneOut,
    responses={
        **_ERRORS,
        403: {"model": ErrorOut, "description": "The current passphrase is wrong."},
        422: {"model": ErrorOut, "description": "The new one is too short, or no lock is set."},
    },
    tags=["lock"],
    summary="Change the passphrase",
)
def api_lock_change(j: JournalDep, body: ChangeIn) -> dict[str, str]:
    try:
        lock.change(j, body.current, body.new)
    except DrawcloserError as exc:
        raise _lock_error(exc) from None
    return {"message": messages.LOCK_CHANGED}


@router.post(
    "/api/v1/lock/now",
    response_model=DoneOut,
    tags=["lock"],
    summary="Lock now: forget the key in this session",
)
def api_lock_now(request: Request) -> Response:
    response = JSONResponse({"message": messages.WEB_LOCKED_NOW})
    keep_key(request, response, None)
    return response


@router.post(
    "/api/v1/delete-all",
    response_model=DoneOut,
    responses={**_ERRORS, 422: {"model": ErrorOut, "description": 'confirm is not "DELETE".'}},
    tags=["your data"],
    summary="Delete everything",
)
def api_delete_all(request: Request, j: JournalDep, body: DeleteAllIn) -> Response:
    """Check-ins, remembered items, actions, logs, chats, preferences and the lock."""
    if body.confirm != CONFIRM_WORD:
        raise WebError(422, messages.WEB_DELETE_CONFIRM.format(word=CONFIRM_WORD))
    transfer.delete_all(j)
    response = JSONResponse({"message": messages.DELETE_ALL_DONE})
    keep_key(request, response, None)
    return response


@router.get(
    "/api/v1/preferences",
    response_model=PreferencesOut,
    responses=_ERRORS,
    tags=["preferences"],
    summary="Her preferences",
)
def api_preferences(j: JournalDep) -> dict[str, Any]:
    return preferences.read(j.db, j.owner_id).to_dict()


@router.put(
    "/api/v1/preferences",
    response_model=PreferencesOut,
    responses={**_ERRORS, 422: {"model": ErrorOut, "description": "A value is not valid."}},
    tags=["preferences"],
    summary="Change preferences (only the fields given)",
)
def api_set_preferences(j: JournalDep, body: PreferencesIn) -> dict[str, Any]:
    try:
        at = preferences.clock_time(body.reminder_time) if body.reminder_time else None
    except BadInput as exc:
        raise WebError(422, str(exc)) from None
    return preferences.update(j.db, j.owner_id, discreet=body.discreet, reminder=at).to_dict()
