"""Progress, Chats and Settings in-process over ASGI: the pages and their forms, the charts,
the uploads that wait for an answer, the lock, discreet mode, the reminder, export, import
and delete-all, and the same under /api/v1.

Each test gets a fresh app on an empty journal (a temp home), so none depends on another.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from drawcloser import messages
from tests.web.conftest import text_of, with_csrf

WARM = "Thank you for cooking dinner tonight, it was lovely."
PUSHY = "You never listen to me. We need to talk tonight."
CHAT = Path(__file__).parent / "more_fixtures" / "WhatsApp Chat with Sam.txt"
PASS = "blue river stones"
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


def title_of(response: Response) -> str:
    found = re.findall(r"<title>(.*?)</title>", response.text, re.S)
    assert len(found) == 1, found
    return html.unescape(found[0])


def manifest_of(response: Response) -> str:
    found = re.findall(r'<link rel="manifest" href="([^"]*)"', response.text)
    assert len(found) == 1, found
    return found[0]


def alert(response: Response, name: str) -> str:
    """The error shown next to one of the settings forms."""
    found = re.search(rf'id="{name}-error"><p>(.*?)</p>', response.text, re.S)
    assert found, f"no {name} error on the page"
    return html.unescape(found.group(1))


def page_alert(response: Response) -> str:
    found = re.search(r'role="alert"[^>]*>\s*<p>(.*?)</p>', response.text, re.S)
    assert found, "no error on the page"
    return html.unescape(found.group(1))


def notice(response: Response) -> str:
    found = re.search(
        r'class="card mo-notice mo-notice-done" role="status">(.*?)</p>', response.text
    )
    assert found, "no notice on the page"
    return html.unescape(found.group(1))


def checkin(web: TestClient, said: str, warmth: str, happened: str = "Dinner") -> None:
    data = {"happened": happened, "said": said, "warmth": warmth, "openness": "0"}
    posted = web.post("/journal/new", data=data, follow_redirects=False)
    assert posted.status_code == 303, posted.text[:300]


def three_checkins(web: TestClient) -> None:
    checkin(web, WARM, "2")
    checkin(web, WARM, "1", happened="Walk")
    checkin(web, PUSHY, "-1", happened="Argument")


def upload_token(response: Response) -> str:
    found = re.search(r'name="upload" value="([^"]+)"', response.text)
    assert found, "no waiting upload on the page"
    return found.group(1)


def waiting_uploads(home: Path) -> list[Path]:
    where = home / "uploads"
    return list(where.iterdir()) if where.exists() else []


def import_chat(web: TestClient) -> int:
    """The WhatsApp fixture through the page's two steps; returns the chat's id."""
    asked = web.post("/chats/upload", files={"file": (CHAT.name, CHAT.read_bytes(), "text/plain")})
    assert asked.status_code == 200, asked.text[:300]
    done = web.post(
        "/chats/continue",
        data={"upload": upload_token(asked), "me": "Lena"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text[:300]
    found = re.fullmatch(r"/chats/(\d+)\?(.*)", done.headers["location"])
    assert found, done.headers["location"]
    return int(found.group(1))


def lock_now(web: TestClient) -> None:
    assert web.post("/api/v1/lock/now").status_code == 200


def unlock(web: TestClient, passphrase: str, next_path: str = "") -> Response:
    opened = web.post(
        "/unlock", data={"passphrase": passphrase, "next": next_path}, follow_redirects=False
    )
    with_csrf(web)  # an unlock starts a new session, with a new token
    return opened


def today_of(web: TestClient) -> date:
    """Her journal's today, as the server sees it."""
    return date.fromisoformat(web.get("/api/v1/progress").json()["today"])


def counts(web: TestClient) -> dict[str, Any]:
    checkins = web.get("/api/v1/checkins").json()
    chats = web.get("/api/v1/chats").json()
    return {
        "checkins": sorted(c["said"] for c in checkins),
        "chats": [(c["him"], c["me"], c["messages"]) for c in chats],
        "preferences": web.get("/api/v1/preferences").json(),
    }


