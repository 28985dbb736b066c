"""Imported chats in the journal: idempotent storage, the lock, and the report's figures.

The check is the stand-in of test_progress ("good." pulls, "bad." pushes), so every figure
below can be worked out from the chat by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from drawcloser.chats import analysis, store
from drawcloser.errors import BadInput
from drawcloser.practice import lock, transfer
from drawcloser.practice.journal import Journal
from tests.practice.test_progress import stand_in

CHAT = """\
02/11/2026, 08:00 - Messages and calls are end-to-end encrypted.
02/11/2026, 08:00 - Ana: good. good.
02/11/2026, 08:10 - Ben: good.
02/11/2026, 08:30 - Ana: bad.
02/11/2026, 09:00 - Ben: bad.
03/11/2026, 12:00 - Ana: good.
03/11/2026, 12:01 - Ana: are you there
03/11/2026, 12:02 - Ana: bad.
03/11/2026, 17:00 - Ben: good. good.
03/11/2026, 17:20 - Ana: ok
03/11/2026, 17:20 - Ana: ok
10/11/2026, 07:00 - Ben: <Media omitted>
10/11/2026, 07:30 - Ana: good.
"""
# By hand. Her messages: 02/11 "good. good." (2 pull), "bad." (1 push); 03/11 "good." (1),
# "are you there" (neutral), "bad." (1 push), "ok" twice (neutral); 10/11 "good." (1).
# Week of 2 Nov: pull 3, push 2. Week of 9 Nov: pull 1, push 0. His week 1: pull 3, push 1
# -> warmth 100*(3-1)/4 = 50. Chasing: 12:00, 12:01, 12:02 unanswered until 17:00, five
# hours -> one run. Starts (6 h of quiet): 02/11 08:00 Ana, 03/11 12:00 Ana, 10/11 07:00
# Ben. His replies: 08:10 (10 min after 08:00), 09:00 (30 min), 17:00 follows 12:02 by
# 4h58 (< 6 h, so a reply): 298 min -> median of 10, 30, 298 = 30. Hers: 08:30 (20 min),
# 17:20 (20 min), 07:30 (30 min) -> median 20.


def _write(tmp_path: Path, body: str, name: str = "WhatsApp Chat with Ben.txt") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _import(j: Journal, path: Path, me: str = "Ana") -> store.Imported:
    p = store.plan(path)
    her, him = store.who_is_who(p, me)
    return store.import_chat(j, p, her, him)


@pytest.fixture
def j(journal: Journal) -> Journal:
    journal.check = stand_in
    return journal


def test_report_figures_by_hand(j: Journal, tmp_path: Path) -> None:
    done = _import(j, _write(tmp_path, CHAT))
    assert (done.added, done.already_there, done.new_chat) == (12, 0, True)
    assert (done.chat.me, done.chat.him, done.chat.messages) == ("Ana", "Ben", 12)
    r = analysis.report(j, done.chat.id)
    assert (r.her_messages, r.his_messages) == (8, 4)
    w1, w2 = r.weeks
    assert (w1.pull, w1.push, w2.pull, w2.push) == (3, 2, 1, 0)
    assert w1.his_warmth == 50 and w2.his_warmth is None
    assert [(run.messages, run.hours_to_reply) for run in r.runs] == [(3, 5.0)]
    assert (w1.chasing_runs, w2.chasing_runs) == (1, 0)
    assert (r.her_starts, r.his_starts) == (2, 1)
    assert (r.his_median_reply_minutes, r.her_median_reply_minutes) == (30, 20)
    assert [m.text for m in r.pushed_most] == ["bad.", "bad."]
    assert r.pulled_most[0].text == "good. good."
    assert [c["who"] for c in r.pulled_most[0].context] == ["me", "him"]  # nothing before it
    assert r.to_dict()["ratio_text"] == "2 : 1"


def test_reimport_adds_nothing_and_an_overlapping_export_adds_only_the_new(
    j: Journal, tmp_path: Path
) -> None:
    first = _import(j, _write(tmp_path, CHAT))
    again = _import(j, _write(tmp_path, CHAT))
    assert (again.added, again.already_there, again.new_chat) == (0, 12, False)
    later = [
        *CHAT.splitlines()[5:],
        "11/11/2026, 19:00 - Ben: good.",
        "11/11/2026, 19:05 - Ana: ok",
    ]
    more = _import(j, _write(tmp_path, "\n".join(later) + "\n", "later.txt"))
    assert (more.chat.id, more.added, more.already_there) == (first.chat.id, 2, 8)
    assert store.get_chat(j, first.chat.id).messages == 14


def test_identical_messages_in_the_same_minute_are_both_kept(j: Journal, tmp_path: Path) -> None:
    done = _import(j, _write(tmp_path, CHAT))
    with j.db.read() as s:
        oks = s.execute(text("SELECT seq FROM chat_messages WHERE text = 'ok' ORDER BY seq"))
        assert [row[0] for row in oks] == [0, 1]
    assert done.added == 12


def test_a_malformed_file_stores_nothing(j: Journal, tmp_path: Path) -> None:
    broken = CHAT + "\x00\x01 garbage that is binary\n"
    with pytest.raises(BadInput):
        _import(j, _write(tmp_path, broken))
    assert store.chats(j) == []


def test_choices_and_group_chats(j: Journal, tmp_path: Path) -> None:
    path = _write(tmp_path, CHAT)
    with pytest.raises(store.ChoiceNeeded, match="Which sender is you"):
        store.who_is_who(store.plan(path), None)
    with pytest.raises(store.ChoiceNeeded, match="not a sender"):
        store.who_is_who(store.plan(path), "Zoe")
    group = CHAT + "12/11/2026, 10:00 - Cal: hi all\n"
    with pytest.raises(BadInput, match="group chat"):
        store.plan(_write(tmp_path, group, "group.txt"))
    with pytest.raises(BadInput, match="no imported chat"):
        analysis.report(j, 99)


def test_locked_chats_hold_no_text_and_stay_idempotent(
    open_j: Callable[..., Journal], tmp_path: Path
) -> None:
    j = open_j()
    j.check = stand_in
    path = _write(tmp_path, CHAT.replace("are you there", "Quetzalcoatl are you there"))
    _import(j, path)
    lock.lock(j, "a long passphrase")
    with j.db.read() as s:
        stored = " ".join(
            str(v)
            for table in ("chats", "chat_messages")
            for row in s.execute(text(f"SELECT * FROM {table}"))
            for v in row
        )
    assert "Quetzalcoatl" not in stored and "Ben" not in stored
    again = _import(j, path)
    assert (again.added, again.already_there) == (0, 12)
    lock.unlock(j, "a long passphrase")
    assert _import(j, path).added == 0


def test_chats_travel_in_the_export(j: Journal, tmp_path: Path) -> None:
    first = _import(j, _write(tmp_path, CHAT))
    data = transfer.export_data(j)
    assert len(data["chat_messages"]) == 12
    transfer.delete_all(j)
    transfer.import_data(j, data)
    (chat,) = store.chats(j)
    assert chat.messages == 12 and chat.him == "Ben"
    assert _import(j, _write(tmp_path, CHAT)).added == 0  # digests recomputed on the way in
    store.delete_chat(j, chat.id)
    assert store.chats(j) == [] and first.chat.id


def _rows(j: Journal) -> list[tuple[object, ...]]:
    with j.db.read() as s:
        return [
            tuple(r)
            for r in s.execute(
                text(
                    "SELECT sent_at, from_me, seq, fingerprint, verdict, score, labels,"
                    " pull_count, push_count, safety FROM chat_messages ORDER BY sent_at, seq, id"
                )
            )
        ]


def _long_chat(days: int) -> str:
    lines = ["01/09/2026, 08:00 - Messages and calls are end-to-end encrypted."]
    said = ["good.", "bad.", "are you there", "good. good.", "ok", "bad. good.", "<Media omitted>"]
    for d in range(days):
        day = f"{1 + d % 28:02d}/{9 + d // 28:02d}/2026"
        for n in range(12):
            who = "Ana" if n % 3 else "Ben"
            lines.append(f"{day}, {8 + n:02d}:{d % 60:02d} - {who}: {said[(d + n) % 7]} {d}")
    return "\n".join(lines) + "\n"


def test_worker_processes_store_what_a_serial_import_stores(
    j: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drawcloser.chats.reading import PoolReader, Reader

    monkeypatch.setattr(store, "BATCH", 50)  # many batches in flight at once
    path = _write(tmp_path, _long_chat(40))
    one = store.import_chat(j, store.plan(path), "Ana", "Ben", reader=Reader(stand_in))
    serial = _rows(j)
    store.delete_chat(j, one.chat.id)
    two = store.import_chat(j, store.plan(path), "Ana", "Ben", reader=PoolReader(stand_in, 2))
    assert one.added == two.added == 480
    assert len(serial) == 480 and _rows(j) == serial


def _failing_check(texts: list[str]) -> list[object]:
    if any(t.startswith("bad. good. 3") for t in texts):
        raise RuntimeError("a worker fails half-way")
    return stand_in(texts)  # type: ignore[no-any-return]


def test_a_failing_worker_stores_nothing(
    j: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drawcloser.chats.reading import PoolReader

    monkeypatch.setattr(store, "BATCH", 50)
    p = store.plan(_write(tmp_path, _long_chat(40)))
    with pytest.raises(RuntimeError):
        store.import_chat(j, p, "Ana", "Ben", reader=PoolReader(_failing_check, 2))  # type: ignore[arg-type]
    assert store.chats(j) == [] and _rows(j) == []


def test_an_sms_backup_knows_which_messages_are_hers(tmp_path: Path) -> None:
    sms_file = Path(__file__).parents[1] / "chats" / "fixtures" / "sms-20231115.xml"
    p = store.plan(sms_file, "5550107788")
    assert store.who_is_who(p, None) == ("me", "Daniel")  # no question to ask
    with pytest.raises(store.ChoiceNeeded):  # a WhatsApp export cannot know
        store.who_is_who(store.plan(_write(tmp_path, CHAT)), None)
