"""What the tests of the Progress, Chats and Settings pages share: a chat export to import,
check-ins to write, and how to read a notice, a waiting upload or a title off a page."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response

WARM = "Thank you for cooking dinner tonight, it was lovely."
PUSHY = "You never listen to me. We need to talk tonight."
CHAT = Path(__file__).parent / "fixtures" / "WhatsApp Chat with Sam.txt"


def title_of(response: Response) -> str:
    found = re.findall(r"<title>(.*?)</title>", response.text, re.S)
    assert len(found) == 1, found
    return html.unescape(found[0])


def notice(response: Response) -> str:
    found = re.search(r'class="notice notice-ok" role="status">(.*?)</p>', response.text)
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


def today_of(web: TestClient) -> date:
    """Her journal's today, as the server sees it."""
    return date.fromisoformat(web.get("/api/v1/progress").json()["today"])
