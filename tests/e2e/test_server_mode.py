"""Server mode and the unlock screen in a real browser, phone-sized.

Server mode: sign up, sign out, sign in; a second person does not see the first one's
journal. Local mode: a locked journal sends her to /unlock, a wrong passphrase is refused
calmly, the right one opens the page she wanted, and "Lock" closes it again. Each runs on
its own server (its own home), so locking here never touches the other browser tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from drawcloser import config
from drawcloser.practice import checkins, lock
from drawcloser.practice.journal import Journal
from drawcloser.web.app import create_app
from tests.e2e.conftest import Watch, axe_violations, phone_page, serve_app
from tests.web.server_helpers import FAST_KDF, journal_of

PASSWORD = "a long walk by the river"
PASSPHRASE = "moss on the north wall"
A_WORDS = "We shared a pear on the bench by the ferry"


def _app(home: Path, *, server_mode: bool) -> FastAPI:
    settings = config.Settings(home=home, engine="fast", help_file=None)
    return create_app(settings, engine="fast", server_mode=server_mode)


@pytest.fixture(scope="module")
def server_app(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> FastAPI:
    return _app(tmp_path_factory.mktemp("e2e-server"), server_mode=True)


@pytest.fixture(scope="module")
def server_url(server_app: FastAPI) -> Iterator[str]:
    # localhost: Chromium keeps Secure cookies on it without TLS, as behind a proxy.
    with serve_app(server_app, "localhost") as url:
        yield url


@pytest.fixture(scope="module")
def local_app(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> FastAPI:
    return _app(tmp_path_factory.mktemp("e2e-local"), server_mode=False)


@pytest.fixture(scope="module")
def local_url(local_app: FastAPI) -> Iterator[str]:
    with serve_app(local_app, "localhost") as url:
        yield url


def _page(browser: Any, base: str, dark: bool = False) -> tuple[Any, Any, Watch]:
    watch = Watch(base)
    page = phone_page(browser, base, watch, dark=dark)
    return page.context, page, watch


def _forget_expected_error(watch: Watch) -> None:
    """A refused form comes back with a 4xx status, which Chromium logs; that one is meant."""
    watch.problems[:] = [
        p for p in watch.problems if "the server responded with a status of 4" not in p
    ]


def _sign_up(page: Any, name: str) -> None:
    page.goto("/signup")
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.fill("#again", PASSWORD)
    page.click("button[type=submit]:has-text('Create account')")
    page.wait_for_url(lambda url: "/signup" not in url)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_account_pages_pass_axe(browser: Any, server_url: str, dark: bool) -> None:
    context, page, watch = _page(browser, server_url, dark)
    try:
        for path in ("/signup", "/signin"):
            page.goto(path)
            assert not axe_violations(page), f"{path} ({'dark' if dark else 'light'})"
        _sign_up(page, f"Axe {'dark' if dark else 'light'}")
        page.goto("/account")
        assert page.locator(".session-name").is_visible()
        assert not axe_violations(page), "/account"
        page.click("#confirm")
        page.fill("#confirm", "not my name")
        page.click("button:has-text('Delete my account')")
        page.locator(".notice-error").wait_for()
        assert not axe_violations(page), "/account with an error"
        _forget_expected_error(watch)
        assert not watch.problems, watch.problems
    finally:
        context.close()


def test_sign_up_out_in_and_a_second_person_sees_nothing(
    browser: Any, server_url: str, server_app: FastAPI
) -> None:
    context, page, watch = _page(browser, server_url)
    try:
        _sign_up(page, "Alma")
        assert page.locator(".session-name").inner_text().strip() == "Alma"
        j: Journal = journal_of(server_app, "Alma")
        entry = checkins.add(j, warmth=2, openness=1, happened=A_WORDS).entry
        page.goto("/journal")
        assert A_WORDS in page.content()
        page.click(".session-name")  # her menu: her account, sign out
        assert page.locator(".session-who").inner_text() == "Signed in as Alma"
        assert not axe_violations(page), "the open session menu"
        page.click(".session-panel button:has-text('Sign out')")
        page.wait_for_url("**/signin?done=signed-out")
        assert page.get_by_text("You are signed out.").is_visible()
        page.goto("/journal")
        assert "/signin?next=/journal" in page.url
        page.fill("#name", "Alma")
        page.fill("#password", "not the right one")
        page.click("main button[type=submit]")
        page.locator(".notice-error").wait_for()
        _forget_expected_error(watch)
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/journal")
        assert A_WORDS in page.content()
        assert not watch.problems, watch.problems
    finally:
        context.close()

    context, page, watch = _page(browser, server_url)
    try:
        _sign_up(page, "Bea")
        page.goto("/journal")
        assert A_WORDS not in page.content()
        response = page.goto(f"/journal/{entry.id}")
        assert response is not None and response.status == 404
        assert A_WORDS not in page.content()
        _forget_expected_error(watch)  # the 404
        assert not watch.problems, watch.problems
    finally:
        context.close()


def test_unlock_then_lock_in_local_mode(browser: Any, local_url: str, local_app: FastAPI) -> None:
    db = local_app.state.db
    j = Journal(db, local_app.state.local_owner)
    checkins.add(j, warmth=1, openness=1, happened=A_WORDS)
    lock.lock(j, PASSPHRASE, FAST_KDF)
    context, page, watch = _page(browser, local_url)
    try:
        page.goto("/journal")
        assert "/unlock?next=/journal" in page.url
        assert page.locator("h1").inner_text() == "Unlock your journal"
        assert not axe_violations(page), "unlock"
        page.fill("#passphrase", "moss on the south wall")
        page.click("main button[type=submit]")
        error = page.locator(".notice-error")
        error.wait_for()  # the page comes back with the message (a click does not wait)
        assert "does not open your journal" in error.inner_text()
        assert not axe_violations(page), "unlock with an error"
        _forget_expected_error(watch)
        page.fill("#passphrase", PASSPHRASE)
        page.click("main button[type=submit]")
        page.wait_for_url("**/journal")
        assert A_WORDS in page.content()
        page.click(".session-bar button:has-text('Lock')")
        page.wait_for_url("**/unlock?done=locked")
        page.locator(".notice-ok").wait_for()
        page.goto("/journal")
        assert "/unlock" in page.url and A_WORDS not in page.content()
        assert not watch.problems, watch.problems
    finally:
        context.close()
