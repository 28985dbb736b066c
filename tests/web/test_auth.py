"""Accounts in server mode: sign up, sign in, sign out, the session cookie, the rate limit,
her account page, and the answers to "sign in first" and "unlock first"."""

from __future__ import annotations

import html
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import Depends, FastAPI

from drawcloser import messages
from drawcloser.practice import lock
from drawcloser.practice.journal import Journal
from drawcloser.store import accounts, vault
from drawcloser.web import deps
from drawcloser.web.session import COOKIE
from tests.web.server_helpers import (
    FAST_KDF,
    LOCAL,
    PASSWORD,
    browser,
    form_token,
    journal_of,
    local_app,
    server_app,
    sign_in,
    sign_up,
    token_of,
)


def _journal_probe(app: FastAPI) -> None:
    """A page and an API route that need her journal, as every journal route does."""

    def page(j: Annotated[Journal, Depends(deps.journal)]) -> dict[str, int]:
        return {"owner": j.owner_id}

    app.add_api_route("/probe", page, include_in_schema=False)
    app.add_api_route("/api/v1/probe", page, include_in_schema=False)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    made = server_app(tmp_path_factory.mktemp("auth-home"))
    _journal_probe(made)
    return made


def _cookie(response_header: str) -> SimpleCookie:
    jar: SimpleCookie = SimpleCookie()
    jar.load(response_header)
    return jar


def test_signed_out_pages_show_no_tabs_that_would_lead_back_to_them(app: FastAPI) -> None:
    with browser(app) as client:
        for path in ("/signin", "/signup"):
            page = client.get(path).text
            assert 'class="tabs"' not in page and 'class="settings-link"' not in page
        sign_up(client, "Saoirse")
        assert 'class="tabs"' in client.get("/today").text


def test_sign_up_signs_her_in_with_a_safe_cookie(app: FastAPI) -> None:
    with browser(app) as client:
        token = form_token(client.get("/signup").text)
        response = client.post(
            "/signup",
            data={"name": "Maren", "password": PASSWORD, "again": PASSWORD, "csrf": token},
        )
        assert response.status_code == 303 and response.headers["location"] == "/"
        header = response.headers["set-cookie"]
        morsel = _cookie(header)[COOKIE]
        assert morsel["httponly"] and morsel["secure"]
        assert morsel["samesite"].lower() == "lax"
        assert int(morsel["max-age"]) > 0
        page = client.get("/account")
        assert page.status_code == 200 and "Maren" in page.text
        assert 'class="session-name"' in page.text and 'action="/signout"' in page.text


def test_local_mode_cookie_is_not_secure_and_has_no_account_pages(tmp_path: Path) -> None:
    app = local_app(tmp_path)
    with browser(app, LOCAL) as client:
        header = client.get("/check").headers["set-cookie"]
        morsel = _cookie(header)[COOKIE]
        assert morsel["httponly"] and not morsel["secure"]
        assert morsel["samesite"].lower() == "lax"
        assert not morsel["max-age"]  # gone when the browser closes
        token = token_of(client)
        for path in ("/signup", "/signin", "/account"):
            assert client.get(path).status_code == 404, path
        for path in ("/signup", "/signin", "/signout", "/account/password", "/account/delete"):
            assert client.post(path, data={"csrf": token}).status_code == 404, path
        assert 'action="/signout"' not in client.get("/check").text


def test_sign_up_refuses_what_would_not_work(app: FastAPI) -> None:
    with browser(app) as client:
        token = form_token(client.get("/signup").text)
        cases = [
            ({"name": "Ines", "password": "short", "again": "short"}, "at least"),
            ({"name": "Ines", "password": PASSWORD, "again": PASSWORD + "x"}, "differ"),
            ({"name": "  ", "password": PASSWORD, "again": PASSWORD}, "Choose a name"),
        ]
        for data, words in cases:
            page = client.post("/signup", data={**data, "csrf": token})
            assert page.status_code == 400 and words in html.unescape(page.text), data
        sign_up(client, "Ines")
    with browser(app) as other:
        token = form_token(other.get("/signup").text)
        page = other.post(
            "/signup", data={"name": "INES", "password": PASSWORD, "again": PASSWORD, "csrf": token}
        )
        assert page.status_code == 400 and messages.ACCOUNT_TAKEN in html.unescape(page.text)


def test_sign_in_rotates_the_session_and_wrong_passwords_are_refused(app: FastAPI) -> None:
    with browser(app) as client:
        sign_up(client, "Odile")
    with browser(app) as client:
        page = client.get("/signin?next=/account")
        before = client.cookies.get(COOKIE)
        old_token = form_token(page.text)
        wrong = client.post(
            "/signin", data={"name": "Odile", "password": "not the one at all", "csrf": old_token}
        )
        assert wrong.status_code == 400
        assert html.escape(messages.ACCOUNT_WRONG) in wrong.text
        assert client.get("/account").status_code == 303  # still nobody
        right = client.post(
            "/signin",
            data={"name": "odile", "password": PASSWORD, "csrf": old_token, "next": "/account"},
        )
        assert right.status_code == 303 and right.headers["location"] == "/account"
        assert client.cookies.get(COOKIE) != before
        # The token from before signing in is worth nothing now.
        stale = client.post("/account/delete", data={"confirm": "Odile", "csrf": old_token})
        assert stale.status_code == 403
        assert client.get("/account").status_code == 200


def test_next_never_leads_to_another_site(app: FastAPI) -> None:
    with browser(app) as client:
        sign_up(client, "Pia")
        client.post("/signout", data={"csrf": token_of(client)})
        for evil in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
            token = form_token(client.get("/signin").text)
            response = client.post(
                "/signin", data={"name": "Pia", "password": PASSWORD, "csrf": token, "next": evil}
            )
            assert response.headers["location"] == "/", evil
            client.post("/signout", data={"csrf": token_of(client)})


