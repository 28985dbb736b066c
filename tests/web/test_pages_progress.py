"""Progress in-process over ASGI: the page, its charts, the weekly review and its week
picker, and the same under /api/v1.

Each test gets a fresh app on an empty journal (a temp home), so none depends on another.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from drawcloser import messages
from tests.web.conftest import text_of
from tests.web.page_helpers import (
    WARM,
    checkin,
    three_checkins,
    title_of,
    today_of,
)


def test_progress_first_time_says_to_start_with_a_check_in(web: TestClient) -> None:
    page = web.get("/progress")
    assert page.status_code == 200
    words = text_of(page)
    assert "Your progress starts with one check-in" in words
    assert 'href="/today"' in page.text and 'href="/check"' in page.text
    assert 'href="/chats"' in page.text
    # No chart of nothing, no bars of nothing.
    assert "/progress/chart.svg" not in page.text and "ratio-bars" not in page.text
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
    assert re.search(r'<img class="chart-img" src="/progress/chart.svg\?theme=light"', page.text)
    assert 'srcset="/progress/chart.svg?theme=dark"' in page.text
    # The review: what went well, this week's ratio, the moment that pulled most.
    review = page.text.split('id="review"', 1)[1]
    went_well = re.findall(r"<li>(.*?)</li>", review.split("went-well", 1)[1].split("</ul>")[0])
    assert any("Dinner" in item for item in went_well), went_well
    assert not any("Argument" in item for item in went_well), went_well
    assert f"This week <strong>{figures['ratio_text']}</strong> (2 pull, 2 push)" in review
    moment = re.search(r'<blockquote class="moment">\s*<p>(.*?)</p>', review, re.S)
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
        ("last tuesday", messages.WEB_BAD_DATE.format(value="last tuesday")),
        ("2999-01-01", messages.WEB_FUTURE_WEEK),
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
        ("/api/v1/progress?date=2999-01-01", messages.WEB_FUTURE_WEEK),
        ("/api/v1/review?date=2999-01-01", messages.WEB_FUTURE_WEEK),
        ("/api/v1/progress?date=yesterday", '"date"'),
        ("/api/v1/progress?weeks=0", '"weeks"'),
        ("/api/v1/progress?weeks=105", '"weeks"'),
    ],
)
def test_api_progress_bad_parameters_are_422(web: TestClient, path: str, needle: str) -> None:
    answer = web.get(path)
    assert answer.status_code == 422
    assert needle in answer.json()["error"]
