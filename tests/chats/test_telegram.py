"""Telegram Desktop result.json: text pieces joined, media named, service messages skipped."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from drawcloser.chats import open_export
from drawcloser.errors import BadInput

from .helpers import FIXTURES, rows

D = datetime


def test_personal_chat_is_read_exactly() -> None:
    source = open_export(FIXTURES / "telegram_personal.json")
    assert (source.format, source.title, source.is_group) == ("telegram", "Daniel", False)
    assert rows(source) == [
        (D(2023, 11, 14, 22, 13, 20), "Maya", "Are you still at the office?", False),
        (
            D(2023, 11, 14, 22, 20, 5),
            "Daniel",
            "Leaving now, promise. Route: https://maps.example.com/r/42",
            False,
        ),
        (D(2023, 11, 14, 22, 21), "Daniel", "<media: image>", True),
        (D(2023, 11, 14, 22, 22, 10), "Maya", "<media: sticker ❤️>", True),
        (D(2023, 11, 14, 22, 40), "Daniel", "<media: voice>", True),
        (
            D(2023, 11, 15, 7, 5, 30),
            "Maya",
            "<media: image>\nLook who found the sun spot 🐈",
            False,
        ),
        (D(2023, 11, 15, 9, 12), "Daniel", "<media: document>", True),
        (D(2023, 11, 15, 18, 30), "Maya", "Drive safe.\nText me when you're home?", False),
        (D(2023, 11, 15, 18, 45), "Daniel", "<media: poll>\nPizza or curry tonight?", False),
        (D(2023, 11, 15, 19, 2), "Daniel", "<media: location>", True),
        (D(2023, 11, 16, 8, 0), "Maya", "<media: video>\nRemember this beach?", False),
        (D(2023, 11, 16, 8, 1), "Maya", "🥰 see you soon", False),
    ]
    # Positions are indexes in "messages"; the service message at 1 is skipped.
    assert [m.position for m in source.messages()][:3] == [2, 3, 4]
    assert source.senders() == [("Daniel", 6), ("Maya", 6)]


def test_group_chat() -> None:
    source = open_export(FIXTURES / "telegram_group.json")
    assert (source.title, source.is_group) == ("Family 🏡", True)
    assert rows(source) == [
        (D(2024, 2, 1, 10, 1), "Maya", "Hi @daniel_k, added you", False),
        (D(2024, 2, 1, 10, 5), "user333", "Hello from an account that is gone", False),
        (D(2024, 2, 1, 10, 6), "Daniel", "<media: video>", True),
        (D(2024, 2, 1, 10, 7), "Daniel", "<media: gif>", True),
    ]


def _write(tmp_path: Path, document: Any, name: str = "result.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_unknown_chat_type_and_missing_name(tmp_path: Path) -> None:
    path = _write(tmp_path, {"type": "something_new", "messages": []})
    source = open_export(path)
    assert (source.title, source.is_group) == (None, None)
    assert list(source.messages()) == []


def test_detected_by_content_not_extension(tmp_path: Path) -> None:
    path = (FIXTURES / "telegram_personal.json").read_bytes()
    copy = tmp_path / "export.txt"
    copy.write_bytes(path)
    assert open_export(copy).format == "telegram"


def test_truncated_export_says_where(tmp_path: Path) -> None:
    data = (FIXTURES / "telegram_personal.json").read_bytes()
    cut = data.index(b'"id": 105')
    path = tmp_path / "result.json"
    path.write_bytes(data[:cut])
    source = open_export(path)
    with pytest.raises(BadInput, match=rf"is cut off: it stops at byte {cut:,}.*after message 4"):
        list(source.messages())
    # What came before the cut was read (storage commits only after the whole stream).
    assert len(list(_until_error(source))) == 3


def _until_error(source: Any) -> Any:
    try:
        yield from source.messages()
    except BadInput:
        return


def test_broken_json_says_after_which_message(tmp_path: Path) -> None:
    data = (FIXTURES / "telegram_personal.json").read_bytes()
    data = data.replace(b'"id": 103,', b'"id": 103 oops,')
    path = tmp_path / "result.json"
    path.write_bytes(data)
    with pytest.raises(BadInput, match=r"is not valid JSON after message 2 \(between bytes 0 and"):
        list(open_export(path).messages())


def test_truncated_in_the_header(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(b'{"name": "Dan')
    with pytest.raises(BadInput, match="is cut off"):
        open_export(path)


def test_whole_account_export_is_explained(tmp_path: Path) -> None:
    path = _write(tmp_path, {"about": "Here is the data you requested.", "chats": {"list": []}})
    with pytest.raises(BadInput, match="whole-account Telegram export"):
        open_export(path)


def test_json_that_is_not_a_chat(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match='has no "messages" list'):
        open_export(_write(tmp_path, {"name": "x", "items": [1, 2]}))
    with pytest.raises(BadInput, match='has no "messages" list'):
        open_export(_write(tmp_path, {"name": "x", "messages": {"id": 1}}))


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("just a string", "it is not a message object"),
        ({"id": 1, "type": "message", "date": "yesterday", "text": "hi"}, "its date 'yesterday'"),
        ({"id": 1, "type": "message", "text": "hi"}, "its date None"),
        ({"id": 1, "type": "odd", "date": "2023-01-01T10:00:00"}, "its type 'odd'"),
        (
            {"id": 1, "type": "message", "date": "2023-01-01T10:00:00", "text": 42},
            "its text is neither",
        ),
        (
            {"id": 1, "type": "message", "date": "2023-01-01T10:00:00", "text": [{"x": 1}]},
            "its text is neither",
        ),
    ],
)
def test_malformed_message_names_its_index(tmp_path: Path, message: Any, reason: str) -> None:
    ok = {"id": 0, "type": "message", "date": "2023-01-01T09:00:00", "from": "A", "text": "x"}
    path = _write(tmp_path, {"name": "A", "type": "personal_chat", "messages": [ok, message]})
    with pytest.raises(BadInput, match=rf"^Message 2 of .*: {reason}"):
        list(open_export(path).messages())


def test_html_export_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "messages.html"
    path.write_text(
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8"/>\n'
        "<title>Exported Data</title>\n</head>\n<body></body></html>\n"
    )
    with pytest.raises(BadInput, match="Machine-readable JSON"):
        open_export(path)
