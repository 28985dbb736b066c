"""Telegram Desktop single-chat exports ("Machine-readable JSON", result.json), streamed.

ijson reads the "messages" array one message at a time, so a huge export never sits in
memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import ijson  # type: ignore[import-untyped]

from drawcloser import messages
from drawcloser.chats.parsed import (
    MEDIA,
    ByteStream,
    Opener,
    ParsedMessage,
    media_text,
    with_caption,
)
from drawcloser.errors import BadInput

# Chat "type" values in exports; groups and channels have many voices.
_GROUP_TYPES = frozenset(
    {
        "private_group",
        "private_supergroup",
        "public_supergroup",
        "private_channel",
        "public_channel",
    }
)
_ONE_TO_ONE_TYPES = frozenset({"personal_chat", "bot_chat", "saved_messages"})
# Top-level keys of a whole-account export ("Export Telegram data"), not a single chat.
_ACCOUNT_KEYS = frozenset({"about", "personal_information", "contacts", "chats", "left_chats"})

_MEDIA_TYPES = {
    "sticker": "sticker",
    "animation": "gif",
    "video_file": "video",
    "video_message": "video",
    "voice_message": "voice",
    "audio_file": "audio",
}
_DELETED_ACCOUNT = "Deleted Account"
_BUFFER = 16 * 1024


@dataclass(frozen=True, slots=True)
class Header:
    name: str | None
    type: str | None
    is_group: bool | None


class _Counting:
    """A byte stream that knows how far it has been read, to say where JSON broke."""

    def __init__(self, raw: ByteStream) -> None:
        self._raw = raw
        self.start = 0
        self.end = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.start, self.end = self.end, self.end + len(data)
        return data


def read_header(opener: Opener, where: str) -> Header:
    """The chat's name and type, read up to the start of "messages" (and no further)."""
    name: str | None = None
    kind: str | None = None
    with opener() as raw:
        stream = _Counting(raw)
        try:
            events = cast(Iterator[tuple[str, str, Any]], ijson.parse(stream, buf_size=_BUFFER))
            for prefix, event, value in events:
                if prefix == "" and event == "map_key":
                    if value == "messages":
                        _expect_array(events, where)
                        break
                    if value in _ACCOUNT_KEYS:
                        raise BadInput(messages.CHAT_TELEGRAM_WHOLE_ACCOUNT.format(path=where))
                elif prefix == "name" and event == "string":
                    name = cast(str, value)
                elif prefix == "type" and event == "string":
                    kind = cast(str, value)
                elif prefix == "" and event in ("end_map", "start_array"):
                    raise BadInput(messages.CHAT_TELEGRAM_NO_MESSAGES.format(path=where))
            else:
                raise BadInput(messages.CHAT_TELEGRAM_NO_MESSAGES.format(path=where))
        except ijson.JSONError as exc:
            raise _broken(exc, where, 0, stream) from None
    is_group = True if kind in _GROUP_TYPES else False if kind in _ONE_TO_ONE_TYPES else None
    return Header(name=name, type=kind, is_group=is_group)


def _expect_array(events: Iterator[tuple[str, str, Any]], where: str) -> None:
    _, event, _ = next(events, ("", "", None))
    if event != "start_array":
        raise BadInput(messages.CHAT_TELEGRAM_NO_MESSAGES.format(path=where))


class TelegramReader:
    def __init__(self, opener: Opener, where: str) -> None:
        self._opener = opener
        self._where = where

    def title_of(self, conversation: str) -> str | None:
        return None

    def read(self) -> Iterator[ParsedMessage]:
        with self._opener() as raw:
            stream = _Counting(raw)
            index = 0
            try:
                items = ijson.items(stream, "messages.item", use_float=True, buf_size=_BUFFER)
                for item in cast(Iterator[object], items):
                    index += 1
                    message = self._message(item, index)
                    if message is not None:
                        yield message
            except ijson.JSONError as exc:
                raise _broken(exc, self._where, index, stream) from None
            except UnicodeError:
                raise BadInput(
                    messages.CHAT_TELEGRAM_BROKEN.format(
                        path=self._where,
                        index=index,
                        start=stream.start,
                        end=stream.end,
                        reason=messages.CHAT_REASON_BAD_STRING,
                    )
                ) from None

    def _message(self, item: object, index: int) -> ParsedMessage | None:
        if not isinstance(item, dict):
            raise self._bad(index, messages.CHAT_REASON_NOT_OBJECT)
        kind = item.get("type")
        if kind == "service":
            return None
        if kind != "message":
            raise self._bad(index, messages.CHAT_REASON_TYPE.format(value=_show(kind)))
        sent_at = self._date(item.get("date"), index)
        sender = item.get("from")
        if not isinstance(sender, str) or not sender.strip():
            from_id = item.get("from_id")
            sender = from_id if isinstance(from_id, str) and from_id else _DELETED_ACCOUNT
        text = _text(item.get("text", ""))
        if text is None:
            raise self._bad(index, messages.CHAT_REASON_TEXT)
        if "poll" in item and not text:
            text = _poll_question(item)
        placeholder = _placeholder(item)
        media = False
        if placeholder is not None:
            text, media = with_caption(placeholder, text)
        return ParsedMessage(sent_at, sender, text, media, index)

    def _date(self, value: object, index: int) -> datetime:
        if isinstance(value, str):
            try:
                stamp = datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                # The export writes local wall-clock time; keep it naive like other formats.
                return stamp.replace(tzinfo=None)
        raise self._bad(index, messages.CHAT_REASON_DATE.format(value=_show(value)))

    def _bad(self, index: int, reason: str) -> BadInput:
        return BadInput(
            messages.CHAT_TELEGRAM_BAD_MESSAGE.format(path=self._where, index=index, reason=reason)
        )


def _text(value: object) -> str | None:
    """Plain text from a string or a list of strings and {"type", "text"} entities."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return None
    parts: list[str] = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
        else:
            return None
    return "".join(parts)


def _placeholder(item: dict[str, Any]) -> str | None:
    if "photo" in item:
        return media_text("image")
    media_type = item.get("media_type")
    if isinstance(media_type, str):
        kind = _MEDIA_TYPES.get(media_type)
        if kind == "sticker":
            emoji = item.get("sticker_emoji")
            return media_text(kind, emoji if isinstance(emoji, str) else None)
        return media_text(kind) if kind else MEDIA
    if "file" in item:
        return media_text("document")
    if "poll" in item:
        return media_text("poll")
    if "location_information" in item:
        return media_text("location")
    if "contact_information" in item:
        return media_text("contact")
    return None


def _poll_question(item: dict[str, Any]) -> str:
    poll = item.get("poll")
    question = poll.get("question") if isinstance(poll, dict) else None
    return question if isinstance(question, str) else ""


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _broken(exc: Exception, where: str, index: int, stream: _Counting) -> BadInput:
    detail = str(exc).strip().splitlines()
    reason = detail[0] if detail else ""
    if "premature EOF" in reason or "Incomplete JSON" in reason:
        return BadInput(
            messages.CHAT_TELEGRAM_CUT_OFF.format(path=where, index=index, offset=stream.end)
        )
    return BadInput(
        messages.CHAT_TELEGRAM_BROKEN.format(
            path=where, index=index, start=stream.start, end=stream.end, reason=reason
        )
    )
