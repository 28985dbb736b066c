import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drawcloser.cli import cli


@pytest.fixture
def run():  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, input: bytes | str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), input=input)

    return invoke


def test_check_prints_findings_and_alternatives(run) -> None:  # type: ignore[no-untyped-def]
    result = run("check", "Why are you doing this to me?")
    assert result.exit_code == 0, result.output
    assert "blame" in result.output
    assert "He may hear" in result.output
    assert "Try:" in result.output


def test_check_colours_push_red_and_pull_green(run) -> None:  # type: ignore[no-untyped-def]
    from drawcloser.coach.check import check
    from drawcloser.render import highlighted

    text = "I love you. You never listen."
    shown = highlighted(check(text))
    assert "\x1b[31m" in shown and "\x1b[32m" in shown


def test_check_json_and_stdin(run) -> None:  # type: ignore[no-untyped-def]
    result = run("check", "-", "--json", input=b"we need to talk")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["verdict"] == "push"
    assert report["findings"][0]["label"] == "pressure"


def test_batch_plain_and_json_lines(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plain = tmp_path / "plain.txt"
    plain.write_text("we need to talk\nthanks for dinner\nok\n", encoding="utf-8")
    result = run("check", "--batch", str(plain))
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert [r["text"] for r in lines] == ["we need to talk", "thanks for dinner", "ok"]

    jsonl = tmp_path / "msgs.jsonl"
    jsonl.write_text('{"text": "hello??"}\n{"text": "love you"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("check", "--batch", str(jsonl), "--output", str(out))
    assert result.exit_code == 0
    assert [json.loads(x)["verdict"] for x in out.read_text().splitlines()] == ["push", "pull"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b'{"text": "fine"}\n{"text": \n', "Line 2"),
        (b'{"message": "hi"}\n', 'no "text" field'),
        (b"hello\n\nworld\n", "Line 2"),
        (b"\xff\xfe\x00\x01binary", "binary"),
        (b"caf\xe9 au lait\n", "not UTF-8"),
        (b"", "no messages"),
    ],
)
def test_bad_batch_files_exit_2_and_write_nothing(  # type: ignore[no-untyped-def]
    run, tmp_path: Path, content: bytes, needle: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    out = tmp_path / "out.jsonl"
    result = run("check", "--batch", str(path), "--output", str(out))
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["check", ""], None, "empty"),
        (["check", "-"], b"\xc3\x28", "not UTF-8"),
        (["check", "-"], b"\x00\x00binary", "binary"),
        (["check", "x" * 20001], None, "20,000"),
        (["check", "--batch", "/no/such/file"], None, "no such file"),
        (["check"], None, "Give the message"),
    ],
)
def test_bad_input_exits_2_with_one_line(run, args, stdin, needle) -> None:  # type: ignore[no-untyped-def]
    result = run(*args, input=stdin)
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output


def test_labels_lists_the_taxonomy(run) -> None:  # type: ignore[no-untyped-def]
    result = run("labels")
    assert result.exit_code == 0
    for word in ("pleading", "contempt", "gentle", "He may hear"):
        assert word in result.output


def test_model_status(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result = run("model", "status")
    assert result.exit_code == 0
    assert "Active engine (auto):" in result.output
    monkeypatch.setenv("DRAWCLOSER_HOME", str(tmp_path))  # a data dir with no deep engine
    result = run("model", "status")
    assert "Active engine (auto): fast, because the deep engine is not built" in result.output
    result = run("check", "--engine", "deep", "hello")
    assert result.exit_code == 2
    assert "cannot run here" in result.output


def test_custom_help_resources(run, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    help_file = tmp_path / "help.toml"
    help_file.write_text('[[resource]]\nname = "Local shelter"\ncontact = "555-0100"\n')
    monkeypatch.setenv("DRAWCLOSER_HELP_FILE", str(help_file))
    result = run("check", "he hit me again last night")
    assert result.exit_code == 0
    assert "Local shelter" in result.output
    help_file.write_text("not toml [[[")
    result = run("check", "hello")
    assert result.exit_code == 2
    assert "help-resources file" in result.output
