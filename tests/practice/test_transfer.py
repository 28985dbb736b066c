"""Export, import, delete-all."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from drawcloser.errors import BadInput
from drawcloser.practice import actions, checkins, lock, remember, transfer
from drawcloser.practice.journal import Journal
from drawcloser.practice.sent import log_sent
from tests.practice.conftest import Clock, fast_check


def _fill(j: Journal, clock: Clock) -> None:
    for day in range(5):
        checkins.add(
            j,
            warmth=day % 3 - 1,
            openness=1,
            happened=f"Day {day}: we cooked together 🍝",
            said="Thank you for the lovely evening." if day % 2 else "Why are you doing this?",
            response="He smiled — then went to bed early",
            tags=["dinner", f"week-{day // 3}"],
        )
        actions.suggest(j)
        actions.log(j, "done" if day % 2 else "skipped", response="He said thanks", reaction=1)
        remember.resurface(j) if day else None
        clock.advance(days=1)
        if day == 0:
            remember.add(j, "memory", "The first flat with the green door")
            remember.add(j, "i-love", "His terrible puns")
    own = actions.add_own(j, "Put a note in his coat pocket", ["loved", "seen"], "minute")
    actions.hide(j, own.key)
    actions.hide(j, actions.built_in()[3].key)
    actions.log(j, "done", key=own.key, response="He kept the note")
    log_sent(j, fast_check(["I'm proud of how you handled today."])[0])


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    """Drop what an import may legitimately change: row ids and the export's own time."""
    text = json.dumps({k: v for k, v in data.items() if k != "exported_at"}, sort_keys=True)
    text = re.sub(r'"own-\d+"', '"own-N"', text)
    out = json.loads(text)
    for rows in out.values():
        if isinstance(rows, list):
            for row in rows:
                row.pop("id", None)
                if "item_id" in row:
                    row["item_id"] = "ref"
    return out


def test_export_delete_all_import_round_trip(journal: Journal, clock: Clock) -> None:
    _fill(journal, clock)
    first = transfer.export_data(journal)
    assert len(first["checkins"]) == 5 and len(first["action_log"]) == 6
    transfer.delete_all(journal)
    assert transfer.is_empty(journal)
    counts = transfer.import_data(journal, json.loads(json.dumps(first)))
    assert counts["checkins"] == 5
    second = transfer.export_data(journal)
    assert _normalised(second) == _normalised(first)
    # References survive the re-numbering: the hidden own action and its log still match.
    own_key = second["own_actions"][0]["id"]
    assert f"own-{own_key}" in {h["action_key"] for h in second["hidden_actions"]}


def test_round_trip_of_a_locked_journal(open_j, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    j = open_j()
    _fill(j, clock)
    lock.lock(j, "a long passphrase")
    first = transfer.export_data(j)
    assert first["checkins"][0]["happened"].startswith("Day 0")  # exported readable
    transfer.import_data(j, first, replace=True)
    assert _normalised(transfer.export_data(j)) == _normalised(first)
    assert open_j("a long passphrase").locked  # the lock stays on


def test_import_refuses_a_journal_with_entries_unless_replacing(
    journal: Journal, clock: Clock
) -> None:
    _fill(journal, clock)
    data = transfer.export_data(journal)
    with pytest.raises(BadInput, match="already has entries"):
        transfer.import_data(journal, data)
    transfer.import_data(journal, data, replace=True)
    assert len(checkins.entries(journal)) == 5


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: {"hello": "world"}, "not a drawcloser export"),
        (lambda d: {**d, "version": 99}, "newer drawcloser"),
        (lambda d: {**d, "checkins": "nope"}, "not a list"),
        (lambda d: _at(d, "checkins", -1, warmth=7), "checkins #5.*-2 to \\+2"),
        (lambda d: _at(d, "checkins", -1, at="yesterday"), "not a date and time"),
        (lambda d: _at(d, "remember", 0, kind="wish"), "Choose one of"),
        (lambda d: _at(d, "own_actions", 0, needs=["money"]), "Needs are"),
        (lambda d: _at(d, "action_log", 0, surprise=1), "unknown field"),
    ],
)
def test_a_damaged_file_imports_nothing(
    journal: Journal, clock: Clock, mutate: Any, match: str
) -> None:
    _fill(journal, clock)
    data = transfer.export_data(journal)
    transfer.delete_all(journal)
    with pytest.raises(BadInput, match=match):
        transfer.import_data(journal, mutate(json.loads(json.dumps(data))))
    assert transfer.is_empty(journal)


