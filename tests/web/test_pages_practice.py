"""Today, Journal, Remember and Actions in-process over ASGI: pages, forms (POST, redirect,
GET), empty states, bad input and unknown ids, and the same under /api/v1.

Each test gets a fresh app on an empty journal (a temp home), so none depends on another.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from drawcloser import config, messages
from drawcloser.web import nav
from drawcloser.web.app import create_app
from tests.web.conftest import BASE, text_of

WARM = "Thank you for cooking dinner tonight, it was lovely."
PUSHY = "You never listen to me. We need to talk tonight."
UNSAFE = "He hit me last night and I am scared to go home."


def checkin(web: TestClient, **fields: str) -> Response:
    data = {"warmth": "1", "openness": "0", **fields}
    return web.post("/journal/new", data=data, follow_redirects=False)


def saved_id(response: Response) -> int:
    assert response.status_code == 303, response.text[:500]
    found = re.search(r"/journal/(\d+)", response.headers["location"])
    assert found, response.headers["location"]
    return int(found.group(1))


# -- the frame ------------------------------------------------------------------------------


def test_home_leads_to_today(web: TestClient) -> None:
    response = web.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/today"


def test_actions_and_chats_are_places_and_the_tab_bar_stays_at_five() -> None:
    assert len(nav.TABS) <= 6
    assert nav.PLACES["/actions"].under == "/today"
    assert "/chats" in nav.PLACES and nav.CHATS not in nav.TABS
    assert nav.active("/actions") == "/today"
    assert nav.active("/journal/3/edit") == "/journal"


def test_every_page_carries_the_csrf_token_for_htmx_and_forms(web: TestClient) -> None:
    for path in ("/today", "/journal", "/journal/new", "/remember", "/actions"):
        page = web.get(path)
        assert page.status_code == 200, path
        assert '<meta name="csrf-token" content="' in page.text, path
        forms = re.findall(r'<form[^>]*method="post".*?</form>', page.text, re.S)
        assert forms or path == "/journal", path  # the journal's only form is a GET filter
        for form in forms:
            assert 'name="csrf"' in form, (path, form[:200])


def test_a_form_without_the_token_is_refused(tmp_path: Path) -> None:
    settings = config.Settings(home=tmp_path, engine="fast", help_file=None)
    with TestClient(create_app(settings, engine="fast"), base_url=BASE) as bare:
        refused = bare.post("/journal/new", data={"happened": "x", "warmth": "0", "openness": "0"})
        assert refused.status_code == 403
        assert bare.get("/api/v1/checkins").json() == []


# -- Today ----------------------------------------------------------------------------------


def test_today_first_run_welcomes_her_with_what_to_do_first(web: TestClient) -> None:
    page = web.get("/today")
    assert page.status_code == 200
    words = text_of(page)
    assert "Welcome" in words
    assert "Add a quality you love in him" in words and 'href="/remember#i-love"' in page.text
    assert "Check a message before you send it" in words and 'href="/check"' in page.text
    assert "Save your first check-in" in words and 'href="#checkin"' in page.text
    # The day's small action, with its needs and effort, and the three buttons.
    assert "One small thing" in words
    for label in ("Done", "Skip", "Another one"):
        assert f">{label}</button>" in page.text
    assert re.search(r'class="need need-(important|seen|valued|respected|loved)"', page.text)
    assert re.search(r'class="effort".*?(a minute|ten minutes|an evening)', page.text, re.S)
    # Nothing to remember yet: it says how to start.
    assert "Nothing to remember yet" in words and 'href="/remember"' in page.text
    # The one-tap check-in: two accessible radio groups, −2 … +2.
    for scale, legend in (("warmth", "Warmth or weariness"), ("openness", "Openness or tension")):
        assert f'<legend class="field-label">{legend}</legend>' in page.text
        values = re.findall(
            rf'type="radio" id="q-{scale}-\d" name="{scale}" value="(-?\d)"', page.text
        )
        assert values == ["-2", "-1", "0", "1", "2"]
    assert 'aria-current="page"' in page.text.split('href="/today"', 1)[1][:40]


def test_today_check_in_saves_and_says_what_the_check_read(web: TestClient) -> None:
    posted = web.post(
        "/today/checkin",
        data={"happened": "Dinner", "said": WARM, "warmth": "2", "openness": "1"},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert re.fullmatch(r"/today\?saved=\d+#saved", posted.headers["location"])
    page = web.get(posted.headers["location"])
    words = text_of(page)
    assert "Saved to your journal" in words and "drew him closer" in words
    assert "Welcome" not in words  # the journal is not empty any more
    entry = web.get("/api/v1/checkins").json()[0]
    assert (entry["happened"], entry["warmth"], entry["openness"]) == ("Dinner", 2, 1)
    assert entry["said_verdict"] == "pull" and "appreciation" in entry["said_labels"]


def test_today_check_in_that_pushes_offers_a_gentler_next_time(web: TestClient) -> None:
    posted = web.post("/today/checkin", data={"said": PUSHY, "warmth": "-1", "openness": "-2"})
    words = text_of(posted)
    assert "may have pushed him away" in words and "Next time" in words


def test_today_check_in_that_suggests_danger_shows_safety_not_coaching(web: TestClient) -> None:
    page = web.post("/today/checkin", data={"said": UNSAFE, "warmth": "-2", "openness": "-2"})
    assert page.status_code == 200
    words = text_of(page)
    assert "Your safety comes first" in words and "Emergency services" in words
    assert "Next time" not in words and "may have pushed" not in words
    assert "Your check-in is saved" in words


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"warmth": "0", "openness": "0"}, messages.CHECKIN_EMPTY),
        ({"happened": "Dinner", "openness": "0"}, "Choose how warmth felt"),
        ({"happened": "Dinner", "warmth": "5", "openness": "0"}, "from -2 to +2 (got 5)"),
        ({"happened": "Dinner", "warmth": "warm", "openness": "0"}, "(got warm)"),
    ],
)
def test_today_check_in_refused_keeps_what_she_typed(
    web: TestClient, data: dict[str, str], message: str
) -> None:
    page = web.post("/today/checkin", data=data)
    assert page.status_code == 422
    assert message in html.unescape(page.text)
    assert 'role="alert"' in page.text
    if "happened" in data:
        assert ">Dinner</textarea>" in page.text
    assert web.get("/api/v1/checkins").json() == []


def test_done_then_how_he_responded_then_history(web: TestClient) -> None:
    key = web.get("/api/v1/today").json()["suggestion"]["action"]["key"]
    page = web.post("/today/done", data={"key": key})
    assert page.status_code == 200 and page.url.path == "/today"
    assert "How did he respond?" in text_of(page) and 'id="his-response"' in page.text
    page = web.post("/today/response", data={"key": key, "response": "He smiled and hugged me"})
    assert "Saved: “He smiled and hugged me”" in html.unescape(page.text)
    today = web.get("/api/v1/today").json()["suggestion"]
    assert today["log"]["status"] == "done" and today["log"]["response"].startswith("He smiled")
    history = text_of(web.get("/actions"))
    assert "What you did" in history and "Done" in history and "He smiled and hugged me" in history


def test_skip_and_another_one(web: TestClient) -> None:
    first = web.get("/api/v1/today").json()["suggestion"]["action"]["key"]
    web.post("/today/another")
    second = web.get("/api/v1/today").json()["suggestion"]["action"]["key"]
    assert second != first
    page = web.post("/today/skip", data={"key": second})
    assert "Skipped" in text_of(page) and ">Another one</button>" in page.text
    assert web.get("/api/v1/actions/history").json()[-1]["status"] == "skipped"


def test_htmx_buttons_swap_only_the_action_card(web: TestClient) -> None:
    page = web.get("/today").text
    form = re.search(r'<form method="post" action="/today/done"[^>]*>', page)
    assert form and 'hx-select="#today-action"' in form.group(0)
    assert 'hx-target="#today-action"' in form.group(0)
    # HTMX follows the redirect and picks the card out of the page it gets.
    swapped = web.post("/today/done", headers={"HX-Request": "true"})
    assert swapped.status_code == 200 and 'id="today-action"' in swapped.text


def test_today_resurfaces_a_remembered_quality(web: TestClient) -> None:
    web.post("/remember", data={"kind": "he-loved", "text": "My laugh at his terrible puns"})
    words = text_of(web.get("/today"))
    assert "What he adored in you" in words and "My laugh at his terrible puns" in words


def test_today_when_every_action_is_hidden(web: TestClient) -> None:
    for action in web.get("/api/v1/actions").json():
        web.put(f"/api/v1/actions/{action['key']}/hidden", json={"hidden": True})
    page = web.get("/today")
    assert page.status_code == 200
    assert messages.WEB_ACTION_NOTHING_LEFT in html.unescape(page.text)
    assert web.get("/api/v1/today").json()["suggestion"] is None


# -- Journal --------------------------------------------------------------------------------


def test_empty_journal_says_what_it_is_for_and_how_to_start(web: TestClient) -> None:
    page = web.get("/journal")
    words = text_of(page)
    assert "Your journal is empty" in words and "Write your first check-in" in words
    assert 'href="/journal/new"' in page.text
    assert "Filter" not in words  # nothing to filter yet


def test_new_check_in_form_then_show(web: TestClient) -> None:
    form = web.get("/journal/new")
    assert form.status_code == 200
    for name in ("at", "happened", "said", "response", "tags"):
        assert f'name="{name}"' in form.text
    posted = checkin(
        web,
        happened="Walk after dinner",
        said=PUSHY,
        response="He went quiet",
        tags="walk, evening",
    )
    entry_id = saved_id(posted)
    assert posted.headers["location"].endswith("?note=saved")
    page = web.get(posted.headers["location"])
    words = text_of(page)
    assert messages.WEB_CHECKIN_SAVED in words
    assert "Walk after dinner" in words and "He went quiet" in words
    assert "#walk" in words and "#evening" in words
    assert 'aria-label="Warmth +1 (a little warm)"' in page.text
    assert 'aria-label="Openness 0 (neither)"' in page.text
    # The stored labels of what she said, with what he may hear.
    assert "What you said may have pushed him away" in words
    assert "Blame" in words and "He may hear" in words and "Next time" in words
    assert f'href="/journal/{entry_id}/edit"' in page.text
    assert f'href="/journal/{entry_id}/delete"' in page.text


def test_list_newest_first_with_ratings_and_labels(web: TestClient) -> None:
    checkin(web, at="2026-11-20T19:00", happened="Older moment", said=WARM)
    checkin(web, at="2026-11-25T08:30", happened="Newer moment", warmth="-2", openness="2")
    page = web.get("/journal")
    words = text_of(page)
    assert words.index("Newer moment") < words.index("Older moment")
    assert "Wed 25 Nov 2026 · 08:30" in words
    assert 'aria-label="Warmth −2 (very weary)"' in page.text
    assert 'aria-label="Openness +2 (very open)"' in page.text
    assert "drew him closer" in words and "Appreciation" in words


def test_journal_filters(web: TestClient) -> None:
    checkin(web, at="2026-11-10", happened="Early", said=WARM, tags="dinner")
    checkin(web, at="2026-11-20", happened="Later", said=PUSHY, tags="text")
    checkin(web, at="2026-11-22", happened="Nothing said")

    def shown(query: str) -> list[str]:
        words = text_of(web.get(f"/journal?{query}"))
        return [w for w in ("Early", "Later", "Nothing said") if w in words]

    assert shown("from=2026-11-15") == ["Later", "Nothing said"]
    assert shown("to=2026-11-15") == ["Early"]
    assert shown("from=2026-11-15&to=2026-11-21") == ["Later"]
    assert shown("tag=dinner") == ["Early"]
    assert shown("kind=pull") == ["Early"]
    assert shown("kind=push") == ["Later"]
    nothing = text_of(web.get("/journal?tag=nope"))
    assert "Nothing matches" in nothing and "show them all" in nothing


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=yesterday", "'yesterday' is not a date"),
        ("from=2026-11-20&to=2026-11-01", "comes after the last one"),
        ("kind=sideways", "push or pull (got 'sideways')"),
    ],
)
def test_journal_bad_filters_say_what_is_wrong(web: TestClient, query: str, message: str) -> None:
    page = web.get(f"/journal?{query}")
    assert page.status_code == 422
    assert message in html.unescape(page.text)


def test_new_check_in_refused_is_the_form_again_with_the_message(web: TestClient) -> None:
    future = (date.today() + timedelta(days=3)).isoformat()
    page = checkin(web, at=f"{future}T10:00", happened="Tomorrow?")
    assert page.status_code == 422
    assert "is in the future" in html.unescape(page.text)
    assert ">Tomorrow?</textarea>" in page.text
    bad_date = checkin(web, at="soon", happened="x")
    assert bad_date.status_code == 422 and "'soon' is not a date and time" in html.unescape(
        bad_date.text
    )
    bad_tag = checkin(web, happened="x", tags="a" * 41)
    assert bad_tag.status_code == 422 and "Tags are short words" in bad_tag.text


def test_edit_a_check_in(web: TestClient) -> None:
    entry_id = saved_id(checkin(web, happened="First words", said=WARM, tags="one"))
    form = web.get(f"/journal/{entry_id}/edit")
    assert form.status_code == 200 and ">First words</textarea>" in form.text
    assert 'value="one"' in form.text
    posted = web.post(
        f"/journal/{entry_id}/edit",
        data={"happened": "Changed words", "said": PUSHY, "warmth": "-1", "openness": "-1"},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert posted.headers["location"] == f"/journal/{entry_id}?note=updated"
    entry = web.get(f"/api/v1/checkins/{entry_id}").json()
    assert entry["happened"] == "Changed words" and entry["warmth"] == -1
    assert entry["said_verdict"] == "push"  # what she said was read again
    refused = web.post(
        f"/journal/{entry_id}/edit", data={"happened": "x", "warmth": "9", "openness": "0"}
    )
    assert refused.status_code == 422 and "from -2 to +2" in refused.text


def test_delete_asks_first_then_deletes(web: TestClient) -> None:
    entry_id = saved_id(checkin(web, happened="To delete"))
    ask = web.get(f"/journal/{entry_id}/delete")
    words = text_of(ask)
    assert ask.status_code == 200 and "Delete this?" in words and "To delete" in words
    assert "cannot be undone" in words and "Keep it" in words
    assert web.get(f"/journal/{entry_id}").status_code == 200  # asking deleted nothing
    done = web.post(f"/journal/{entry_id}/delete", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/journal?note=deleted"
    assert messages.WEB_CHECKIN_DELETED in web.get("/journal?note=deleted").text
    assert web.get(f"/journal/{entry_id}").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/journal/999"),
        ("GET", "/journal/999/edit"),
        ("POST", "/journal/999/edit"),
        ("GET", "/journal/999/delete"),
        ("POST", "/journal/999/delete"),
        ("GET", "/journal/abc"),
        ("GET", "/remember/999/edit"),
        ("POST", "/remember/999/edit"),
        ("GET", "/remember/999/delete"),
        ("POST", "/remember/999/delete"),
        ("POST", "/actions/no-such-action/hide"),
        ("POST", "/actions/no-such-action/unhide"),
        ("GET", "/actions/no-such-action/delete"),
        ("POST", "/actions/no-such-action/delete"),
    ],
)
def test_unknown_ids_are_friendly_404_pages(web: TestClient, method: str, path: str) -> None:
    data = {"happened": "x", "warmth": "0", "openness": "0", "text": "x"}
    response = web.request(method, path, data=data if method == "POST" else None)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'class="tabs"' in response.text


def test_a_safety_check_in_shows_help_every_time_it_is_opened(web: TestClient) -> None:
    entry_id = saved_id(checkin(web, said=UNSAFE, warmth="-2", openness="-2"))
    words = text_of(web.get(f"/journal/{entry_id}"))
    assert "Your safety comes first" in words
    assert "Next time" not in words and "He may hear" not in words


# -- Remember -------------------------------------------------------------------------------


def test_remember_empty_states_explain_why_each_list_matters(web: TestClient) -> None:
    page = web.get("/remember")
    words = text_of(page)
    for title in ("What he adored in you", "What you love in him", "Memories you share"):
        assert title in words
    assert "Not to act the past" in words and "still part of him" in words
    assert "comes back to you on Today" in words
    assert page.text.count('action="/remember"') == 3


def test_remember_add_edit_delete(web: TestClient) -> None:
    added = web.post(
        "/remember", data={"kind": "i-love", "text": "How he hums while cooking"},
        follow_redirects=False,
    )  # fmt: skip
    assert added.status_code == 303 and added.headers["location"] == "/remember?note=kept#i-love"
    page = web.get("/remember?note=kept")
    assert "How he hums while cooking" in page.text and messages.WEB_REMEMBER_SAVED in page.text
    item_id = web.get("/api/v1/remember").json()[0]["id"]
    form = web.get(f"/remember/{item_id}/edit")
    assert form.status_code == 200 and ">How he hums while cooking</textarea>" in form.text
    web.post(
        f"/remember/{item_id}/edit", data={"text": "How he sings while cooking", "kind": "memory"}
    )
    item = web.get(f"/api/v1/remember/{item_id}").json()
    assert (item["text"], item["kind"]) == ("How he sings while cooking", "memory")
    refused = web.post(f"/remember/{item_id}/edit", data={"text": "  ", "kind": "memory"})
    assert refused.status_code == 422 and messages.REMEMBER_EMPTY in refused.text
    ask = web.get(f"/remember/{item_id}/delete")
    assert "Delete this?" in text_of(ask) and "How he sings while cooking" in ask.text
    gone = web.post(f"/remember/{item_id}/delete", follow_redirects=False)
    assert gone.status_code == 303
    assert web.get("/api/v1/remember").json() == []


def test_remember_refuses_empty_text_and_unknown_lists(web: TestClient) -> None:
    empty = web.post("/remember", data={"kind": "memory", "text": "   "})
    assert empty.status_code == 422 and messages.REMEMBER_EMPTY in empty.text
    assert 'aria-invalid="true"' in empty.text  # the message sits by the box she used
    unknown = web.post("/remember", data={"kind": "grudges", "text": "x"})
    assert unknown.status_code == 422 and "(got &#39;grudges&#39;)" in unknown.text


# -- Actions --------------------------------------------------------------------------------


def test_actions_library_with_filters(web: TestClient) -> None:
    page = web.get("/actions")
    words = text_of(page)
    assert page.status_code == 200 and "Small actions" in words
    assert 'aria-current="page"' in page.text.split('href="/today"', 1)[1][:40]
    every = len(re.findall(r'<li class="card action"', page.text))
    assert every > 10
    seen = web.get("/actions?need=seen")
    shown = re.findall(r'<li class="card action"', seen.text)
    assert 0 < len(shown) < every
    assert all("need-seen" in card for card in seen.text.split('<li class="card action"')[1:])
    evening = web.get("/actions?effort=evening&need=loved")
    assert evening.status_code == 200 and "an evening" in evening.text
    bad = web.get("/actions?need=obeyed")
    assert bad.status_code == 422 and "(got &#39;obeyed&#39;)" in bad.text


def test_actions_hide_and_unhide(web: TestClient) -> None:
    key = web.get("/api/v1/actions").json()[0]["key"]
    hid = web.post(
        f"/actions/{key}/hide", data={"back": "/actions?need=seen"}, follow_redirects=False
    )
    assert hid.status_code == 303 and hid.headers["location"] == "/actions?need=seen"
    page = web.get("/actions").text
    assert "Hidden from suggestions (1)" in page and "Suggest it again" in page
    assert web.get("/api/v1/actions?hidden=true").json()[0]["key"] == key
    elsewhere = web.post(
        f"/actions/{key}/unhide", data={"back": "//evil.example"}, follow_redirects=False
    )
    assert elsewhere.headers["location"] == "/actions"  # never sent to another site
    assert web.get("/api/v1/actions?hidden=true").json() == []


def test_her_own_actions(web: TestClient) -> None:
    assert "You know him best" in text_of(web.get("/actions"))
    added = web.post(
        "/actions",
        data={"text": "Leave a note in his jacket", "needs": ["loved", "seen"], "effort": "minute"},
        follow_redirects=False,
    )
    assert added.status_code == 303 and added.headers["location"] == "/actions?note=added#own"
    page = web.get("/actions?note=added")
    assert "Leave a note in his jacket" in page.text and ">yours<" in page.text
    own = [a for a in web.get("/api/v1/actions").json() if a["own"]]
    assert own[0]["needs"] == ["loved", "seen"]
    key = own[0]["key"]
    ask = web.get(f"/actions/{key}/delete")
    assert ask.status_code == 200 and "Delete this?" in ask.text
    assert web.post(f"/actions/{key}/delete", follow_redirects=False).status_code == 303
    assert not [a for a in web.get("/api/v1/actions").json() if a["own"]]


def test_her_own_action_refused(web: TestClient) -> None:
    no_need = web.post("/actions", data={"text": "Something kind", "effort": "minute"})
    assert no_need.status_code == 422 and messages.WEB_ACTION_NO_NEED in no_need.text
    assert 'value="Something kind"' in no_need.text
    empty = web.post("/actions", data={"text": "", "needs": ["seen"], "effort": "minute"})
    assert empty.status_code == 422 and messages.ACTION_EMPTY in empty.text
    bad_effort = web.post("/actions", data={"text": "x", "needs": ["seen"], "effort": "year"})
    assert bad_effort.status_code == 422


def test_a_built_in_action_cannot_be_deleted(web: TestClient) -> None:
    key = web.get("/api/v1/actions").json()[-1]["key"]
    assert web.get(f"/actions/{key}/delete").status_code == 422
    assert web.post(f"/actions/{key}/delete").status_code == 422
    assert web.delete(f"/api/v1/actions/{key}").status_code == 422


def test_actions_history_empty_state(web: TestClient) -> None:
    words = text_of(web.get("/actions"))
    assert "What you did" in words and "Nothing yet" in words


# -- the API --------------------------------------------------------------------------------


def test_api_checkins_crud(web: TestClient) -> None:
    made = web.post(
        "/api/v1/checkins",
        json={"happened": "Breakfast", "said": WARM, "warmth": 1, "openness": 2, "tags": ["Am"]},
    )
    assert made.status_code == 201
    body = made.json()
    assert body["safety"] is None and body["entry"]["tags"] == ["am"]
    entry_id = body["entry"]["id"]
    assert web.get(f"/api/v1/checkins/{entry_id}").json()["said_verdict"] == "pull"
    changed = web.patch(f"/api/v1/checkins/{entry_id}", json={"warmth": -1})
    assert changed.status_code == 200 and changed.json()["entry"]["warmth"] == -1
    assert changed.json()["entry"]["happened"] == "Breakfast"
    assert [e["id"] for e in web.get("/api/v1/checkins?polarity=pull").json()] == [entry_id]
    assert web.get("/api/v1/checkins?polarity=push").json() == []
    assert web.delete(f"/api/v1/checkins/{entry_id}").status_code == 204
    assert web.get(f"/api/v1/checkins/{entry_id}").status_code == 404


def test_api_checkin_safety(web: TestClient) -> None:
    made = web.post("/api/v1/checkins", json={"said": UNSAFE, "warmth": -2, "openness": -2})
    assert made.status_code == 201
    safety = made.json()["safety"]
    assert safety is not None and safety["resources"]


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"happened": "x", "warmth": 3, "openness": 0}, 422, "warmth"),
        ({"happened": "x", "warmth": 0}, 422, "openness"),
        ({"warmth": 0, "openness": 0}, 422, messages.CHECKIN_EMPTY),
        ({"happened": "x", "warmth": 0, "openness": 0, "at": "not a date"}, 422, "at"),
        ({"happened": "x", "warmth": 0, "openness": 0, "at": "2999-01-01T10:00"}, 422, "future"),
        ({"happened": "x", "warmth": 0, "openness": 0, "mood": "?"}, 422, "mood"),
    ],
)
def test_api_checkin_bad_input(
    web: TestClient, body: dict[str, object], status: int, words: str
) -> None:
    response = web.post("/api/v1/checkins", json=body)
    assert response.status_code == status
    assert words in response.json()["error"]


def test_api_checkins_unknown_and_bad_queries(web: TestClient) -> None:
    assert web.get("/api/v1/checkins/42").json() == {
        "error": messages.CHECKIN_UNKNOWN.format(id=42)
    }
    assert web.patch("/api/v1/checkins/42", json={"warmth": 1}).status_code == 404
    assert web.delete("/api/v1/checkins/42").status_code == 404
    assert web.get("/api/v1/checkins?since=soon").status_code == 422
    swapped = web.get("/api/v1/checkins?since=2026-11-20&until=2026-11-01")
    assert swapped.status_code == 422 and "comes after" in swapped.json()["error"]
    assert web.get("/api/v1/checkins?polarity=up").status_code == 422


def test_api_remember_crud(web: TestClient) -> None:
    made = web.post("/api/v1/remember", json={"kind": "memory", "text": "Our first trip"})
    assert made.status_code == 201
    item_id = made.json()["id"]
    assert made.json()["heading"] == "A memory you share"
    assert web.get("/api/v1/remember?kind=memory").json()[0]["id"] == item_id
    assert web.get("/api/v1/remember?kind=i-love").json() == []
    edited = web.patch(f"/api/v1/remember/{item_id}", json={"text": "Our first trip, by train"})
    assert edited.json()["text"] == "Our first trip, by train"
    assert web.patch(f"/api/v1/remember/{item_id}", json={"text": ""}).status_code == 422
    assert web.post("/api/v1/remember", json={"kind": "nope", "text": "x"}).status_code == 422
    assert web.delete(f"/api/v1/remember/{item_id}").status_code == 204
    assert web.get(f"/api/v1/remember/{item_id}").status_code == 404
    assert web.delete(f"/api/v1/remember/{item_id}").json() == {
        "error": messages.REMEMBER_UNKNOWN.format(id=item_id)
    }


def test_api_actions(web: TestClient) -> None:
    library = web.get("/api/v1/actions").json()
    assert library and {"key", "needs", "effort", "hidden", "own"} <= set(library[0])
    assert all("loved" in a["needs"] for a in web.get("/api/v1/actions?need=loved").json())
    assert web.get("/api/v1/actions?need=obeyed").status_code == 422
    own = web.post("/api/v1/actions", json={"text": "Plan a picnic", "needs": ["important"]})
    assert own.status_code == 201 and own.json()["own"] and own.json()["effort"] == "minute"
    assert web.post("/api/v1/actions", json={"text": "x", "needs": []}).status_code == 422
    key = own.json()["key"]
    hidden = web.put(f"/api/v1/actions/{key}/hidden", json={"hidden": True})
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    assert web.put("/api/v1/actions/nope/hidden", json={"hidden": True}).status_code == 404
    logged = web.post(
        "/api/v1/actions/log", json={"status": "done", "key": key, "response": "Yes!"}
    )
    assert logged.status_code == 200 and logged.json()["response"] == "Yes!"
    assert (
        web.post("/api/v1/actions/log", json={"status": "done", "key": "nope"}).status_code == 404
    )
    assert web.post("/api/v1/actions/log", json={"status": "maybe"}).status_code == 422
    assert (
        web.post("/api/v1/actions/log", json={"status": "done", "reaction": 7}).status_code == 422
    )
    history = web.get("/api/v1/actions/history").json()
    assert [h["key"] for h in history] == [key]
    assert web.get("/api/v1/actions/history?since=2026-12-02&until=2026-12-01").status_code == 422
    assert web.delete(f"/api/v1/actions/{key}").status_code == 204
    assert web.delete(f"/api/v1/actions/{key}").status_code == 404


def test_api_today_and_another(web: TestClient) -> None:
    today = web.get("/api/v1/today").json()
    assert today["first_run"] is True and today["remember"] is None
    first = today["suggestion"]["action"]["key"]
    again = web.post("/api/v1/today/another").json()
    assert again["suggestion"]["action"]["key"] != first


def test_openapi_documents_the_practice_api(web: TestClient) -> None:
    paths = web.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/checkins",
        "/api/v1/checkins/{entry_id}",
        "/api/v1/remember",
        "/api/v1/remember/{item_id}",
        "/api/v1/actions",
        "/api/v1/actions/{key}/hidden",
        "/api/v1/actions/log",
        "/api/v1/actions/history",
        "/api/v1/today",
        "/api/v1/today/another",
    ):
        assert path in paths, path
    assert not any(p.startswith(("/today", "/journal", "/remember", "/actions")) for p in paths)
    assert "404" in paths["/api/v1/checkins/{entry_id}"]["get"]["responses"]
