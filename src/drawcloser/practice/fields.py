"""Checks on what she types into the journal, shared by every practice module."""

from __future__ import annotations

from datetime import date, datetime

from drawcloser import messages
from drawcloser.errors import BadInput

MAX_TEXT = 20_000
MAX_TAGS = 20


def text(value: str | None, name: str) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise BadInput(messages.CHECK_BINARY)
    if len(value) > MAX_TEXT:
        raise BadInput(messages.TEXT_TOO_LONG.format(name=name, size=len(value), limit=MAX_TEXT))
    return value


def tags(values: list[str] | tuple[str, ...] | None) -> list[str]:
    cleaned: list[str] = []
    for raw in values or ():
        tag = raw.strip().lower()
        if not tag:
            continue
        if len(tag) > 40 or "," in tag or "\n" in tag:
            raise BadInput(messages.TAG_INVALID.format(value=raw))
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise BadInput(messages.TAG_INVALID.format(value=", ".join(cleaned[MAX_TAGS:])))
    return cleaned


def parse_day(value: str | date) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(messages.DATE_INVALID.format(value=value)) from None


def parse_when(value: str | datetime, now: datetime) -> datetime:
    """A moment she names: 'YYYY-MM-DD HH:MM', a bare date (noon), or 'HH:MM' today."""
    if isinstance(value, datetime):
        when = value
    else:
        raw = value.strip()
        try:
            if len(raw) <= 5 and ":" in raw:
                hour, minute = (int(p) for p in raw.split(":"))
                when = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
            elif len(raw) == 10:
                when = datetime.combine(date.fromisoformat(raw), datetime.min.time()).replace(
                    hour=12
                )
            else:
                when = datetime.fromisoformat(raw.replace("T", " "))
        except ValueError:
            raise BadInput(messages.DATETIME_INVALID.format(value=value)) from None
    when = when.replace(microsecond=0, tzinfo=None)
    if when.date() > now.date():
        raise BadInput(messages.DATE_FUTURE.format(value=when.date().isoformat()))
    return when