def _at(data: dict[str, Any], section: str, index: int, **changes: Any) -> dict[str, Any]:
    data[section][index].update(changes)
    return data


def test_a_crash_half_way_leaves_the_journal_as_it_was(
    journal: Journal, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(journal, clock)
    data = transfer.export_data(journal)
    before = transfer.export_data(journal)
    calls = {"n": 0}
    real = transfer._build

    def crash(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 9:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer, "_build", crash)
    with pytest.raises(RuntimeError):
        transfer.import_data(journal, data, replace=True)
    assert _normalised(transfer.export_data(journal)) == _normalised(before)


def test_csv_and_markdown(journal: Journal, clock: Clock) -> None:
    _fill(journal, clock)
    archive = zipfile.ZipFile(io.BytesIO(transfer.export_csv(journal)))
    assert set(archive.namelist()) == {f"{n}.csv" for n in transfer.SECTIONS}
    rows = list(csv.DictReader(io.StringIO(archive.read("checkins.csv").decode())))
    assert len(rows) == 5 and rows[0]["happened"] == "Day 0: we cooked together 🍝"
    assert json.loads(rows[0]["tags"]) == ["dinner", "week-0"]
    md = transfer.export_markdown(journal).decode()
    assert "## Check-ins" in md and "His terrible puns" in md and "Put a note" in md


def test_import_file_bad_inputs(journal: Journal, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "drawcloser-export", "version": 1, "checkins": [')
    with pytest.raises(BadInput, match="not valid JSON"):
        transfer.import_file(journal, bad)
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(BadInput, match="binary"):
        transfer.import_file(journal, binary)
    with pytest.raises(BadInput, match="no such file"):
        transfer.import_file(journal, tmp_path / "missing.json")


def test_an_export_saved_with_a_byte_order_mark_still_imports(
    journal: Journal, clock: Clock, tmp_path: Path
) -> None:
    _fill(journal, clock)
    exported = transfer.export_json(journal)
    transfer.delete_all(journal)
    saved = tmp_path / "saved-by-notepad.json"
    saved.write_bytes(b"\xef\xbb\xbf" + exported)  # Windows Notepad's UTF-8 adds a BOM
    assert transfer.is_export(saved.read_bytes())
    assert transfer.import_file(journal, saved)["checkins"] == 5


def test_import_counts_are_said_in_her_words() -> None:
    said = transfer.describe_counts(
        {"checkins": 1, "remember": 3, "daily_picks": 4, "chats": 2, "chat_messages": 1200}
    )
    assert said == "1 check-in, 3 qualities and memories, 2 chats, 1,200 chat messages"
    assert transfer.describe_counts({"daily_picks": 2, "preferences": 1}) == "nothing"


def test_delete_all_leaves_nothing_behind(journal: Journal, clock: Clock) -> None:
    _fill(journal, clock)
    lock.lock(journal, "a long passphrase")
    transfer.delete_all(journal)
    assert transfer.is_empty(journal) and not journal.locked
    if journal.db.is_sqlite:
        assert journal.db.path is not None
        raw = b"".join(p.read_bytes() for p in journal.db.path.parent.iterdir() if p.is_file())
        assert b"green door" not in raw and b"cooked together" not in raw
