"""The daily practice in a real browser, phone-sized, as a first-time user meets it.

First run → today's action → a check-in → the journal → remember → actions → a chat
import → the progress chart; every page passes axe (light and dark); export → delete
everything → import brings it all back. The run saves the screenshots the README and
docs/web.md use. One server with its own journal for this module, so nothing here
depends on (or disturbs) the other browser tests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, Watch, axe_violations, phone_page, serve

FIXTURES = ROOT / "tests" / "web" / "fixtures"
CHAT = FIXTURES / "WhatsApp Chat with Sam.txt"
HAPPENED = "He fixed the gate and showed me how the latch works"
SAID = "Thank you for fixing the gate, it looks lovely."
QUALITY = "The way he hums while he cooks"
PAGES = ("/today", "/journal", "/journal/new", "/remember", "/actions", "/progress", "/chats",
         "/settings")  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("e2e-practice")) as url:
        yield url


@pytest.fixture
def watched(base: str) -> Watch:
    return Watch(base)


@pytest.fixture
def page(browser: Any, base: str, watched: Watch) -> Iterator[Any]:
    pg = phone_page(browser, base, watched)
    yield pg
    pg.context.close()


def shot(page: Any, name: str) -> None:
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(ROOT / "docs" / f"screenshot-{name}.png"), full_page=False)


def test_first_run_to_the_progress_chart(page: Any, watched: Watch) -> None:
    page.goto("/")
    assert page.url.endswith("/today")
    expect(page.get_by_role("heading", name="Welcome")).to_be_visible()
    assert not axe_violations(page), "first run"
    shot(page, "today")

    # Today's small action: "Done" swaps the card in place (HTMX) and asks how he responded.
    action = page.locator("#today-action")
    action.get_by_role("button", name="Done").click()
    expect(action.get_by_role("button", name="Done")).to_have_count(0)
    assert not axe_violations(page), "after done"

    # The one-tap check-in on Today.
    page.fill("#q-happened", HAPPENED)
    page.locator("label[for=q-warmth-5]").click()
    page.locator("label[for=q-openness-4]").click()
    page.fill("#q-said", SAID)
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_load_state()
    assert not axe_violations(page), "after a check-in"

    page.goto("/journal")
    expect(page.locator("main")).to_contain_text(HAPPENED)
    assert not axe_violations(page), "journal"

    page.goto("/remember")
    page.fill("#add-i-love", QUALITY)
    page.locator("#add-i-love").press("Enter")
    expect(page.locator("main")).to_contain_text(QUALITY)

    page.goto("/progress")
    chart = page.locator("img.chart-img")
    expect(chart).to_be_visible()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", chart.element_handle())
    expect(page.get_by_role("heading", name="Pull : push, week by week")).to_be_visible()
    assert not axe_violations(page), "progress"
    shot(page, "progress")
    assert not watched.problems


def test_a_chat_export_becomes_a_report(page: Any, watched: Watch) -> None:
    page.goto("/chats")
    expect(page.get_by_role("heading", name="Import your first chat")).to_be_visible()
    assert not axe_violations(page), "chats, empty"
    page.set_input_files("#chat-file", str(CHAT))
    page.locator("form.upload button[type=submit]").click()
    expect(page.get_by_role("heading", name="Which one is you?")).to_be_visible()
    assert not axe_violations(page), "which one is you"
    page.locator("form[action='/chats/continue'] button.button-primary").click()
    page.wait_for_url(re.compile(r"/chats/\d+"))
    expect(page.locator("main img").first).to_be_visible()
    assert not axe_violations(page), "chat report"
    shot(page, "chats")
    assert not watched.problems


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_page_passes_axe(browser: Any, base: str, dark: bool) -> None:
    watch = Watch(base)
    page = phone_page(browser, base, watch, dark=dark)
    try:
        for path in PAGES:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            assert not axe_violations(page), f"{path} ({'dark' if dark else 'light'})"
        if not dark:
            shot(page, "settings")
        assert not watch.problems
    finally:
        page.context.close()


def test_export_delete_everything_then_import(page: Any, watched: Watch, tmp_path: Path) -> None:
    page.goto("/journal/new")
    page.fill("#happened", HAPPENED + " again")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_load_state()

    page.goto("/settings")
    with page.expect_download() as download:
        page.get_by_role("link", name="Everything (JSON)").click()
    saved = tmp_path / "export.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported, "the export is empty"

    page.fill("#confirm-delete", "DELETE")
    page.get_by_role("button", name="Delete everything").click()
    page.wait_for_url(re.compile(r"/settings\?done=deleted"))
    page.goto("/journal")
    expect(page.locator("main")).not_to_contain_text(HAPPENED)

    page.goto("/settings")
    page.set_input_files("#import-file", str(saved))
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(re.compile(r"/settings\?done=imported"))
    page.goto("/journal")
    expect(page.locator("main")).to_contain_text(HAPPENED + " again")
    assert not watched.problems
