"""A simulated fortnight whose figures are worked out by hand in the comments.

The check is replaced by a stand-in that reads each sentence "good." as pulling, "bad."
as pushing and any other word as neutral, so every count here can be verified on paper.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from drawcloser.coach.check import check_many
from drawcloser.coach.report import Report, SentenceResult
from drawcloser.practice import actions, charts, checkins, progress, review
from drawcloser.practice.journal import Journal
from drawcloser.practice.sent import log_sent
from tests.practice.conftest import Clock


def stand_in(texts: list[str]) -> list[Report]:
    reports = []
    for text in texts:
        polarity = {"good.": "pull", "bad.": "push"}
        sentences = [
            SentenceResult(0, 0, s, polarity.get(s, "neutral"), {})  # type: ignore[arg-type]
            for s in text.split()
        ]
        reports.append(Report(text, "neutral", 0, "stand-in", sentences, []))
    return reports


@pytest.fixture
def lived(journal: Journal, clock: Clock) -> Journal:
    journal.check = stand_in

    def at(day: int, hour: int = 20) -> datetime:
        return datetime(2026, 11, day, hour, 0)

    # Week 1, Mon 2 - Sun 8 November.
    clock.now = at(8, 23)
    checkins.add(journal, at=at(2), warmth=0, openness=-1, said="good. bad.")
    actions.log(journal, "done", key="coffee-the-way-he-likes", day=date(2026, 11, 3))
    checkins.add(journal, at=at(5), warmth=1, openness=0, said="good. good. good.")
    log_sent(journal, stand_in(["good. bad."])[0], at=at(6))  # counts in the ratio only
    checkins.add(journal, at=at(7), warmth=1, openness=1, said="good.")
    checkins.add(journal, at=at(8), warmth=1, openness=1, said="good.")
    # Week 2, Mon 9 - Sun 15 November: a check-in every day; Wednesday went badly.
    clock.now = at(15, 23)
    for day in range(9, 16):
        if day == 11:
            checkins.add(journal, at=at(day), warmth=-1, openness=-1, said="bad.")
        else:
            checkins.add(journal, at=at(day), warmth=2, openness=1, said="good. " * 5)
    return journal


def test_weekly_ratio_feel_and_steady_days(lived: Journal) -> None:
    p = progress.summary(lived, weeks=2, day=date(2026, 11, 15))
    w1, w2 = p.weeks
    # Week 1: pull 1+3+1 (sent) +1+1 = 7, push 1+1 (sent) = 2.
    assert (w1.pull, w1.push, w1.ratio_text) == (7, 2, "3.5 : 1")
    assert w1.to_dict()["meets_reference"] is False
    # Warmth (0+1+1+1)/4, openness (-1+0+1+1)/4; steady: Mon, Tue (action), Thu, Sat, Sun.
    assert (w1.warmth, w1.openness, w1.steady_days) == (0.75, 0.25, 5)
    # Week 2: six days of five pulls, one push.
    assert (w2.pull, w2.push, w2.ratio_text, w2.steady_days) == (30, 1, "30 : 1", 7)
    assert w2.warmth == pytest.approx(11 / 7)
    assert p.warmth_trend == "rising"
    assert w1.needs == {n: (1 if n in ("loved", "seen") else 0) for n in actions.NEEDS}


def test_daily_figures(lived: Journal) -> None:
    days = {d.start: d for d in progress.summary(lived, day=date(2026, 11, 15)).days}
    assert (days[date(2026, 11, 6)].pull, days[date(2026, 11, 6)].push) == (1, 1)
    assert days[date(2026, 11, 6)].steady_days == 0  # a sent message alone is not a check-in
    assert days[date(2026, 11, 11)].ratio_text == "0 : 1"


def test_streak_counts_back_and_waits_for_today(lived: Journal, clock: Clock) -> None:
    # Steady: 7 and 8 November (week 1's weekend), then all of week 2; the 6th was not.
    assert progress.streak(lived, date(2026, 11, 15)).current == 9
    clock.now = datetime(2026, 11, 16, 9)
    s = progress.streak(lived, date(2026, 11, 16))
    assert (s.current, s.best, s.today_counted) == (9, 9, False)  # today is still open
    s = progress.streak(lived, date(2026, 11, 17))
    assert (s.current, s.best) == (0, 9)


def test_weekly_review_against_last_week(lived: Journal) -> None:
    r = review.weekly(lived, date(2026, 11, 15))
    assert r.ratio_direction == "better"
    assert r.warmth_direction == "rising"
    assert r.week.start == date(2026, 11, 9) and r.last_week.start == date(2026, 11, 2)
    assert r.moment is not None and r.moment.pull == 5
    assert len(r.went_well) == 5  # six warm days, the five best are listed
    assert r.needs_least == list(actions.NEEDS)  # no action this week: all equally unmet


def test_empty_journal_has_honest_empty_figures(journal: Journal) -> None:
    p = progress.summary(journal)
    assert all(w.ratio is None and w.warmth is None for w in p.weeks)
    assert p.warmth_trend == "too early to tell"
    assert (p.streak.current, p.streak.best) == (0, 0)
    r = review.weekly(journal)
    assert r.moment is None and r.went_well == [] and r.ratio_direction == "too early to tell"


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_charts_draw(lived: Journal, fmt: str) -> None:
    out = charts.render(progress.summary(lived, day=date(2026, 11, 15)), fmt)
    assert out.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in out[:500]
    if fmt == "svg":
        assert b"5 : 1" in out and b"30 : 1" in out


def test_dark_chart_draws_the_reference_line_in_the_dark_pages_ink(lived: Journal) -> None:
    day = date(2026, 11, 15)
    dark = charts.render(progress.summary(lived, day=day), "svg", dark=True).decode()
    light = charts.render(progress.summary(lived, day=day), "svg").decode()
    assert charts.DARK_INK in dark and charts.DARK_INK not in light
    assert charts.INK not in dark  # nothing left in the light page's ink, invisible on dark


def test_needs_chart_says_what_fills_it_when_no_action_was_done(journal: Journal) -> None:
    checkins.add(journal, warmth=1, openness=1, said="Thank you for cooking tonight.")
    out = charts.render(progress.summary(journal), "svg").decode()
    assert "No small action marked done in the last 7 days." in out


def test_the_real_check_feeds_the_ratio(journal: Journal) -> None:
    checkins.add(
        journal, warmth=1, openness=1, said="Thank you for cooking tonight, it was lovely."
    )
    log_sent(journal, check_many(["Why are you doing this to me?"], "fast")[0])
    week = progress.summary(journal, weeks=1).weeks[-1]
    assert (week.pull, week.push) == (1, 1)