def test_too_many_wrong_passwords_slow_her_down_even_with_the_right_one(app: FastAPI) -> None:
    with browser(app) as client:
        sign_up(client, "Quinn")
    with browser(app) as client:
        for _ in range(accounts.MAX_PER_NAME):
            assert sign_in(client, "Quinn", "wrong wrong wrong") == 400
        token = form_token(client.get("/signin").text)
        page = client.post("/signin", data={"name": "Quinn", "password": PASSWORD, "csrf": token})
        assert page.status_code == 429
        assert "Too many attempts" in page.text
        assert client.get("/account").status_code == 303


def test_sign_out_forgets_her(app: FastAPI) -> None:
    with browser(app) as client:
        sign_up(client, "Rosa")
        response = client.post("/signout", data={"csrf": token_of(client)})
        assert response.status_code == 303 and response.headers["location"].startswith("/signin")
        assert messages.ACCOUNT_SIGNED_OUT in client.get(response.headers["location"]).text
        assert client.get("/account").status_code == 303


def test_pages_send_her_to_sign_in_and_the_api_answers_401(app: FastAPI) -> None:
    with browser(app) as client:
        page = client.get("/probe?x=1")
        assert page.status_code == 303
        assert page.headers["location"] == "/signin?next=/probe%3Fx%3D1"
        api = client.get("/api/v1/probe")
        assert api.status_code == 401 and api.json() == {"error": messages.WEB_NEED_SIGN_IN}
        htmx = client.get("/probe", headers={"HX-Request": "true"})
        assert htmx.headers["hx-redirect"].startswith("/signin")


def test_a_locked_journal_asks_for_the_passphrase(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vault, "DEFAULT_KDF", FAST_KDF)
    with browser(app) as client:
        sign_up(client, "Sana")
        lock.lock(journal_of(app, "Sana"), "river stones and moss")
        page = client.get("/probe")
        assert page.status_code == 303 and page.headers["location"] == "/unlock?next=/probe"
        api = client.get("/api/v1/probe")
        assert api.status_code == 423 and api.json() == {"error": messages.WEB_NEED_UNLOCK}
        token = form_token(client.get("/unlock?next=/probe").text)
        wrong = client.post(
            "/unlock", data={"passphrase": "not it", "next": "/probe", "csrf": token}
        )
        assert wrong.status_code == 403
        assert html.escape(messages.JOURNAL_WRONG_PASSPHRASE) in wrong.text
        empty = client.post("/unlock", data={"passphrase": "", "csrf": token})
        assert empty.status_code == 400
        right = client.post(
            "/unlock", data={"passphrase": "river stones and moss", "next": "/probe", "csrf": token}
        )
        assert right.status_code == 303 and right.headers["location"] == "/probe"
        assert client.get("/probe").status_code == 200
        assert 'action="/lock"' in client.get("/account").text
        locked = client.post("/lock", data={"csrf": token_of(client)})
        assert locked.headers["location"] == "/unlock?done=locked"
        assert client.get("/probe").status_code == 303


def test_she_changes_her_password(app: FastAPI) -> None:
    with browser(app) as client:
        sign_up(client, "Tove")
        token = form_token(client.get("/account").text)
        new = "a different walk by the sea"
        wrong = client.post(
            "/account/password",
            data={"current": "not mine at all", "password": new, "again": new, "csrf": token},
        )
        assert wrong.status_code == 400 and messages.ACCOUNT_CURRENT_WRONG in wrong.text
        done = client.post(
            "/account/password",
            data={"current": PASSWORD, "password": new, "again": new, "csrf": token},
        )
        assert done.status_code == 303
        assert messages.ACCOUNT_PASSWORD_CHANGED in client.get(done.headers["location"]).text
    with browser(app) as client:
        assert sign_in(client, "Tove") == 400
        assert sign_in(client, "Tove", new) == 303


def test_deleting_her_account_needs_her_name_typed(app: FastAPI) -> None:
    with browser(app) as client:
        sign_up(client, "Uma")
        token = form_token(client.get("/account").text)
        kept = client.post("/account/delete", data={"confirm": "yes", "csrf": token})
        assert kept.status_code == 400 and "Nothing was deleted" in kept.text
        gone = client.post("/account/delete", data={"confirm": " uma ", "csrf": token})
        assert gone.status_code == 303
        assert messages.ACCOUNT_DELETED in client.get(gone.headers["location"]).text
        assert client.get("/account").status_code == 303
    with browser(app) as client:
        assert sign_in(client, "Uma") == 400


def test_an_old_cookie_does_not_open_a_new_account_with_the_same_id(app: FastAPI) -> None:
    with browser(app) as first:
        sign_up(first, "Vera")
        old_cookie = first.cookies.get(COOKIE)
        uid = first.get("/probe").json()["owner"]
        accounts.delete_account(app.state.db, uid)
    with browser(app) as second:
        sign_up(second, "Wanda")
        assert second.get("/probe").json()["owner"] == uid  # SQLite gave the id again
    with browser(app) as stale:
        planted = {"Cookie": f"{COOKIE}={old_cookie}"}
        assert stale.get("/probe", headers=planted).status_code == 303
        assert stale.get("/api/v1/probe", headers=planted).status_code == 401


def test_the_session_api_gives_scripts_their_token(app: FastAPI) -> None:
    with browser(app) as client:
        data = client.get("/api/v1/session").json()
        assert data["server_mode"] is True and data["name"] is None
        assert data["csrf"] and client.cookies.get(COOKIE)
        sign_up(client, "Xenia")
        assert client.get("/api/v1/session").json()["name"] == "Xenia"
