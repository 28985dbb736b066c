from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from drawcloser.errors import BadInput
from drawcloser.practice import actions
from drawcloser.practice.journal import Journal
from tests.practice.conftest import Clock


def test_the_library_is_large_and_balanced() -> None:
    library = actions.built_in()
    assert len(library) >= 80
    assert len({a.key for a in library}) == len(library)
    needs = Counter(n for a in library for n in a.needs)
    assert all(needs[n] >= 20 for n in actions.NEEDS)
    assert {a.effort for a in library} == set(actions.EFFORTS)


def test_suggestion_is_kept_for_the_day_and_skips_recent_ones(
    journal: Journal, clock: Clock
) -> None:
    seen = []
    for _ in range(14):
        s = actions.suggest(journal)
        assert actions.suggest(journal).action == s.action
        seen.append(s.action.key)
        clock.advance(days=1)
    assert len(set(seen)) == 14


def test_suggestion_balances_needs_over_the_week(journal: Journal, clock: Clock) -> None:
    done: Counter[str] = Counter()
    for _ in range(21):
        s = actions.suggest(journal)
        actions.log(journal, "done")
        done.update(s.action.needs)
        clock.advance(days=1)
    # Every need was served, and none was left far behind the others.
    assert min(done[n] for n in actions.NEEDS) >= 3


def test_the_least_served_need_is_the_focus(journal: Journal, clock: Clock) -> None:
    loved = [a for a in actions.built_in() if a.needs == ("loved",)]
    for n, a in enumerate(loved[:3]):
        actions.log(journal, "done", key=a.key, day=clock.now.date() - timedelta(days=n))
    s = actions.suggest(journal)
    assert "loved" not in s.action.needs
    assert s.focus != "loved"


def test_hidden_actions_are_never_suggested(journal: Journal, clock: Clock) -> None:
    keep = actions.built_in()[0]
    for a in actions.built_in()[1:]:
        actions.hide(journal, a.key)
    for _ in range(3):
        assert actions.suggest(journal).action.key == keep.key  # all that is left repeats
        clock.advance(days=1)
    actions.hide(journal, keep.key)
    with pytest.raises(BadInput, match="Every action is hidden"):
        actions.suggest(journal)
    actions.hide(journal, keep.key, hidden=False)
    assert actions.suggest(journal).action.key == keep.key


def test_her_own_actions_join_the_library(journal: Journal) -> None:
    mine = actions.add_own(
        journal, "Leave his favourite song playing when he gets home", ["loved"], "minute"
    )
    assert mine.own and mine.key.startswith("own-")
    assert actions.find(journal, mine.key).text.startswith("Leave his favourite song")
    listed = actions.catalogue(journal, need="loved", effort="minute")
    assert listed[0].key == mine.key
    actions.delete_own(journal, mine.key)
    with pytest.raises(BadInput, match="no action"):
        actions.find(journal, mine.key)
    with pytest.raises(BadInput, match="only your own"):
        actions.delete_own(journal, actions.built_in()[0].key)
    with pytest.raises(BadInput, match="Needs are"):
        actions.add_own(journal, "x", ["adored"], "minute")
    with pytest.raises(BadInput, match="Effort is one of"):
        actions.add_own(journal, "x", ["seen"], "a week")
    with pytest.raises(BadInput, match="which need"):
        actions.add_own(journal, "x", [], "minute")


def test_log_done_skipped_and_his_response(journal: Journal, clock: Clock) -> None:
    s = actions.suggest(journal)
    logged = actions.log(journal, "skipped")
    assert logged.key == s.action.key and logged.status == "skipped"
    logged = actions.log(journal, "done", response="He laughed and hugged me", reaction=2)
    assert [h.status for h in actions.history(journal)] == ["done"]  # updated, not doubled
    assert actions.suggest(journal).log == logged
    with pytest.raises(BadInput, match="from -2 to"):
        actions.log(journal, "done", reaction=5)
    with pytest.raises(BadInput, match="one of: done, skipped"):
        actions.log(journal, "maybe")
    with pytest.raises(BadInput, match="in the future"):
        actions.log(journal, "done", day=clock.now.date() + timedelta(days=1))


def test_another_swaps_the_suggestion(journal: Journal) -> None:
    first = actions.suggest(journal).action
    second = actions.suggest(journal, another=True).action
    assert second != first
    assert actions.suggest(journal).action == second
