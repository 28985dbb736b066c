"""Two people on one server: nothing of B's ever reaches A.

B writes one of everything (a check-in, something to remember, her own action and its log,
an imported chat). Then A calls EVERY route the app has — found by walking app.routes, so a
route added later is covered without touching this file — with B's ids in the path, by every
method the route takes. Routes that name B's things must answer 403/404; no answer may show
B's words or be a 500; afterwards B's things are all still there, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from drawcloser.chats import store as chat_store
from drawcloser.practice import actions, checkins, remember
from drawcloser.web.session import COOKIE
from tests.web.server_helpers import api_routes, browser, journal_of, server_app, sign_up

# Words only B ever wrote: if one shows up in an answer to A, B's data leaked.
B_MARKS = (
    "Quillfeather",
    "lanterns along the quay",
    "plum jam on the windowsill",
    "folded a paper crane",
    "Beatrix",
)
B_CHAT = """\
3/14/26, 7:02 PM - Beatrix: Shall we walk to the lanterns along the quay tonight?
3/14/26, 7:05 PM - Quillfeather: Only if we stop for chestnuts on the way
3/14/26, 7:06 PM - Beatrix: Deal. I will bring the plum jam on the windowsill for later
3/14/26, 7:30 PM - Quillfeather: Leaving the office now
"""
PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")
WRITES = ("POST", "PUT", "PATCH", "DELETE")
# Bodies that get past validation where a route takes JSON, so the ownership check is reached.
JSON_BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/checkins/{entry_id}": {"warmth": 2},
    "/api/v1/remember/{item_id}": {"text": "A rewrote this"},
    "/api/v1/actions/{key}/hidden": {"hidden": True},
}
FORM_DATA = {
    "text": "A rewrote this",
    "happened": "A rewrote this",
    "warmth": "1",
    "openness": "1",
    "kind": "memory",
    "hidden": "true",
}


@dataclass
class World:
    app: FastAPI
    a_cookie: str
    a_token: str
    b_cookie: str
    b_token: str
    ids: dict[str, str]


def _session_of(client: TestClient) -> tuple[str, str]:
    cookie = client.cookies.get(COOKIE)
    assert cookie
    return cookie, client.headers["X-CSRF-Token"]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    home = tmp_path_factory.mktemp("isolation-home")
    app = server_app(home)
    with browser(app) as a, browser(app) as b:
        sign_up(a, "Alma")
        sign_up(b, "Beatrix")
        a_cookie, a_token = _session_of(a)
        b_cookie, b_token = _session_of(b)
    j = journal_of(app, "Beatrix")
    entry = checkins.add(
        j,
        warmth=1,
        openness=2,
        happened="We folded a paper crane for Quillfeather",
        said="You always find the lanterns along the quay",
        response="He smiled",
        tags=["Quillfeather"],
    ).entry
    item = remember.add(j, "memory", "The plum jam on the windowsill, for Quillfeather")
    own = actions.add_own(j, "Leave a note about the lanterns along the quay", ["seen"], "minute")
    actions.log(j, "done", key=own.key, response="Quillfeather laughed")
    chat_file = home / "WhatsApp Chat with Quillfeather.txt"
    chat_file.write_text(B_CHAT, encoding="utf-8")
    plan = chat_store.plan(chat_file)
    chat = chat_store.import_chat(j, plan, "Beatrix", "Quillfeather").chat
    ids = {
        "entry_id": str(entry.id),
        "item_id": str(item.id),
        "key": own.key,
        "chat_id": str(chat.id),
        "id": str(entry.id),
    }
    yield World(app, a_cookie, a_token, b_cookie, b_token, ids)


def _fill(path: str, ids: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in ids, f"{path}: no B id for {{{name}}}; add one to the world fixture"
        return ids[name]

    return PARAM.sub(one, path)


def _request(
    client: TestClient, method: str, route_path: str, url: str, cookie: str, token: str
) -> Any:
    client.cookies.clear()  # every request with exactly this person's cookie
    headers = {"Cookie": f"{COOKIE}={cookie}", "X-CSRF-Token": token}
    if method == "GET":
        return client.get(url, headers=headers)
    if url.startswith("/api/"):
        body = JSON_BODIES.get(route_path, {"text": "A rewrote this"})
        return client.request(method, url, json=body, headers=headers)
    return client.request(method, url, data={**FORM_DATA, "csrf": token}, headers=headers)


def _b_still_has_everything(world: World) -> None:
    j = journal_of(world.app, "Beatrix")
    entry = checkins.get(j, int(world.ids["entry_id"]))
    assert entry.happened == "We folded a paper crane for Quillfeather"
    assert entry.warmth == 1
    items = remember.items(j)
    assert [i.text for i in items] == ["The plum jam on the windowsill, for Quillfeather"]
    own = actions.find(j, world.ids["key"])
    assert own.text == "Leave a note about the lanterns along the quay"
    assert [h.key for h in actions.history(j)] == [world.ids["key"]]
    assert chat_store.get_chat(j, int(world.ids["chat_id"])).messages == 4


def test_b_sees_her_own_things(world: World) -> None:
    """The ids are B's and the routes find them for B (so A's 404s below mean something)."""
    with browser(world.app) as b:
        for url in (
            f"/journal/{world.ids['entry_id']}",
            f"/api/v1/checkins/{world.ids['entry_id']}",
            f"/api/v1/remember/{world.ids['item_id']}",
            f"/chats/{world.ids['chat_id']}",
            f"/api/v1/chats/{world.ids['chat_id']}",
        ):
            response = _request(b, "GET", url, url, world.b_cookie, world.b_token)
            assert response.status_code == 200, url
            assert any(mark in response.text for mark in B_MARKS), url


def test_a_reaches_nothing_of_b_on_any_route(world: World) -> None:
    routes = [(path, methods) for path, methods in api_routes(world.app)]
    assert len(routes) > 20
    problems: list[str] = []
    tried = 0
    with browser(world.app) as a:
        for route_path, methods in routes:
            names_b = bool(PARAM.search(route_path))
            url = _fill(route_path, world.ids)
            for method in sorted(methods - {"HEAD", "OPTIONS"}):
                response = _request(a, method, route_path, url, world.a_cookie, world.a_token)
                tried += 1
                where = f"{method} {url} -> {response.status_code}"
                if response.status_code >= 500:
                    problems.append(f"{where}: server error")
                leaked = [m for m in B_MARKS if m in response.text]
                if leaked:
                    problems.append(f"{where}: shows {leaked}")
                if names_b:
                    allowed = {403, 404} if method == "GET" else {403, 404, 422}
                    if response.status_code not in allowed:
                        problems.append(f"{where}: expected one of {sorted(allowed)}")
    assert not problems, "\n".join(problems)
    assert tried >= len(routes)
    _b_still_has_everything(world)


def test_nobody_signed_in_reaches_nothing_either(world: World) -> None:
    with browser(world.app) as stranger:
        for route_path, methods in api_routes(world.app):
            url = _fill(route_path, world.ids)
            for method in sorted(methods - {"HEAD", "OPTIONS"}):
                stranger.cookies.clear()
                if method == "GET":
                    response = stranger.get(url)
                else:
                    response = stranger.request(method, url, data=FORM_DATA)
                assert response.status_code < 500, f"{method} {url}"
                assert not [m for m in B_MARKS if m in response.text], f"{method} {url}"
    _b_still_has_everything(world)
