"""Reading what she gives the CLI: text, stdin, batch files. Strict, with clear errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from drawcloser import messages
from drawcloser.coach.check import CheckInputError, validate
from drawcloser.errors import BadInput


def decode(data: bytes, where: str) -> str:
    if b"\x00" in data:
        raise BadInput(messages.FILE_BINARY.format(path=where))
    try:
        # utf-8-sig: a byte-order mark (Windows Notepad adds one) is dropped, not kept as text.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if where == "stdin":
            raise BadInput(messages.STDIN_NOT_UTF8.format(pos=exc.start)) from None
        raise BadInput(messages.FILE_NOT_UTF8.format(path=where, pos=exc.start)) from None


def open_file(path: Path) -> BinaryIO:
    if not path.exists():
        raise BadInput(messages.FILE_MISSING.format(path=path))
    if path.is_dir():
        raise BadInput(messages.FILE_IS_DIR.format(path=path))
    try:
        return path.open("rb")
    except OSError as exc:
        raise BadInput(messages.FILE_UNREADABLE.format(path=path, reason=exc.strerror)) from None


def checked_text(text: str) -> str:
    try:
        return validate(text)
    except CheckInputError as exc:
        raise BadInput(str(exc)) from None


def batch_lines(stream: BinaryIO, where: str) -> Iterator[str]:
    """Messages of a batch file, one per line: plain text or JSON Lines with "text".

    Raises BadInput naming the line for anything unusable, before any output is written,
    because the CLI reads the whole file through this once to validate it first.
    """
    offset = 0
    count = 0
    for number, raw in enumerate(stream, 1):
        if b"\x00" in raw:
            raise BadInput(messages.FILE_BINARY.format(path=where))
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise BadInput(
                messages.FILE_NOT_UTF8.format(path=where, pos=offset + exc.start)
            ) from None
        offset += len(raw)
        if not line.strip():
            raise BadInput(messages.BATCH_EMPTY_LINE.format(line=number, path=where))
        text = line
        if line.lstrip().startswith("{"):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadInput(
                    messages.BATCH_BAD_JSON.format(line=number, path=where, reason=exc.msg)
                ) from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise BadInput(messages.BATCH_NO_TEXT.format(line=number, path=where))
            text = row["text"]
        try:
            validate(text)
        except CheckInputError as exc:
            raise BadInput(
                messages.BATCH_LINE_INVALID.format(line=number, path=where, reason=exc)
            ) from None
        count += 1
        yield text
    if count == 0:
        raise BadInput(messages.BATCH_EMPTY_FILE.format(path=where))
