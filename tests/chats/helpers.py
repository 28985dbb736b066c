"""Shared bits for the chat-import tests."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from drawcloser.chats import ChatSource, ParsedMessage, open_export

FIXTURES = Path(__file__).parent / "fixtures"

Row = tuple[datetime, str, str, bool]


def rows(source: ChatSource) -> list[Row]:
    return [(m.sent_at, m.sender, m.text, m.media) for m in source.messages()]


def read_all(path: Path) -> list[ParsedMessage]:
    """Everything a caller would touch: open, every message, senders, conversations."""
    source = open_export(path)
    found = list(source.messages())
    for message in found:
        assert isinstance(message.sent_at, datetime)
        assert message.sent_at.tzinfo is None
        assert isinstance(message.sender, str) and message.sender
        assert isinstance(message.text, str)
        assert isinstance(message.media, bool)
        assert isinstance(message.position, int) and message.position >= 1
    source.senders()
    source.conversations()
    return found


@contextmanager
def local_time(zone: str) -> Iterator[None]:
    """Run with the process's local time zone set to ``zone`` (SMS dates are local time)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()
