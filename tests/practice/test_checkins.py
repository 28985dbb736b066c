from __future__ import annotations

from datetime import date, datetime

import pytest

from drawcloser.errors import BadInput
from drawcloser.practice import checkins
from drawcloser.practice.journal import Journal
from tests.practice.conftest import Clock


def test_what_she_said_is_checked_and_its_labels_kept(journal: Journal) -> None:
    saved = checkins.add(
        journal,
        warmth=-1,
        openness=-2,
        happened="He came home late again.",
        said="Why are you doing this to me?",
        response="He went quiet and left the room.",
        tags=["Evening", "late"],
    )
    e = saved.entry
    assert e.said_verdict == "push" and "blame" in e.said_labels
    assert (e.pull_count, e.push_count) == (0, 1)
    assert e.tags == ["evening", "late"]
    assert saved.report is not None and saved.report.verdict == "push"
    assert checkins.get(journal, e.id) == e


def test_edit_rechecks_only_when_what_she_said_changes(journal: Journal, clock: Clock) -> None:
    e = checkins.add(journal, warmth=0, openness=0, said="Why are you doing this to me?").entry
    clock.advance(hours=1)
    edited = checkins.edit(journal, e.id, said="Thank you for fixing the gate, it looks great.")
    assert edited.entry.said_verdict == "pull" and edited.entry.push_count == 0
    assert edited.entry.updated_at > edited.entry.created_at
    again = checkins.edit(journal, e.id, warmth=2)
    assert again.report is None and again.entry.warmth == 2
    assert again.entry.said_verdict == "pull"


def test_list_filters_and_delete(journal: Journal, clock: Clock) -> None:
    first = checkins.add(journal, warmth=1, openness=1, happened="coffee", tags=["morning"])
    clock.advance(days=2)
    checkins.add(journal, warmth=0, openness=0, happened="quiet dinner")
    assert [e.happened for e in checkins.entries(journal)] == ["quiet dinner", "coffee"]
    assert [e.happened for e in checkins.entries(journal, tag="MORNING")] == ["coffee"]
    assert [e.happened for e in checkins.entries(journal, contains="DINNER")] == ["quiet dinner"]
    since = clock.now.date()
    assert [e.happened for e in checkins.entries(journal, since=since)] == ["quiet dinner"]
    assert len(checkins.entries(journal, limit=1)) == 1
    checkins.delete(journal, first.entry.id)
    with pytest.raises(BadInput, match="no check-in number"):
        checkins.get(journal, first.entry.id)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"warmth": 3, "openness": 0, "happened": "x"}, "from -2 to \\+2"),
        ({"warmth": 0, "openness": -5, "happened": "x"}, "from -2 to \\+2"),
        ({"warmth": 0, "openness": 0}, "needs at least one"),
        ({"warmth": 0, "openness": 0, "happened": "x", "at": "2026-02-30 10:00"}, "not a date"),
        ({"warmth": 0, "openness": 0, "happened": "x", "at": "2027-01-01"}, "in the future"),
        ({"warmth": 0, "openness": 0, "happened": "x" * 20_001}, "limit is 20,000"),
        ({"warmth": 0, "openness": 0, "happened": "x", "tags": ["a,b"]}, "Tags are short"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    journal: Journal, kwargs: dict, match: str
) -> None:
    with pytest.raises(BadInput, match=match):
        checkins.add(journal, **kwargs)
    assert checkins.entries(journal) == []


def test_when_accepts_a_date_a_time_or_both(journal: Journal, clock: Clock) -> None:
    a = checkins.add(journal, warmth=0, openness=0, happened="x", at="2026-10-30 21:15").entry
    b = checkins.add(journal, warmth=0, openness=0, happened="x", at="2026-10-29").entry
    c = checkins.add(journal, warmth=0, openness=0, happened="x", at="07:45").entry
    assert a.at == datetime(2026, 10, 30, 21, 15)
    assert b.at == datetime(2026, 10, 29, 12, 0)
    assert c.at == datetime.combine(clock.now.date(), datetime.min.time()).replace(
        hour=7, minute=45
    )
    assert c.at.date() == date(2026, 11, 2)


def test_danger_in_what_happened_brings_the_safety_screen(journal: Journal) -> None:
    saved = checkins.add(
        journal, warmth=-2, openness=-2, happened="He hit me last night and I am scared to go home."
    )
    assert saved.safety is not None
    calm = checkins.add(journal, warmth=-1, openness=0, happened="This week is killing me.")
    assert calm.safety is None