# -- Progress -------------------------------------------------------------------------------


def test_progress_first_time_says_to_start_with_a_check_in(web: TestClient) -> None:
    page = web.get("/progress")
    assert page.status_code == 200
    words = text_of(page)
    assert "Your progress starts with one check-in" in words
    assert 'href="/today"' in page.text and 'href="/check"' in page.text
    assert 'href="/chats"' in page.text
    # No chart of nothing, no bars of nothing.
    assert "/progress/chart.svg" not in page.text and "mo-ratio-bars" not in page.text
    # The weekly review is still there and says what will fill it.
    assert "Nothing marked warm yet this week" in words
    assert "Too early to compare with last week" in words
    assert "The moment that pulled most None yet" in words
    assert title_of(page) == "Progress · drawcloser"


def test_progress_after_check_ins_shows_the_figures_the_chart_and_the_review(
    web: TestClient,
) -> None:
    three_checkins(web)
    figures = web.get("/api/v1/progress").json()["weeks"][-1]
    assert (figures["pull"], figures["push"], figures["checkins"]) == (2, 2, 3)
    page = web.get("/progress")
    words = text_of(page)
    assert "Your progress starts" not in words
    assert f"Pull : push this week {figures['ratio_text']} 2 pull, 2 push · aim for 5 : 1" in words
    assert "Steady days in a row 1 best 1" in words
    assert "this week +0.7" in words  # warmth (2 + 1 − 1) / 3
    assert "2 pull, 2 push, below 5 : 1" in words  # the bar's words for a screen reader
    assert re.search(r'<img class="mo-chart-img" src="/progress/chart.svg\?theme=light"', page.text)
    assert 'srcset="/progress/chart.svg?theme=dark"' in page.text
    # The review: what went well, this week's ratio, the moment that pulled most.
    review = page.text.split('id="review"', 1)[1]
    went_well = re.findall(r"<li>(.*?)</li>", review.split("mo-went-well", 1)[1].split("</ul>")[0])
    assert any("Dinner" in item for item in went_well), went_well
    assert not any("Argument" in item for item in went_well), went_well
    assert f"This week <strong>{figures['ratio_text']}</strong> (2 pull, 2 push)" in review
    moment = re.search(r'<blockquote class="mo-moment">\s*<p>(.*?)</p>', review, re.S)
    assert moment and html.unescape(moment.group(1)) == WARM


def test_progress_chart_is_an_svg_of_her_figures(web: TestClient) -> None:
    checkin(web, WARM, "2")
    light = web.get("/progress/chart.svg")
    assert light.status_code == 200
    assert light.headers["content-type"] == "image/svg+xml"
    assert light.text.lstrip().startswith("<?xml") and "<svg" in light.text
    assert light.text.rstrip().endswith("</svg>")
    for words in ("Steady days in a row: 1 (best 1)", "Pull : push per week", "Needs met"):
        assert words in light.text, words
    dark = web.get("/progress/chart.svg?theme=dark")
    assert dark.status_code == 200 and "#e8e4de" in dark.text and "#e8e4de" not in light.text
    assert web.get("/progress/chart.svg?weeks=26").status_code == 200
    for bad in ("weeks=0", "weeks=27", "theme=pink"):
        assert web.get(f"/progress/chart.svg?{bad}").status_code == 422, bad


