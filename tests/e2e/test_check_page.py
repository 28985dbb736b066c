"""The check page in a real browser, phone-sized: type, see, tap, copy; safety; axe.

Every test also fails on a CSP violation, a script error or a request that leaves the app
(see conftest.Watch).
"""

from __future__ import annotations

import re
from typing import Any

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, ROOT, Watch, axe_violations

MESSAGE = (
    "Thank you for making dinner last night, it was lovely. "
    "But you never listen to me, and we need to talk tonight."
)
UNSAFE = "He hit me last night and I am scared to go home."
SCREENSHOT = ROOT / "docs" / "screenshot-check.png"
# True once the page has not scrolled for a few frames.
STILL = """() => new Promise(done => {
    let last = window.scrollY, same = 0;
    const tick = () => {
        same = window.scrollY === last ? same + 1 : 0;
        last = window.scrollY;
        if (same >= 5) done(true); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})"""
PUSH_BACKGROUND = "rgb(253, 227, 223)"  # --push-bg in light mode
PULL_BACKGROUND = "rgb(221, 241, 227)"  # --pull-bg


def type_message(page: Any, text: str, *, keystrokes: bool = False) -> None:
    """Type (key by key, as she would, or pasted at once), then wait for the results of
    the whole text: a pause while typing may show results for part of it first."""
    box = page.locator("#message")
    box.click()
    if keystrokes:
        box.press_sequentially(text, delay=8)
    else:
        box.fill(text)
    page.wait_for_function(
        """text => {
            const shown = document.querySelector("#results .message");
            return (shown && shown.textContent === text)
                || document.querySelector("#results .safety") !== null;
        }""",
        arg=text,
    )


