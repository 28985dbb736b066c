"""Chats in-process over ASGI: importing an export through the page's two steps (the
upload waits for an answer), the report and its chart, deleting, and the same under /api/v1.

Each test gets a fresh app on an empty journal (a temp home), so none depends on another.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from drawcloser import messages
from tests.web.conftest import text_of
from tests.web.page_helpers import (
    CHAT,
    WARM,
    checkin,
    import_chat,
    notice,
    title_of,
    upload_token,
    waiting_uploads,
)

# Two conversations in one SMS Backup & Restore file: the import must ask which one.
SMS = b"""<?xml version="1.0" encoding="UTF-8"?>
<smses count="4">
<sms protocol="0" address="+15550001" date="1762000000000" type="1" body="Home soon" />
<sms protocol="0" address="+15550001" date="1762000600000" type="2" body="Thank you, see you" />
<sms protocol="0" address="+15550002" date="1762001000000" type="1" body="Lunch tomorrow?" />
<sms protocol="0" address="+15550002" date="1762001600000" type="2" body="Yes please" />
</smses>
"""


# -- helpers --------------------------------------------------------------------------------


def page_alert(response: Response) -> str:
    found = re.search(r'role="alert"[^>]*>\s*<p>(.*?)</p>', response.text, re.S)
    assert found, "no error on the page"
    return html.unescape(found.group(1))


def test_chats_first_time_says_how_to_export_a_chat(web: TestClient) -> None:
    page = web.get("/chats")
    assert page.status_code == 200
    words = text_of(page)
    assert "Import your first chat" in words and "No chats yet" in words
    assert "Export chat › Without media" in words  # WhatsApp
    assert "Machine-readable JSON" in words and "SMS Backup & Restore" in words
    form = re.search(r'<form class="upload"[^>]*>.*?</form>', page.text, re.S)
    assert form, "no upload form"
    assert 'action="/chats/upload"' in form.group(0)
    assert 'enctype="multipart/form-data"' in form.group(0)
    assert 'name="csrf"' in form.group(0) and 'name="file" type="file"' in form.group(0)
    assert "Imported" not in words
    assert web.get("/api/v1/chats").json() == []


def test_chat_upload_asks_who_she_is_then_shows_the_report(web: TestClient, tmp_path: Path) -> None:
    asked = web.post("/chats/upload", files={"file": (CHAT.name, CHAT.read_bytes(), "text/plain")})
    assert asked.status_code == 200
    words = text_of(asked)
    assert "Which one is you?" in words and CHAT.name.replace(" ", " ") in words
    options = re.findall(r'<input type="radio" name="me" value="([^"]*)"', asked.text)
    assert options == ["Lena", "Sam"]
    assert "Lena (17 messages)" in words and "Sam (13 messages)" in words
    assert len(waiting_uploads(tmp_path)) == 1  # the file waits for her answer

    done = web.post(
        "/chats/continue",
        data={"upload": upload_token(asked), "me": "Lena"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert re.fullmatch(
        r"/chats/\d+\?added=30&existing=0&new=1&flagged=0", done.headers["location"]
    )
    assert waiting_uploads(tmp_path) == []  # used, so gone

    report = web.get(done.headers["location"])
    assert report.status_code == 200
    words = text_of(report)
    chat_id = int(done.headers["location"].split("/")[2].split("?")[0])
    r = web.get(f"/api/v1/chats/{chat_id}").json()
    assert (r["her_messages"], r["his_messages"]) == (17, 13)
    assert r["pull"] > r["push"] > 0
    assert title_of(report) == "Your chat with Sam · drawcloser"
    assert "Imported 30 messages." in words
    assert "WhatsApp · 2 Nov 2026 – 19 Nov 2026 · 17 messages from you, 13 from him." in words
    assert f"Your pull : push {r['ratio_text']} {r['pull']} pull, {r['push']} push" in words
    assert f"You {r['her_starts']} · him {r['his_starts']}" in words
    assert f"He usually answers in {r['his_median_reply_minutes']:.0f} min" in words
    # The chart as on Progress: light by default, dark where the browser prefers dark.
    found = re.search(r"<picture>(.*?)</picture>", report.text, re.S)
    assert found, "no chart on the report"
    picture = found.group(1)
    dark = f'<source srcset="/chats/{chat_id}/chart.svg?theme=dark"'
    assert f'{dark} media="(prefers-color-scheme: dark)">' in picture
    assert f'<img class="chart-img" src="/chats/{chat_id}/chart.svg?theme=light"' in picture
    pushed = report.text.split('id="moments-push"', 1)[1]
    assert "You always do this to me" in html.unescape(pushed)
    assert f'href="/chats/{chat_id}/delete"' in report.text
    # Without the import's figures in the address, no "Imported" notice.
    assert "Imported 30" not in text_of(web.get(f"/chats/{chat_id}"))

    listing = web.get("/chats")
    words = text_of(listing)
    assert "With Sam" in words and "WhatsApp · 30 messages · 2 Nov 2026 – 19 Nov 2026" in words
    assert "Import another chat" in words and "No chats yet" not in words
    assert f'href="/chats/{chat_id}"' in listing.text


def test_chat_upload_with_a_wrong_name_asks_again_and_a_right_one_imports_at_once(
    web: TestClient,
) -> None:
    asked = web.post("/chats/upload", files={"file": (CHAT.name, CHAT.read_bytes(), "text/plain")})
    again = web.post("/chats/continue", data={"upload": upload_token(asked), "me": "Bob"})
    assert again.status_code == 422
    assert page_alert(again) == messages.WEB_CHAT_PICK_AGAIN
    assert upload_token(again) == upload_token(asked)
    assert web.get("/api/v1/chats").json() == []
    # Naming herself with the file imports without a question; a second time adds nothing.
    for added, existing in ((30, 0), (0, 30)):
        done = web.post(
            "/chats/upload",
            files={"file": (CHAT.name, CHAT.read_bytes(), "text/plain")},
            data={"me": "Lena"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert f"added={added}&existing={existing}" in done.headers["location"]
    words = text_of(web.get(done.headers["location"]))
    assert "Nothing new to import; 30 were here already." in words
    assert len(web.get("/api/v1/chats").json()) == 1


def test_chat_cancel_forgets_the_waiting_upload(web: TestClient, tmp_path: Path) -> None:
    asked = web.post("/chats/upload", files={"file": (CHAT.name, CHAT.read_bytes(), "text/plain")})
    token = upload_token(asked)
    assert len(waiting_uploads(tmp_path)) == 1
    cancelled = web.post("/chats/cancel", data={"upload": token}, follow_redirects=False)
    assert cancelled.status_code == 303 and cancelled.headers["location"] == "/chats"
    assert waiting_uploads(tmp_path) == []
    late = web.post("/chats/continue", data={"upload": token, "me": "Lena"})
    assert late.status_code == 410
    assert page_alert(late) == messages.WEB_UPLOAD_EXPIRED
    assert web.get("/api/v1/chats").json() == []


@pytest.mark.parametrize("token", ["", "../../journal.db", "x" * 30])
def test_chat_continue_with_no_such_upload_says_to_choose_again(
    web: TestClient, token: str
) -> None:
    late = web.post("/chats/continue", data={"upload": token, "me": "Lena"})
    assert late.status_code == 410
    assert page_alert(late) == messages.WEB_UPLOAD_EXPIRED


def test_chat_upload_keeps_only_the_files_own_name(web: TestClient, tmp_path: Path) -> None:
    asked = web.post(
        "/chats/upload",
        files={"file": ("../../../etc/WhatsApp Chat.txt", CHAT.read_bytes(), "text/plain")},
    )
    assert asked.status_code == 200
    assert '<p class="lede">WhatsApp Chat.txt</p>' in asked.text
    [kept] = waiting_uploads(tmp_path)
    assert [p.name for p in kept.iterdir()] == ["data"]


def test_a_waiting_upload_is_encrypted_and_its_key_is_not_on_disk(
    web: TestClient, tmp_path: Path
) -> None:
    chat = CHAT.read_bytes()
    asked = web.post("/chats/upload", files={"file": ("Chat with Tom.txt", chat, "text/plain")})
    assert asked.status_code == 200
    token = upload_token(asked)
    [kept] = waiting_uploads(tmp_path)
    stored = (kept / "data").read_bytes()
    first_line = chat.splitlines()[0]
    assert first_line not in stored and b"Tom" not in stored and b"Lena" not in stored
    key = token.split(".")[1].encode()
    for path in tmp_path.rglob("*"):  # the key travels with her answer, never to the disk
        assert path.is_dir() or key not in path.read_bytes()
    # A token whose key is not the upload's opens nothing, and leaves nothing decrypted.
    forged = token.split(".")[0] + "." + "A" * 43
    expired = web.post("/chats/continue", data={"upload": forged, "me": "Lena"})
    assert expired.status_code == 410
    assert [p.name for p in kept.iterdir()] == ["data"]
    done = web.post("/chats/continue", data={"upload": token, "me": "Lena"}, follow_redirects=False)
    assert done.status_code == 303
    assert waiting_uploads(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty.txt is empty"),
        ("photo.txt", bytes(range(256)) * 8, "photo.txt looks like a binary file"),
        ("notes.txt", b"Buy milk\nCall mum\n", "notes.txt does not look like a WhatsApp chat"),
        ("result.json", b'{"name": "x"}', "result.json is JSON but not a Telegram chat export"),
    ],
)
def test_chat_upload_refuses_what_is_not_a_chat(
    web: TestClient, tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    page = web.post("/chats/upload", files={"file": (name, data, "application/octet-stream")})
    assert page.status_code == 422
    error = page_alert(page)
    assert error.startswith(expected), error
    assert str(tmp_path) not in page.text  # never the server's folders
    assert waiting_uploads(tmp_path) == []
    assert web.get("/api/v1/chats").json() == []
    answer = web.post("/api/v1/chats", files={"file": (name, data, "application/octet-stream")})
    assert answer.status_code == 422
    assert answer.json()["error"].startswith(expected)
    assert str(tmp_path) not in answer.text


def test_chat_upload_without_a_file_says_to_choose_one(web: TestClient) -> None:
    for page in (
        web.post("/chats/upload", data={"me": "Lena"}),
        web.post("/chats/upload", files={"file": ("", b"", "application/octet-stream")}),
    ):
        assert page.status_code == 422
        assert page_alert(page) == messages.WEB_CHAT_NO_FILE
    answer = web.post("/api/v1/chats", data={"me": "Lena"})
    assert answer.status_code == 422 and '"file"' in answer.json()["error"]


def test_a_file_of_several_conversations_asks_which_one(web: TestClient) -> None:
    asked = web.post("/chats/upload", files={"file": ("sms.xml", SMS, "text/xml")})
    assert asked.status_code == 200
    assert "Which conversation is with him?" in text_of(asked)
    options = re.findall(r'<option value="([^"]*)">', asked.text)
    assert len(options) == 2
    token = upload_token(asked)
    wrong = web.post("/chats/continue", data={"upload": token, "conversation": "Nobody"})
    assert wrong.status_code == 422 and page_alert(wrong) == messages.WEB_CHAT_PICK_AGAIN
    # An SMS backup marks the messages she sent, so it never asks which one is her.
    done = web.post(
        "/chats/continue", data={"upload": token, "conversation": options[0]},
        follow_redirects=False,
    )  # fmt: skip
    assert done.status_code == 303 and "added=2" in done.headers["location"]
    report = text_of(web.get(done.headers["location"]))
    assert "Which one is you?" not in report and "You: Thank you, see you" in report
    [chat] = web.get("/api/v1/chats").json()
    assert (chat["format"], chat["messages"]) == ("sms", 2)
    # The API asks the same question, and takes the answer.
    answer = web.post("/api/v1/chats", files={"file": ("sms.xml", SMS, "text/xml")})
    assert answer.status_code == 422
    assert answer.json()["choice"] == "conversation" and answer.json()["options"] == options
    assert answer.json()["error"].startswith("This file holds several conversations")
    second = web.post(
        "/api/v1/chats",
        files={"file": ("sms.xml", SMS, "text/xml")},
        data={"conversation": options[1]},
    )
    assert second.status_code == 201 and second.json()["new_chat"] is True
    assert len(web.get("/api/v1/chats").json()) == 2


def test_chat_chart_is_an_svg_of_the_chat(web: TestClient) -> None:
    chat_id = import_chat(web)
    chart = web.get(f"/chats/{chat_id}/chart.svg")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"
    assert "<svg" in chart.text and chart.text.rstrip().endswith("</svg>")
    for words in ("Your pull : push per week", "His warmth per week", "Runs of 3+ unanswered"):
        assert words in chart.text, words
    light = web.get(f"/chats/{chat_id}/chart.svg?theme=light")
    assert light.text == chart.text  # light unless asked: the chart the CLI draws too
    dark = web.get(f"/chats/{chat_id}/chart.svg?theme=dark")
    assert dark.status_code == 200 and dark.headers["content-type"] == "image/svg+xml"
    for words in ("Your pull : push per week", "His warmth per week", "Runs of 3+ unanswered"):
        assert words in dark.text, words
    # Light ink on no background of its own, so the dark card shows through; no white.
    assert "#e8e4de" in dark.text and "#e8e4de" not in light.text
    assert "#ffffff" in light.text and "#ffffff" not in dark.text
    assert web.get(f"/chats/{chat_id}/chart.svg?theme=pink").status_code == 422


def test_chat_delete_asks_first_then_deletes_only_the_chat(web: TestClient) -> None:
    checkin(web, WARM, "2")
    chat_id = import_chat(web)
    asked = web.get(f"/chats/{chat_id}/delete")
    assert asked.status_code == 200
    words = text_of(asked)
    assert "Delete this chat?" in words and "Its 30 messages and their report are removed" in words
    form = re.search(r"<form[^>]*>.*?</form>", asked.text, re.S)
    assert form and f'action="/chats/{chat_id}/delete"' in form.group(0)
    assert 'method="post"' in form.group(0) and 'name="csrf"' in form.group(0)
    assert f'href="/chats/{chat_id}">Keep it</a>' in form.group(0)
    assert len(web.get("/api/v1/chats").json()) == 1  # asking deletes nothing

    deleted = web.post(f"/chats/{chat_id}/delete", follow_redirects=False)
    assert deleted.status_code == 303 and deleted.headers["location"] == "/chats?deleted=Sam"
    listing = web.get(deleted.headers["location"])
    assert notice(listing) == messages.WEB_CHAT_DELETED.format(him="Sam")
    assert "No chats yet" in text_of(listing)
    assert web.get("/api/v1/chats").json() == []
    assert web.get(f"/chats/{chat_id}").status_code == 404
    assert [c["said"] for c in web.get("/api/v1/checkins").json()] == [WARM]  # check-ins stay


def test_chats_deleted_notice_is_escaped(web: TestClient) -> None:
    page = web.get("/chats", params={"deleted": "<script>x</script>"})
    assert "<script>x</script>" not in page.text
    assert "&lt;script&gt;" in page.text


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/chats/999"),
        ("GET", "/chats/999/chart.svg"),
        ("GET", "/chats/999/delete"),
        ("POST", "/chats/999/delete"),
    ],
)
def test_unknown_chat_pages_are_404(web: TestClient, method: str, path: str) -> None:
    answer = web.request(method, path)
    assert answer.status_code == 404
    assert "text/html" in answer.headers["content-type"]


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_unknown_chat_api_is_404_with_an_error(web: TestClient, method: str) -> None:
    answer = web.request(method, "/api/v1/chats/999")
    assert answer.status_code == 404
    assert answer.json() == {"error": messages.WEB_CHAT_UNKNOWN.format(id=999)}


def test_api_chat_import_report_and_delete(web: TestClient, tmp_path: Path) -> None:
    def send(**data: str) -> Response:
        files = {"file": (CHAT.name, CHAT.read_bytes(), "text/plain")}
        return web.post("/api/v1/chats", files=files, data=data)

    who = send()
    assert who.status_code == 422
    assert who.json() == {
        "error": messages.WEB_API_WHO_IS_ME.format(names="Lena, Sam"),
        "choice": "me",
        "options": ["Lena", "Sam"],
    }
    wrong = send(me="Bob")
    assert wrong.status_code == 422
    assert wrong.json()["error"] == messages.CHAT_ME_NOT_FOUND.format(me="Bob", names="Lena, Sam")
    first = send(me="Lena")
    assert first.status_code == 201
    body = first.json()
    assert (body["added"], body["already_there"], body["new_chat"]) == (30, 0, True)
    assert body["chat"]["me"] == "Lena" and body["chat"]["him"] == "Sam"
    again = send(me="Lena").json()
    assert (again["added"], again["already_there"], again["new_chat"]) == (0, 30, False)
    assert waiting_uploads(tmp_path) == []  # the API never leaves a file behind

    chat_id = body["chat"]["id"]
    assert web.get("/api/v1/chats").json() == [body["chat"]]
    report = web.get(f"/api/v1/chats/{chat_id}").json()
    assert report["chat"] == body["chat"]
    assert report["her_messages"] + report["his_messages"] == 30
    assert sum(w["her_messages"] + w["his_messages"] for w in report["weeks"]) == 30
    assert len(report["chasing_runs"]) == 1
    assert any("always" in m["text"] for m in report["pushed_most"])
    gone = web.delete(f"/api/v1/chats/{chat_id}")
    assert gone.status_code == 204 and gone.content == b""
    assert web.get("/api/v1/chats").json() == []
    assert web.get(f"/api/v1/chats/{chat_id}").status_code == 404
