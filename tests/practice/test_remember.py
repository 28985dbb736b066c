from __future__ import annotations

import pytest

from drawcloser.errors import BadInput
from drawcloser.practice import remember
from drawcloser.practice.journal import Journal
from tests.practice.conftest import Clock


def test_three_lists_edit_and_delete(journal: Journal) -> None:
    a = remember.add(journal, "he-loved", "My laugh when I tell a story badly")
    b = remember.add(journal, "i-love", "How patient he is with his father")
    c = remember.add(journal, "memory", "The night the tent flooded at the lake")
    assert [i.kind for i in remember.items(journal)] == ["he-loved", "i-love", "memory"]
    assert [i.id for i in remember.items(journal, "memory")] == [c.id]
    remember.edit(journal, b.id, text="How patient he is with everyone")
    assert remember.items(journal, "i-love")[0].text == "How patient he is with everyone"
    remember.delete(journal, a.id)
    assert len(remember.items(journal)) == 2
    with pytest.raises(BadInput, match="no remembered item"):
        remember.delete(journal, a.id)
    with pytest.raises(BadInput, match="Choose one of"):
        remember.add(journal, "quality", "x")
    with pytest.raises(BadInput, match="Write the quality"):
        remember.add(journal, "memory", "   ")


def test_resurfacing_is_stable_for_a_day_and_never_repeats_within_a_week(
    journal: Journal, clock: Clock
) -> None:
    assert remember.resurface(journal) is None
    ids = [remember.add(journal, "memory", f"memory {n}").id for n in range(9)]
    shown = []
    for _ in range(21):
        today = remember.resurface(journal)
        assert today is not None
        assert remember.resurface(journal) == today  # the same all day
        shown.append(today.id)
        clock.advance(days=1)
    for start in range(len(shown) - 6):
        week = shown[start : start + 7]
        assert len(set(week)) == 7, week
    assert set(shown) == set(ids)


def test_with_fewer_items_than_days_the_longest_unseen_comes_back(
    journal: Journal, clock: Clock
) -> None:
    ids = [remember.add(journal, "i-love", f"quality {n}").id for n in range(3)]
    shown = []
    for _ in range(9):
        item = remember.resurface(journal)
        assert item is not None
        shown.append(item.id)
        clock.advance(days=1)
    assert sorted(shown[:3]) == sorted(ids)
    assert shown[3:6] == shown[:3] and shown[6:9] == shown[:3]


def test_a_deleted_item_is_replaced_the_same_day(journal: Journal) -> None:
    a = remember.add(journal, "memory", "one")
    remember.add(journal, "memory", "two")
    first = remember.resurface(journal)
    assert first is not None
    remember.delete(journal, first.id)
    again = remember.resurface(journal)
    assert again is not None and again.id != first.id
    assert a.id in {first.id, again.id}