def test_progress_week_picker_reviews_an_earlier_week(web: TestClient) -> None:
    today = today_of(web)
    this_monday = today - timedelta(days=today.weekday())
    last_monday = this_monday - timedelta(weeks=1)
    page = web.get(f"/progress?week={(last_monday + timedelta(days=3)).isoformat()}")
    assert page.status_code == 200
    assert f'<option value="{last_monday.isoformat()}" selected>' in page.text
    sunday = last_monday + timedelta(days=6)
    heading = f"Your week, {last_monday:%-d %b} – {sunday:%-d %b}"
    assert heading in text_of(page)
    assert f'href="/progress?week={this_monday.isoformat()}#review"' in page.text  # Later
    # This week has nothing later to go to.
    current = web.get("/progress")
    assert f'<option value="{this_monday.isoformat()}" selected>This week</option>' in current.text
    assert "Later" not in text_of(current)
    # A week beyond the picker's reach is added to it, selected.
    old = this_monday - timedelta(weeks=30)
    far = web.get(f"/progress?week={old.isoformat()}")
    assert f'<option value="{old.isoformat()}" selected>' in far.text


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("last tuesday", messages.MORE_BAD_DATE.format(value="last tuesday")),
        ("2999-01-01", messages.MORE_FUTURE_WEEK),
    ],
)
def test_progress_bad_week_says_what_is_wrong(web: TestClient, week: str, message: str) -> None:
    page = web.get("/progress", params={"week": week})
    assert page.status_code == 400
    assert message in text_of(page)


def test_api_progress_and_review(web: TestClient) -> None:
    empty = web.get("/api/v1/progress").json()
    assert empty["streak"] == {"current": 0, "best": 0, "today_counted": False}
    assert all(w["pull"] == w["push"] == 0 for w in empty["weeks"])
    assert web.get("/api/v1/review").json()["moment_that_pulled_most"] is None

    three_checkins(web)
    p = web.get("/api/v1/progress", params={"weeks": 2}).json()
    assert len(p["weeks"]) == 2
    assert p["streak"]["current"] == 1 and p["streak"]["today_counted"] is True
    week = p["weeks"][-1]
    assert (week["pull"], week["push"], week["ratio"], week["meets_reference"]) == (
        2,
        2,
        1.0,
        False,
    )
    assert week["warmth"] == pytest.approx(0.67, abs=0.01)
    review = web.get("/api/v1/review").json()
    assert review["week"] == week
    assert review["moment_that_pulled_most"]["text"] == WARM
    assert review["moment_that_pulled_most"]["source"] == "check-in"
    # An earlier week: nothing in it.
    monday = date.fromisoformat(week["start"])
    earlier = web.get("/api/v1/review", params={"date": str(monday - timedelta(days=3))}).json()
    assert earlier["week"]["start"] == str(monday - timedelta(weeks=1))
    assert earlier["week"]["pull"] == 0 and earlier["moment_that_pulled_most"] is None
    # As of an earlier day, this week's check-ins are not counted yet.
    before = web.get("/api/v1/progress", params={"date": str(monday - timedelta(days=1))}).json()
    assert before["streak"]["best"] == 0 and before["weeks"][-1]["pull"] == 0


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/api/v1/progress?date=2999-01-01", messages.MORE_FUTURE_WEEK),
        ("/api/v1/review?date=2999-01-01", messages.MORE_FUTURE_WEEK),
        ("/api/v1/progress?date=yesterday", '"date"'),
        ("/api/v1/progress?weeks=0", '"weeks"'),
        ("/api/v1/progress?weeks=105", '"weeks"'),
    ],
)
def test_api_progress_bad_parameters_are_422(web: TestClient, path: str, needle: str) -> None:
    answer = web.get(path)
    assert answer.status_code == 422
    assert needle in answer.json()["error"]


# -- Chats ----------------------------------------------------------------------------------


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
    assert f'src="/chats/{chat_id}/chart.svg"' in report.text
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
    assert page_alert(again) == messages.MORE_CHAT_PICK_AGAIN
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
    assert page_alert(late) == messages.MORE_UPLOAD_EXPIRED
    assert web.get("/api/v1/chats").json() == []