def test_type_see_tap_and_copy(page: Any, watch: Watch) -> None:
    page.goto("/check")
    assert page.get_by_role("heading", name="How it works").is_visible()
    assert not axe_violations(page), "empty state"

    type_message(page, MESSAGE, keystrokes=True)
    push = page.locator(".mark-push").first
    push.wait_for()
    assert "you never listen" in " ".join(page.locator(".mark-push").all_inner_texts())
    assert push.evaluate("e => getComputedStyle(e).backgroundColor") == PUSH_BACKGROUND
    pull = page.locator(".mark-pull").first
    assert pull.inner_text() == "Thank you"
    assert pull.evaluate("e => getComputedStyle(e).backgroundColor") == PULL_BACKGROUND
    assert page.locator("#check-status").inner_text().startswith("Warm, with some push")

    # Tap a red phrase: what he may hear and the principle open right under the message.
    blame = page.locator(".mark-push", has_text="you never listen")
    blame.tap()
    assert blame.get_attribute("aria-expanded") == "true"
    panel = page.locator(".explain:visible")
    assert panel.count() == 1
    explained = panel.text_content() or ""
    assert "He may hear" in explained and "The principle" in explained
    assert "You are the problem" in explained

    # Frame the verdict, the marked message and the explanation for the screenshot.
    page.wait_for_function(STILL)  # let the tap's smooth scroll finish
    page.locator(".verdict").evaluate(
        """e => window.scrollTo({
            top: e.getBoundingClientRect().top + window.scrollY - 72, behavior: "instant"})"""
    )
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert Image.open(SCREENSHOT).size == (PHONE["width"], PHONE["height"])

    assert not axe_violations(page), "results"

    # Copy a gentler way to say it: the clipboard holds it, the button says so.
    card = page.locator(".finding-push").first
    alternative = card.locator(".alt-text").first.inner_text()
    copy = card.locator("button.copy").first
    copy.scroll_into_view_if_needed()
    copy.tap()
    expect(copy.locator(".copy-label")).to_have_text("Copied")
    expect(page.locator("#toast")).to_have_text("Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == alternative
    page.wait_for_function("() => getComputedStyle(document.querySelector('#toast')).opacity == 1")
    assert not axe_violations(page), "the Copied toast"
    assert not watch.problems


def test_keyboard_opens_and_closes_an_explanation(page: Any, watch: Watch) -> None:
    page.goto("/check")
    type_message(page, MESSAGE)
    mark = page.locator(".mark-push").first
    mark.wait_for()
    mark.focus()
    page.keyboard.press("Space")
    assert mark.get_attribute("aria-expanded") == "true"
    assert page.locator(".explain:visible").count() >= 1
    page.keyboard.press("Escape")
    assert mark.get_attribute("aria-expanded") == "false"
    assert page.locator(".explain:visible").count() == 0
    assert not watch.problems


def test_safety_shows_where_to_get_help_instead_of_coaching(page: Any, watch: Watch) -> None:
    page.goto("/check")
    type_message(page, UNSAFE)
    safety = page.locator(".safety")
    safety.wait_for()
    text = safety.inner_text()
    assert "Your safety comes first" in text and "Emergency services" in text
    assert page.locator(".alt-text").count() == 0 and page.locator(".mark").count() == 0
    assert "safety comes first" in page.locator("#check-status").inner_text()
    assert not axe_violations(page)
    assert not watch.problems


def test_example_buttons_fill_the_box_and_check_it(page: Any, watch: Watch) -> None:
    page.goto("/check")
    page.get_by_role("button", name="A message that pushes").tap()
    page.locator(".mark-push").first.wait_for()
    assert page.locator("#message").input_value().startswith("You never have time")
    assert not watch.problems


def test_dark_mode_is_readable(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="dark", base_url=live_server)
    page = context.new_page()
    page.goto("/check")
    type_message(page, MESSAGE)
    page.locator(".mark-push").first.wait_for()
    page.locator(".mark-push").first.click()
    assert not axe_violations(page)
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(28, 24, 21)"
    context.close()


def test_the_page_works_without_javascript(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    page.goto("/check")
    page.locator("#message").fill(MESSAGE)
    page.get_by_role("button", name="Check").click()
    page.wait_for_url(re.compile(r"/check$"))
    assert page.locator(".mark-push").count() >= 2
    assert page.locator(".alt-text").count() >= 1
    assert page.locator("button.copy:visible").count() == 0  # copying needs JavaScript
    assert page.locator("#message").input_value() == MESSAGE
    # A marked phrase still leads to its explanation: a link to the card below.
    page.locator(".mark-push").first.click()
    assert re.search(r"#finding-\d+$", page.url)
    context.close()


def test_the_404_page_looks_like_the_app_and_passes_axe(page: Any, watch: Watch) -> None:
    response = page.goto("/nowhere/at/all")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="This page isn’t here").is_visible()
    assert page.locator("nav.tabs").is_visible()
    assert not axe_violations(page)
    # The browser logs the 404 status itself; nothing else may go wrong.
    assert not [p for p in watch.problems if "404" not in p]


def test_the_api_docs_load_from_this_server_only(page: Any, watch: Watch) -> None:
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto("/docs")
    page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/v1/check$")).wait_for()
    assert not axe_violations(page)
    # Try it out: the request goes to this server (CSP connect-src 'self') and comes back.
    page.locator(
        ".opblock",
        has=page.locator(".opblock-summary-path", has_text=re.compile(r"^/api/v1/check$")),
    ).locator(".opblock-summary-control").click()
    # (tryItOutEnabled: the body is editable at once)
    page.locator("textarea.body-param__text").fill('{"text": "We need to talk tonight."}')
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status", has_text="200").wait_for()
    assert not watch.problems


def test_the_service_worker_caches_static_files_only(page: Any, live_server: str) -> None:
    page.goto("/check")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    type_message(page, MESSAGE)
    page.locator(".mark-push").first.wait_for()
    page.reload()  # now controlled by the worker
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    cached = page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    assert any("/static/css/app.css" in url for url in cached)
    assert all(url.startswith(live_server + "/static/") for url in cached), cached


def test_the_offline_page_passes_axe(page: Any, watch: Watch) -> None:
    page.goto("/static/offline.html")
    assert page.get_by_role("heading", name="drawcloser can’t be reached").is_visible()
    assert not axe_violations(page)
    assert not watch.problems
