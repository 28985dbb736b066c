"""Settings in-process over ASGI: the lock, discreet mode, the reminder, export, import and
delete-all, and the same under /api/v1.

Each test gets a fresh app on an empty journal (a temp home), so none depends on another.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from drawcloser import messages
from tests.web.conftest import text_of, with_csrf
from tests.web.page_helpers import (
    CHAT,
    PUSHY,
    WARM,
    checkin,
    import_chat,
    notice,
    three_checkins,
    title_of,
    today_of,
    upload_token,
    waiting_uploads,
)

PASS = "blue river stones"


# -- helpers --------------------------------------------------------------------------------


def manifest_of(response: Response) -> str:
    found = re.findall(r'<link rel="manifest" href="([^"]*)"', response.text)
    assert len(found) == 1, found
    return found[0]


def alert(response: Response, name: str) -> str:
    """The error shown next to one of the settings forms."""
    found = re.search(rf'id="{name}-error"><p>(.*?)</p>', response.text, re.S)
    assert found, f"no {name} error on the page"
    return html.unescape(found.group(1))


def lock_now(web: TestClient) -> None:
    assert web.post("/api/v1/lock/now").status_code == 200


def unlock(web: TestClient, passphrase: str, next_path: str = "") -> Response:
    opened = web.post(
        "/unlock", data={"passphrase": passphrase, "next": next_path}, follow_redirects=False
    )
    with_csrf(web)  # an unlock starts a new session, with a new token
    return opened


def counts(web: TestClient) -> dict[str, Any]:
    checkins = web.get("/api/v1/checkins").json()
    chats = web.get("/api/v1/chats").json()
    return {
        "checkins": sorted(c["said"] for c in checkins),
        "chats": [(c["him"], c["me"], c["messages"]) for c in chats],
        "preferences": web.get("/api/v1/preferences").json(),
    }


# -- Settings: the page, the lock -----------------------------------------------------------


def test_settings_first_time_offers_every_setting(web: TestClient) -> None:
    page = web.get("/settings")
    assert page.status_code == 200
    words = text_of(page)
    assert "Lock your journal" in words and "Lock with this passphrase" in words
    assert "Turn discreet mode on" in words
    assert 'name="time" type="time" value="20:30"' in page.text  # the default reminder
    for href in ("/settings/export.json", "/settings/export.zip", "/settings/export.md"):
        assert f'href="{href}"' in page.text
    assert "Type DELETE to confirm" in words
    assert "If you are not safe" in words and "Emergency services" in words
    forms = re.findall(r'<form[^>]*method="post".*?</form>', page.text, re.S)
    actions = {a for f in forms for a in re.findall(r'<form[^>]*action="([^"]*)"', f)}
    assert actions == {
        "/settings/lock",
        "/settings/discreet",
        "/settings/reminder",
        "/settings/import",
        "/settings/delete-all",
    }
    for form in forms:
        assert 'name="csrf"' in form, form[:120]
    assert 'role="status"' not in page.text.split("<main", 1)[1].split('id="lock"')[0]


def test_settings_done_notice_says_what_happened(web: TestClient) -> None:
    assert notice(web.get("/settings?done=discreet-off")) == messages.WEB_DISCREET_OFF
    assert notice(web.get("/settings?done=nothing")) == messages.WEB_IMPORT_CANCELLED
    assert "notice-ok" not in web.get("/settings?done=whatever").text


def test_lock_from_settings_then_pages_ask_for_the_passphrase(
    web: TestClient, tmp_path: Path
) -> None:
    checkin(web, WARM, "2")
    short = web.post("/settings/lock", data={"passphrase": "short", "again": "short"})
    assert short.status_code == 422 and alert(
        short, "lock"
    ) == messages.LOCK_SHORT_PASSPHRASE.format(min=8)
    differ = web.post("/settings/lock", data={"passphrase": PASS, "again": PASS + "!"})
    assert differ.status_code == 422 and alert(differ, "lock") == messages.LOCK_MISMATCH
    assert "Lock your journal" in text_of(web.get("/settings"))  # nothing changed

    locked = web.post(
        "/settings/lock", data={"passphrase": PASS, "again": PASS}, follow_redirects=False
    )
    assert (
        locked.status_code == 303 and locked.headers["location"] == "/settings?done=locked#locked"
    )
    page = web.get(locked.headers["location"])
    assert notice(page) == messages.WEB_LOCK_DONE
    assert (
        "Your journal is locked" in text_of(page) and 'action="/settings/passphrase"' in page.text
    )
    # This browser stays open; her text is no longer on disk in the clear.
    assert [c["said"] for c in web.get("/api/v1/checkins").json()] == [WARM]
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("journal.db*"))
    assert stored and b"cooking dinner" not in stored

    lock_now(web)
    for path in ("/progress", "/chats", "/settings", "/settings/export.json"):
        asked = web.get(path, follow_redirects=False)
        assert asked.status_code == 303, path
        assert asked.headers["location"] == f"/unlock?next={path}"
    for path in ("/api/v1/progress", "/api/v1/chats", "/api/v1/export", "/api/v1/preferences"):
        refused = web.get(path)
        assert refused.status_code == 423, path
        assert refused.json() == {"error": messages.WEB_NEED_UNLOCK}
    assert "Unlock your journal" in text_of(web.get("/progress"))

    assert unlock(web, "not the passphrase", "/progress").status_code == 403
    assert web.get("/progress", follow_redirects=False).status_code == 303
    opened = unlock(web, PASS, "/progress")
    assert opened.status_code == 303 and opened.headers["location"] == "/progress"
    assert web.get("/progress").status_code == 200
    assert [c["said"] for c in web.get("/api/v1/checkins").json()] == [WARM]


def test_change_and_remove_the_passphrase_from_settings(web: TestClient) -> None:
    checkin(web, WARM, "2")
    web.post("/settings/lock", data={"passphrase": PASS, "again": PASS})
    new = "green fields now"
    wrong = web.post(
        "/settings/passphrase", data={"current": "nope nope", "new": new, "again": new}
    )
    assert wrong.status_code == 422 and alert(wrong, "change") == messages.JOURNAL_WRONG_PASSPHRASE
    assert 'id="changed" open' in wrong.text  # the form she used stays open
    differ = web.post("/settings/passphrase", data={"current": PASS, "new": new, "again": "x"})
    assert differ.status_code == 422 and alert(differ, "change") == messages.LOCK_MISMATCH
    changed = web.post(
        "/settings/passphrase",
        data={"current": PASS, "new": new, "again": new},
        follow_redirects=False,
    )
    assert changed.headers["location"] == "/settings?done=changed#changed"
    assert notice(web.get(changed.headers["location"])) == messages.LOCK_CHANGED
    assert [c["said"] for c in web.get("/api/v1/checkins").json()] == [WARM]  # still open

    lock_now(web)
    assert unlock(web, PASS).status_code == 403  # the old one no longer opens it
    assert unlock(web, new).status_code == 303
    assert [c["said"] for c in web.get("/api/v1/checkins").json()] == [WARM]

    wrong = web.post("/settings/remove-lock", data={"current": PASS})
    assert wrong.status_code == 422 and alert(wrong, "remove") == messages.JOURNAL_WRONG_PASSPHRASE
    removed = web.post("/settings/remove-lock", data={"current": new}, follow_redirects=False)
    assert removed.headers["location"] == "/settings?done=removed#removed"
    page = web.get(removed.headers["location"])
    assert notice(page) == messages.UNLOCK_DONE and "Lock your journal" in text_of(page)
    lock_now(web)  # nothing to lock any more: pages open without a passphrase
    assert web.get("/progress", follow_redirects=False).status_code == 200
    assert [c["said"] for c in web.get("/api/v1/checkins").json()] == [WARM]


def test_api_lock_change_and_lock_now(web: TestClient) -> None:
    checkin(web, WARM, "2")
    short = web.post("/api/v1/lock", json={"passphrase": "short"})
    assert short.status_code == 422
    assert short.json() == {"error": messages.LOCK_SHORT_PASSPHRASE.format(min=8)}
    extra = web.post("/api/v1/lock", json={"passphrase": PASS, "hint": "river"})
    assert extra.status_code == 422 and "hint" in extra.json()["error"]
    locked = web.post("/api/v1/lock", json={"passphrase": PASS})
    assert locked.status_code == 200 and locked.json() == {"message": messages.WEB_LOCK_DONE}
    assert web.get("/api/v1/session").json()["unlocked"] is True
    again = web.post("/api/v1/lock", json={"passphrase": PASS})
    assert again.status_code == 422 and again.json() == {"error": messages.API_LOCK_ALREADY}

    new = "purple hills again"
    wrong = web.post("/api/v1/lock/change", json={"current": "wrong words", "new": new})
    assert wrong.status_code == 403
    assert wrong.json() == {"error": messages.JOURNAL_WRONG_PASSPHRASE}
    too_short = web.post("/api/v1/lock/change", json={"current": PASS, "new": "short"})
    assert too_short.status_code == 422
    changed = web.post("/api/v1/lock/change", json={"current": PASS, "new": new})
    assert changed.status_code == 200 and changed.json() == {"message": messages.LOCK_CHANGED}

    now = web.post("/api/v1/lock/now")
    assert now.status_code == 200 and now.json() == {"message": messages.WEB_LOCKED_NOW}
    assert web.get("/api/v1/session").json()["unlocked"] is False
    assert web.get("/api/v1/checkins").status_code == 423
    assert web.post("/api/v1/unlock", json={"passphrase": PASS}).status_code == 403
    assert web.post("/api/v1/unlock", json={"passphrase": new}).status_code == 200
    assert [c["said"] for c in web.get("/api/v1/checkins").json()] == [WARM]


def test_api_lock_change_without_a_lock_is_422(web: TestClient) -> None:
    answer = web.post("/api/v1/lock/change", json={"current": PASS, "new": "another long one"})
    assert answer.status_code == 422 and answer.json() == {"error": messages.LOCK_NOT_LOCKED}


def test_lock_forms_from_a_stale_page_say_why_nothing_changed(web: TestClient) -> None:
    # A tab opened before she locked (or unlocked) still shows the other forms.
    no_lock = {"current": PASS, "new": "green fields now", "again": "green fields now"}
    changed = web.post("/settings/passphrase", data=no_lock)
    assert changed.status_code == 422 and alert(changed, "change") == messages.LOCK_NOT_LOCKED
    removed = web.post("/settings/remove-lock", data={"current": PASS})
    assert removed.status_code == 422 and alert(removed, "remove") == messages.LOCK_NOT_LOCKED
    web.post("/settings/lock", data={"passphrase": PASS, "again": PASS})
    again = web.post("/settings/lock", data={"passphrase": "another one here", "again": "x"})
    assert again.status_code == 422 and alert(again, "lock") == messages.WEB_LOCK_ALREADY
    lock_now(web)
    assert unlock(web, "another one here").status_code == 403  # the first passphrase holds
    assert unlock(web, PASS).status_code == 303


# -- Settings: discreet mode, the manifest, the reminder, preferences -----------------------

PAGES = ("/today", "/progress", "/chats", "/settings", "/journal", "/remember", "/check")


def test_discreet_mode_renames_every_page_and_back(web: TestClient) -> None:
    for path in PAGES:
        page = web.get(path)
        assert title_of(page).endswith("drawcloser"), path
        assert manifest_of(page) == "/manifest.webmanifest", path

    bad = web.post("/settings/discreet", data={"discreet": "maybe"})
    assert bad.status_code == 422 and alert(bad, "discreet") == messages.WEB_DISCREET_CHOICE
    on = web.post("/settings/discreet", data={"discreet": "on"}, follow_redirects=False)
    assert on.headers["location"] == "/settings?done=discreet-on#discreet-on"
    settings = web.get(on.headers["location"])
    assert notice(settings) == messages.WEB_DISCREET_ON
    assert "Turn discreet mode off" in text_of(settings)
    for path in (*PAGES, "/no-such-page"):
        page = web.get(path)
        assert title_of(page) == "Notes", path
        assert manifest_of(page) == "/manifest-notes.webmanifest", path
        assert re.search(r'rel="icon"[^>]*href="/static/img/notes\.svg', page.text), path
        # Nowhere on the page — words, attributes, hidden toasts — is the app's name.
        assert "drawcloser" not in page.text.lower(), (path, page.text.lower().count("drawcloser"))
    exported = web.get("/settings/export.json").headers["content-disposition"]
    assert re.fullmatch(r'attachment; filename="notes-\d{4}-\d\d-\d\d\.json"', exported)
    assert web.get("/api/v1/preferences").json()["discreet"] is True

    off = web.post("/settings/discreet", data={"discreet": "off"}, follow_redirects=False)
    assert off.headers["location"] == "/settings?done=discreet-off#discreet-off"
    for path in PAGES:
        page = web.get(path)
        assert title_of(page).endswith(" · drawcloser"), path
        assert manifest_of(page) == "/manifest.webmanifest", path
    exported = web.get("/settings/export.json").headers["content-disposition"]
    assert 'filename="drawcloser-' in exported


def test_discreet_mode_holds_on_the_unlock_screen(web: TestClient) -> None:
    web.post("/settings/discreet", data={"discreet": "on"})
    web.post("/settings/lock", data={"passphrase": PASS, "again": PASS})
    lock_now(web)
    page = web.get("/progress")  # sent to /unlock
    assert "Unlock your journal" in text_of(page)
    assert title_of(page) == "Notes"
    assert manifest_of(page) == "/manifest-notes.webmanifest"


def test_neutral_manifest_names_nothing_but_notes(web: TestClient) -> None:
    answer = web.get("/manifest-notes.webmanifest")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/manifest+json"
    assert "drawcloser" not in answer.text.lower()
    body = answer.json()
    assert body["name"] == body["short_name"] == "Notes"
    assert body["start_url"] == "/" and body["display"] == "standalone"
    [icon] = body["icons"]
    assert icon["type"] == "image/svg+xml"
    served = web.get(icon["src"])
    assert served.status_code == 200 and "<svg" in served.text


def ics_lines(answer: Response) -> list[str]:
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="reminder.ics"'
    assert answer.text.endswith("\r\n") and "\n" not in answer.text.replace("\r\n", "")
    return answer.text.split("\r\n")[:-1]


def test_reminder_ics_is_a_daily_event_at_her_time(web: TestClient) -> None:
    bad = web.post("/settings/reminder", data={"time": "25:99"})
    assert bad.status_code == 422
    assert alert(bad, "reminder") == messages.PREF_BAD_TIME.format(value="25:99")
    saved = web.post("/settings/reminder", data={"time": "6:45"}, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == "/settings/reminder.ics?time=06:45"
    assert web.get("/api/v1/preferences").json()["reminder_time"] == "06:45"
    assert 'name="time" type="time" value="06:45"' in web.get("/settings").text

    lines = ics_lines(web.get(saved.headers["location"]))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert "RRULE:FREQ=DAILY" in lines
    assert f"SUMMARY:{messages.WEB_REMINDER_SUMMARY}" in lines
    [start] = [line for line in lines if line.startswith("DTSTART")]
    when = datetime.strptime(start, "DTSTART:%Y%m%dT%H%M%S")
    assert (when.hour, when.minute, when.second) == (6, 45, 0)
    today = today_of(web)
    assert when.date() in (today, today + timedelta(days=1))
    assert "drawcloser" not in "\n".join(lines).lower()  # a calendar is seen by others
    assert all(len(line.encode()) <= 75 for line in lines)

    # Without ?time, the one she saved; midnight has always passed, so it starts tomorrow.
    stored = [line for line in ics_lines(web.get("/settings/reminder.ics")) if "DTSTART" in line]
    assert stored == [start]
    [midnight] = [
        line
        for line in ics_lines(web.get("/settings/reminder.ics?time=00:00"))
        if line.startswith("DTSTART")
    ]
    assert midnight == f"DTSTART:{today + timedelta(days=1):%Y%m%d}T000000"
    refused = web.get("/settings/reminder.ics?time=25:99")
    assert refused.status_code == 400
    assert messages.PREF_BAD_TIME.format(value="25:99") in text_of(refused)


def test_api_preferences(web: TestClient) -> None:
    assert web.get("/api/v1/preferences").json() == {"discreet": False, "reminder_time": "20:30"}
    changed = web.put("/api/v1/preferences", json={"reminder_time": "7:05"})
    assert changed.status_code == 200
    assert changed.json() == {"discreet": False, "reminder_time": "07:05"}
    changed = web.put("/api/v1/preferences", json={"discreet": True})
    assert changed.json() == {"discreet": True, "reminder_time": "07:05"}  # only what is given
    assert title_of(web.get("/today")) == "Notes"

    bad = web.put("/api/v1/preferences", json={"reminder_time": "25:99"})
    assert bad.status_code == 422
    assert bad.json() == {"error": messages.PREF_BAD_TIME.format(value="25:99")}
    extra = web.put("/api/v1/preferences", json={"colour": "red"})
    assert extra.status_code == 422 and "colour" in extra.json()["error"]
    loose = web.put("/api/v1/preferences", json={"discreet": "no"})  # not read as a boolean
    assert loose.status_code == 422 and "discreet" in loose.json()["error"]
    assert web.get("/api/v1/preferences").json() == {"discreet": True, "reminder_time": "07:05"}


# -- Settings: export, import, delete-all ---------------------------------------------------


def test_exports_hold_what_she_wrote(web: TestClient) -> None:
    checkin(web, WARM, "2")
    import_chat(web)
    day = today_of(web).isoformat()

    as_json = web.get("/settings/export.json")
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.headers["content-disposition"] == f'attachment; filename="drawcloser-{day}.json"'
    data = as_json.json()
    assert data["format"] == "drawcloser-export"
    assert [c["said"] for c in data["checkins"]] == [WARM]
    assert len(data["chats"]) == 1 and len(data["chat_messages"]) == 30

    as_zip = web.get("/settings/export.zip")
    assert as_zip.headers["content-type"] == "application/zip"
    assert as_zip.headers["content-disposition"] == f'attachment; filename="drawcloser-{day}.zip"'
    with zipfile.ZipFile(io.BytesIO(as_zip.content)) as archive:
        assert {"checkins.csv", "chats.csv", "chat_messages.csv"} <= set(archive.namelist())
        assert WARM in archive.read("checkins.csv").decode("utf-8")

    as_md = web.get("/settings/export.md")
    assert as_md.headers["content-type"] == "text/markdown; charset=utf-8"
    assert as_md.headers["content-disposition"] == f'attachment; filename="drawcloser-{day}.md"'
    assert "## Check-ins" in as_md.text and WARM in as_md.text

    for fmt, media, suffix in (
        ("json", "application/json", "json"),
        ("csv", "application/zip", "zip"),
        ("markdown", "text/markdown; charset=utf-8", "md"),
    ):
        answer = web.get("/api/v1/export", params={"format": fmt})
        assert answer.status_code == 200, fmt
        assert answer.headers["content-type"] == media
        assert answer.headers["content-disposition"].endswith(f'.{suffix}"')
    assert web.get("/api/v1/export").json()["checkins"] == data["checkins"]
    wrong = web.get("/api/v1/export", params={"format": "xml"})
    assert wrong.status_code == 422 and "format" in wrong.json()["error"]


def test_export_then_delete_all_then_import_restores_everything(web: TestClient) -> None:
    three_checkins(web)
    import_chat(web)
    web.put("/api/v1/preferences", json={"reminder_time": "21:15"})
    before = counts(web)
    exported = web.get("/settings/export.json").content

    refused = web.post("/settings/delete-all", data={"confirm": "delete it all"})
    assert refused.status_code == 422
    assert alert(refused, "delete") == messages.WEB_DELETE_CONFIRM.format(word="DELETE")
    assert 'aria-invalid="true"' in refused.text
    assert counts(web) == before  # nothing deleted

    deleted = web.post("/settings/delete-all", data={"confirm": "DELETE"}, follow_redirects=False)
    assert deleted.headers["location"] == "/settings?done=deleted#deleted"
    assert notice(web.get(deleted.headers["location"])) == messages.DELETE_ALL_DONE
    assert counts(web) == {
        "checkins": [],
        "chats": [],
        "preferences": {"discreet": False, "reminder_time": "20:30"},
    }
    assert "Your progress starts with one check-in" in text_of(web.get("/progress"))

    # Into an empty journal the import goes straight in.
    imported = web.post(
        "/settings/import",
        files={"file": ("drawcloser-export.json", exported, "application/json")},
        follow_redirects=False,
    )
    assert imported.status_code == 303
    assert imported.headers["location"].startswith("/settings?done=imported&counts=")
    said = notice(web.get(imported.headers["location"]))
    assert said.startswith("Imported: 3 check-ins,") and "30 chat messages" in said
    assert "daily picks" not in said and "1 chat," in said
    assert counts(web) == before
    assert web.get("/api/v1/progress").json()["weeks"][-1]["pull"] == 2


def test_import_into_a_journal_with_entries_asks_before_replacing(
    web: TestClient, tmp_path: Path
) -> None:
    checkin(web, WARM, "2")
    exported = web.get("/settings/export.json").content
    checkin(web, PUSHY, "-1")
    after = counts(web)
    file = {"file": ("export.json", exported, "application/json")}

    refused = web.post("/settings/import", files=file)
    assert refused.status_code == 409
    assert alert(refused, "import") == messages.WEB_IMPORT_NOT_EMPTY
    assert waiting_uploads(tmp_path) == []

    asked = web.post("/settings/import", files=file, data={"replace": "on"})
    assert asked.status_code == 200
    words = text_of(asked)
    assert "Replace everything?" in words and "export.json" in words
    assert counts(web) == after  # asking replaces nothing
    kept = web.post(
        "/settings/import/confirm",
        data={"upload": upload_token(asked), "answer": "keep"},
        follow_redirects=False,
    )
    assert kept.headers["location"] == "/settings?done=nothing#nothing"
    assert counts(web) == after and waiting_uploads(tmp_path) == []
    late = web.post(
        "/settings/import/confirm", data={"upload": upload_token(asked), "answer": "replace"}
    )
    assert late.status_code == 410 and alert(late, "import") == messages.WEB_UPLOAD_EXPIRED

    asked = web.post("/settings/import", files=file, data={"replace": "on"})
    replaced = web.post(
        "/settings/import/confirm",
        data={"upload": upload_token(asked), "answer": "replace"},
        follow_redirects=False,
    )
    assert replaced.status_code == 303
    assert "done=imported" in replaced.headers["location"]
    assert counts(web)["checkins"] == [WARM]  # the later check-in is gone
    assert waiting_uploads(tmp_path) == []


def test_an_export_over_the_default_body_limit_still_imports(web: TestClient) -> None:
    # Requests are capped at 1 MiB, except the import and upload paths (200 MiB).
    checkin(web, WARM, "2")
    big = web.get("/settings/export.json").content + b" " * (2 * 1024 * 1024)
    for send in (
        lambda: web.post(
            "/settings/import",
            files={"file": ("export.json", big, "application/json")},
            follow_redirects=False,
        ),
        lambda: web.post(
            "/api/v1/import", content=big, headers={"content-type": "application/json"}
        ),
    ):
        web.post("/api/v1/delete-all", json={"confirm": "DELETE"})
        answer = send()
        assert answer.status_code in (200, 303), answer.text[:300]
        assert counts(web)["checkins"] == [WARM]


def test_a_whatsapp_zip_imports_like_its_text(web: TestClient) -> None:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr(CHAT.name, CHAT.read_bytes())
    done = web.post(
        "/chats/upload",
        files={"file": ("WhatsApp Chat with Sam.zip", packed.getvalue(), "application/zip")},
        data={"me": "Lena"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and "added=30" in done.headers["location"]
    [chat] = web.get("/api/v1/chats").json()
    assert (chat["format"], chat["me"], chat["him"]) == ("whatsapp", "Lena", "Sam")


def test_import_keeps_the_lock_and_encrypts_what_it_brings(web: TestClient, tmp_path: Path) -> None:
    checkin(web, WARM, "2")
    exported = web.get("/settings/export.json").content
    web.post("/settings/lock", data={"passphrase": PASS, "again": PASS})
    asked = web.post(
        "/settings/import",
        files={"file": ("export.json", exported, "application/json")},
        data={"replace": "on"},
    )
    web.post("/settings/import/confirm", data={"upload": upload_token(asked), "answer": "replace"})
    assert "Your journal is locked" in text_of(web.get("/settings"))
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("journal.db*"))
    assert b"cooking dinner" not in stored
    lock_now(web)
    unlock(web, PASS)
    assert counts(web)["checkins"] == [WARM]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, messages.WEB_IMPORT_NO_FILE),
        (
            {"file": (CHAT.name, CHAT.read_bytes(), "text/plain")},
            messages.IMPORT_NOT_EXPORT.format(path=CHAT.name) + " " + messages.WEB_IMPORT_CHATS,
        ),
    ],
)
def test_import_refuses_what_is_not_an_export(
    web: TestClient, tmp_path: Path, files: dict[str, Any], expected: str
) -> None:
    page = web.post("/settings/import", files=files or None, data={"replace": "on"})
    assert page.status_code == 422
    assert alert(page, "import") == expected
    assert waiting_uploads(tmp_path) == []


def test_a_damaged_export_changes_nothing(web: TestClient, tmp_path: Path) -> None:
    checkin(web, WARM, "2")
    data = web.get("/api/v1/export").json()
    data["checkins"] = "not a list"
    damaged = json.dumps(data).encode()
    checkin(web, PUSHY, "-1")
    before = counts(web)
    asked = web.post(
        "/settings/import",
        files={"file": ("export.json", damaged, "application/json")},
        data={"replace": "on"},
    )
    failed = web.post(
        "/settings/import/confirm", data={"upload": upload_token(asked), "answer": "replace"}
    )
    assert failed.status_code == 422
    assert "export.json" in alert(failed, "import") and str(tmp_path) not in failed.text
    assert counts(web) == before and waiting_uploads(tmp_path) == []
    api = web.post("/api/v1/import", params={"replace": "true"}, json=data)
    assert api.status_code == 422 and "error" in api.json()
    assert counts(web) == before


def test_api_import_and_delete_all(web: TestClient) -> None:
    three_checkins(web)
    import_chat(web)
    before = counts(web)
    data = web.get("/api/v1/export").json()

    not_empty = web.post("/api/v1/import", json=data)
    assert not_empty.status_code == 409
    assert not_empty.json() == {"error": messages.WEB_API_IMPORT_NOT_EMPTY}

    for body in ({"confirm": "delete"}, {"confirm": "DELETE please"}):
        refused = web.post("/api/v1/delete-all", json=body)
        assert refused.status_code == 422
        assert refused.json() == {"error": messages.WEB_DELETE_CONFIRM.format(word="DELETE")}
    missing = web.post("/api/v1/delete-all", json={})
    assert missing.status_code == 422 and '"confirm"' in missing.json()["error"]
    assert counts(web) == before

    done = web.post("/api/v1/delete-all", json={"confirm": "DELETE"})
    assert done.status_code == 200 and done.json() == {"message": messages.DELETE_ALL_DONE}
    assert counts(web)["checkins"] == [] and counts(web)["chats"] == []

    bad = web.post("/api/v1/import", json={"format": "something else"})
    assert bad.status_code == 422 and "not a drawcloser export" in bad.json()["error"]
    imported = web.post("/api/v1/import", json=data)
    assert imported.status_code == 200
    got = imported.json()["imported"]
    assert (got["checkins"], got["chats"], got["chat_messages"]) == (3, 1, 30)
    assert counts(web) == before
    again = web.post("/api/v1/import", params={"replace": "true"}, json=data)
    assert again.status_code == 200 and again.json() == imported.json()
    assert counts(web) == before


def test_delete_all_removes_the_lock_and_discreet_mode_too(web: TestClient) -> None:
    checkin(web, WARM, "2")
    web.post("/settings/discreet", data={"discreet": "on"})
    web.post("/settings/lock", data={"passphrase": PASS, "again": PASS})
    deleted = web.post("/settings/delete-all", data={"confirm": " delete "}, follow_redirects=False)
    assert deleted.status_code == 303  # typed in any case, with spaces around it
    page = web.get("/settings")
    assert "Lock your journal" in text_of(page)
    assert title_of(page) == "Settings · drawcloser"
    lock_now(web)
    assert web.get("/progress", follow_redirects=False).status_code == 200  # no passphrase
    assert web.get("/api/v1/checkins").json() == []