@pytest.mark.parametrize("token", ["", "../../journal.db", "x" * 30])
def test_chat_continue_with_no_such_upload_says_to_choose_again(
    web: TestClient, token: str
) -> None:
    late = web.post("/chats/continue", data={"upload": token, "me": "Lena"})
    assert late.status_code == 410
    assert page_alert(late) == messages.MORE_UPLOAD_EXPIRED


def test_chat_upload_keeps_only_the_files_own_name(web: TestClient, tmp_path: Path) -> None:
    asked = web.post(
        "/chats/upload",
        files={"file": ("../../../etc/WhatsApp Chat.txt", CHAT.read_bytes(), "text/plain")},
    )
    assert asked.status_code == 200
    assert '<p class="lede">WhatsApp Chat.txt</p>' in asked.text
    [kept] = waiting_uploads(tmp_path)
    assert [p.name for p in kept.iterdir()] == ["WhatsApp Chat.txt"]


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
        assert page_alert(page) == messages.MORE_CHAT_NO_FILE
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
    assert wrong.status_code == 422 and page_alert(wrong) == messages.MORE_CHAT_PICK_AGAIN
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
    assert notice(listing) == messages.MORE_CHAT_DELETED.format(him="Sam")
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
    assert answer.json() == {"error": messages.MORE_CHAT_UNKNOWN.format(id=999)}


def test_api_chat_import_report_and_delete(web: TestClient, tmp_path: Path) -> None:
    def send(**data: str) -> Response:
        files = {"file": (CHAT.name, CHAT.read_bytes(), "text/plain")}
        return web.post("/api/v1/chats", files=files, data=data)

    who = send()
    assert who.status_code == 422
    assert who.json() == {
        "error": messages.MORE_API_WHO_IS_ME.format(names="Lena, Sam"),
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
    assert notice(web.get("/settings?done=discreet-off")) == messages.MORE_DISCREET_OFF
    assert notice(web.get("/settings?done=nothing")) == messages.MORE_IMPORT_CANCELLED
    assert "mo-notice-done" not in web.get("/settings?done=whatever").text


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
    assert notice(page) == messages.MORE_LOCK_DONE
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
    assert locked.status_code == 200 and locked.json() == {"message": messages.MORE_LOCK_DONE}
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
    assert now.status_code == 200 and now.json() == {"message": messages.MORE_LOCKED_NOW}
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
    assert again.status_code == 422 and alert(again, "lock") == messages.MORE_LOCK_ALREADY
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
    assert bad.status_code == 422 and alert(bad, "discreet") == messages.MORE_DISCREET_CHOICE
    on = web.post("/settings/discreet", data={"discreet": "on"}, follow_redirects=False)
    assert on.headers["location"] == "/settings?done=discreet-on#discreet-on"
    settings = web.get(on.headers["location"])
    assert notice(settings) == messages.MORE_DISCREET_ON
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
    assert f"SUMMARY:{messages.MORE_REMINDER_SUMMARY}" in lines
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
    assert alert(refused, "delete") == messages.MORE_DELETE_CONFIRM.format(word="DELETE")
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
    assert alert(refused, "import") == messages.MORE_IMPORT_NOT_EMPTY
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
    assert late.status_code == 410 and alert(late, "import") == messages.MORE_UPLOAD_EXPIRED

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
        ({}, messages.MORE_IMPORT_NO_FILE),
        (
            {"file": (CHAT.name, CHAT.read_bytes(), "text/plain")},
            messages.IMPORT_NOT_EXPORT.format(path=CHAT.name) + " " + messages.MORE_IMPORT_CHATS,
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
    assert not_empty.json() == {"error": messages.MORE_API_IMPORT_NOT_EMPTY}

    for body in ({"confirm": "delete"}, {"confirm": "DELETE please"}):
        refused = web.post("/api/v1/delete-all", json=body)
        assert refused.status_code == 422
        assert refused.json() == {"error": messages.MORE_DELETE_CONFIRM.format(word="DELETE")}
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
