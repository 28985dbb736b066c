"""The practice through the command line, as she would use it (no terminal: flags only)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from drawcloser.cli import cli


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("DRAWCLOSER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DRAWCLOSER_ENGINE", "fast")
    for name in ("DRAWCLOSER_DATABASE_URL", "DRAWCLOSER_PASSPHRASE", "DRAWCLOSER_NEW_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def days_ago(n: int, hour: int = 19) -> str:
    return (
        (datetime.now() - timedelta(days=n)).replace(hour=hour, minute=0).strftime("%Y-%m-%d %H:%M")
    )


def test_checkin_and_the_journal(run: Any) -> None:
    saved = _json(
        run(
            "checkin",
            "--when",
            days_ago(1),
            "--happened",
            "Dinner at his mother's",
            "--said",
            "Why are you doing this to me?",
            "--response",
            "He sighed",
            "--warmth",
            "-1",
            "--openness",
            "-2",
            "--tag",
            "family",
            "--json",
        )
    )
    entry = saved["entry"]
    assert entry["said_verdict"] == "push" and "blame" in entry["said_labels"]
    run("checkin", "--happened", "Coffee in the garden", "--warmth", "2", "--openness", "1")
    listed = _json(run("journal", "list", "--json"))
    assert [e["happened"] for e in listed] == ["Coffee in the garden", "Dinner at his mother's"]
    assert "Coffee in the garden" in run("journal").output  # bare `journal` lists
    assert _json(run("journal", "list", "--tag", "family", "--json"))[0]["id"] == entry["id"]
    shown = run("journal", "show", str(entry["id"]))
    assert "He sighed" in shown.output and "push" in shown.output
    edited = _json(run("journal", "edit", str(entry["id"]), "--warmth", "0", "--json"))
    assert edited["warmth"] == 0 and edited["openness"] == -2
    assert run("journal", "delete", str(entry["id"])).exit_code == 2  # asks; no terminal
    assert run("journal", "delete", str(entry["id"]), "--yes").exit_code == 0
    assert len(_json(run("journal", "list", "--json"))) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["checkin", "--warmth", "3", "--openness", "0", "--happened", "x"], "-2 to +2"),
        (
            [
                "checkin",
                "--warmth",
                "0",
                "--openness",
                "0",
                "--happened",
                "x",
                "--when",
                "2026-02-31 10:00",
            ],
            "not a date",
        ),
        (["checkin", "--warmth", "0", "--openness", "0"], "needs at least one"),
        (["checkin", "--happened", "x"], "Give --warmth and --openness"),
        (["journal", "show", "42"], "no check-in number 42"),
        (["journal", "list", "--from", "last tuesday"], "not a date"),
        (["remember", "edit", "7", "x"], "no remembered item number 7"),
        (["actions", "hide", "no-such-action"], "no action 'no-such-action'"),
        (["today", "--date", "2026-13-01"], "not a date"),
        (["today", "--done", "--reaction", "9"], "-2 to +2"),
        (["progress", "--chart", "chart.pdf"], "PNG or SVG"),
        (["delete-all"], "add --yes"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(run: Any, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_remember_today_and_actions(run: Any) -> None:
    assert "Nothing here yet" in run("remember").output
    run("remember", "add", "he-loved", "How I sang in the car")
    run("remember", "add", "i-love", "His steady hands")
    run("remember", "add", "memory", "The lake house in the rain")
    items = _json(run("remember", "list", "--json"))
    assert [i["kind"] for i in items] == ["he-loved", "i-love", "memory"]
    day = _json(run("today", "--json"))
    assert day["action"]["key"] and day["remember"]["text"]
    assert _json(run("today", "--json"))["action"] == day["action"]  # stable for the day
    other = _json(run("today", "--another", "--json"))
    assert other["action"]["key"] != day["action"]["key"]
    done = _json(run("today", "--done", "--response", "He laughed", "--reaction", "2", "--json"))
    assert done["log"]["status"] == "done" and done["log"]["response"] == "He laughed"
    mine = run("actions", "add", "Save him the last slice", "--need", "loved")
    assert mine.exit_code == 0
    key = mine.output.split()[1].rstrip(":")
    assert key.startswith("own-")
    assert run("actions", "hide", key).exit_code == 0
    assert key in run("actions", "list", "--hidden").output
    assert run("actions", "unhide", key).exit_code == 0
    assert any(a["key"] == key for a in _json(run("actions", "list", "--need", "loved", "--json")))
    assert run("actions", "delete", key, "--yes").exit_code == 0


def test_a_month_of_practice_progress_and_review(run: Any, tmp_path: Path) -> None:
    today = date.today()
    for n in range(27, -1, -1):
        if n % 4 == 3:
            continue  # a missed day every fourth day
        day = (today - timedelta(days=n)).isoformat()
        run(
            "checkin",
            "--when",
            days_ago(n),
            "--happened",
            f"Evening {n}",
            "--said",
            "Thank you for cooking, it was lovely.",
            "--warmth",
            "1",
            "--openness",
            "1",
        )
        run("today", "--date", day, "--done")
    p = _json(run("progress", "--weeks", "5", "--json"))
    assert p["streak"]["current"] == 3 and p["streak"]["today_counted"] is True
    assert p["streak"]["best"] == 3
    assert sum(w["pull"] for w in p["weeks"]) == 21 and sum(w["push"] for w in p["weeks"]) == 0
    assert sum(p["needs_last_7_days"].values()) >= 6
    chart = tmp_path / "progress.svg"
    assert run("progress", "--chart", str(chart)).exit_code == 0
    assert chart.read_bytes().lstrip().startswith(b"<?xml")
    r = _json(run("review", "--json"))
    assert r["moment_that_pulled_most"]["text"] == "Thank you for cooking, it was lovely."
    assert "Your week" in run("review").output


def test_check_log_counts_a_sent_message(run: Any) -> None:
    assert run("check", "--log", "I'm proud of you for today.").exit_code == 0
    assert run("check", "--log", "Why do you never answer me??").exit_code == 0
    week = _json(run("progress", "--weeks", "1", "--json"))["weeks"][-1]
    assert week["pull"] >= 1 and week["push"] >= 1


def test_export_delete_all_import_round_trip(run: Any, tmp_path: Path) -> None:
    run("checkin", "--happened", "Breakfast together ☀️", "--warmth", "2", "--openness", "2")
    run("remember", "add", "memory", "Our first flat")
    run("today", "--done", "--response", "He noticed")
    first = tmp_path / "export.json"
    assert run("export", "--output", str(first)).exit_code == 0
    assert run("export", "-o", str(tmp_path / "tables.zip")).exit_code == 0
    assert "Our first flat" in run("export", "--format", "markdown").output
    assert run("delete-all", "--yes").exit_code == 0
    assert _json(run("journal", "list", "--json")) == []
    result = run("import", str(first))
    assert result.exit_code == 0 and "1 check-in, 1 quality or memory" in result.output
    assert run("import", str(first)).exit_code == 2  # not into a journal with entries
    assert run("import", str(first), "--replace", "--yes").exit_code == 0
    again = tmp_path / "again.json"
    run("export", "-o", str(again))
    a, b = json.loads(first.read_text()), json.loads(again.read_text())
    for d in (a, b):
        d.pop("exported_at")
    assert a["checkins"][0]["happened"] == b["checkins"][0]["happened"] == "Breakfast together ☀️"
    assert len(a["action_log"]) == len(b["action_log"]) == 1


def test_import_rejects_damaged_files(run: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "drawcloser-export", "version": 1, "checkins": [{"warmth": 9}]}')
    result = run("import", str(bad))
    assert result.exit_code == 2 and "Nothing was imported" in result.output
    assert run("import", str(tmp_path / "nope.json")).exit_code == 2


def test_lock_unlock_through_the_cli(run: Any, tmp_path: Path) -> None:
    run("remember", "add", "memory", "Snowed in at the cabin")
    assert run("lock").exit_code == 2  # no terminal and no new passphrase given
    assert run("lock", env={"DRAWCLOSER_NEW_PASSPHRASE": "river stones 42"}).exit_code == 0
    locked = run("remember", "list")
    assert locked.exit_code == 2 and "locked" in locked.output
    wrong = run("remember", "list", env={"DRAWCLOSER_PASSPHRASE": "not it at all"})
    assert wrong.exit_code == 2 and "does not open" in wrong.output
    ok = run("remember", "list", env={"DRAWCLOSER_PASSPHRASE": "river stones 42"})
    assert "Snowed in at the cabin" in ok.output
    db = tmp_path / "home" / "journal.db"
    assert b"Snowed in" not in db.read_bytes()
    changed = run(
        "lock",
        "--change",
        env={
            "DRAWCLOSER_PASSPHRASE": "river stones 42",
            "DRAWCLOSER_NEW_PASSPHRASE": "harbour lights 7",
        },
    )
    assert changed.exit_code == 0
    env = {"DRAWCLOSER_PASSPHRASE": "harbour lights 7"}
    assert run("unlock", "--yes", env=env).exit_code == 0
    assert "Snowed in at the cabin" in run("remember", "list").output


FIXTURES = Path(__file__).parent / "chats" / "fixtures"


def test_chat_import_list_report_and_delete(run: Any, tmp_path: Path) -> None:
    chat = FIXTURES / "WhatsApp Chat with Daniel.txt"
    asked = run("import", str(chat))
    assert asked.exit_code == 2 and "Which sender is you" in asked.output
    assert "Daniel, Maya" in asked.output
    done = run("import", str(chat), "--me", "maya")
    assert done.exit_code == 0 and "New chat #1" in done.output
    again = run("import", str(chat), "--me", "Maya")
    assert "0 messages added" in again.output
    listed = _json(run("chats", "--json"))
    assert listed[0]["him"] == "Daniel" and listed[0]["messages"] > 0
    report = _json(run("chat", "report", "1", "--json"))
    assert report["her_messages"] + report["his_messages"] == listed[0]["messages"]
    chart = tmp_path / "chat.png"
    shown = run("chat", "report", "1", "--chart", str(chart))
    assert "Week by week" in shown.output and chart.read_bytes().startswith(b"\x89PNG")
    assert run("chat", "delete", "1", "--yes").exit_code == 0
    assert "No chats imported yet" in run("chats").output


def test_chat_import_bad_files(run: Any, tmp_path: Path) -> None:
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some notes\nnothing else\n")
    result = run("import", str(unknown))
    assert result.exit_code == 2 and "WhatsApp" in result.output and "Telegram" in result.output
    sms = run("import", str(FIXTURES / "sms-20231115.xml"), "--me", "me")
    assert sms.exit_code == 2 and "--conversation" in sms.output
    chosen = run(
        "import", str(FIXTURES / "sms-20231115.xml"), "--me", "me", "--conversation", "Daniel"
    )
    assert chosen.exit_code == 0, chosen.output
    assert run("chat", "report", "7").exit_code == 2
