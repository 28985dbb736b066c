"""WhatsApp "Export chat" text files (Android and iPhone), streamed line by line.

Every message starts on a line with its date and time; the lines after it, up to the next
such line, continue it. Day-first or month-first is decided from the whole file before the
first message is yielded (docs/chat-formats.md has the rules); that first pass usually
stops within the first fortnight of messages, because any day above 12 settles it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from drawcloser import messages
from drawcloser.chats.parsed import (
    DELETED,
    MEDIA,
    Opener,
    ParsedMessage,
    media_text,
    missed_call_text,
    with_caption,
)
from drawcloser.errors import BadInput

# A WhatsApp message is at most 65,536 characters; anything far longer is not a chat line,
# and reading it whole could exhaust memory.
MAX_LINE_BYTES = 4 * 1024 * 1024

# Newer exports put U+202F (narrow no-break space) before AM/PM, some locales U+00A0.
_SP = "[ \u00a0\u202f]"
_DATE = r"(?P<d1>\d{4}|\d{1,2})(?P<sep>[./-]) ?(?P<d2>\d{1,2})(?P=sep) ?(?P<d3>\d{4}|\d{2})\.?"
_TIME = (
    r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?"
    rf"(?:{_SP}?(?P<ampm>[AaPp]\.?{_SP}?[Mm]\.?))?"
)
# Android: "31/12/2020, 21:41 - Name: text"; iPhone: "[31/12/2020, 21:41:05] Name: text".
ANDROID = re.compile(rf"{_DATE},?{_SP}{_TIME}{_SP}[-–]{_SP}(?P<rest>.*)")
IOS = re.compile(rf"\[{_DATE},?{_SP}{_TIME}\]{_SP}?(?P<rest>.*)")
STYLES = (ANDROID, IOS)

# Invisible direction marks WhatsApp adds around system text and phone numbers.
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_LRM_LEAD = ("\u200e", "\u200f", "\ufeff")
_LEAD_CHARS = "".join(_LRM_LEAD)

_EDITED = re.compile(r"[ \u200e]*<(?:This message was edited|Diese Nachricht wurde bearbeitet)>$")

_OMITTED = re.compile(
    r"(?:.*\s)?(?P<kind>image|video|audio|sticker|GIF|document|Contact card|"
    r"Bild|Video|Audio|Sticker|Dokument|Kontaktkarte) (?:omitted|weggelassen)"
)
_OMITTED_KIND = {
    "image": "image",
    "Bild": "image",
    "video": "video",
    "Video": "video",
    "audio": "audio",
    "Audio": "audio",
    "sticker": "sticker",
    "Sticker": "sticker",
    "GIF": "gif",
    "document": "document",
    "Dokument": "document",
    "Contact card": "contact",
    "Kontaktkarte": "contact",
}
_ATTACHED = re.compile(r"<(?:attached|Anhang): (?P<name>[^>]+)>")
_FILE_ATTACHED = re.compile(r"(?P<name>.+\.\w{1,5}) \((?:file attached|Datei angehängt)\)")
_UNKNOWN_MEDIA = frozenset({"<Media omitted>", "<Medien ausgeschlossen>", "null"})
_DELETED = re.compile(
    r"(?:This message was deleted|You deleted this message|"
    r"Diese Nachricht wurde gelöscht|Du hast diese Nachricht gelöscht)\.?"
)
# Cheap tests that a line may be a placeholder or a notice, before the exact patterns.
_PLACEHOLDER_STARTS = (
    "<",
    "This message",
    "You deleted",
    "Diese Nachricht",
    "Du hast diese",
    "Waiting for",
    "Missed ",
    "null",
)
_PLACEHOLDER_ENDS = ("omitted", "weggelassen", ")", "deleted", "deleted.", "gelöscht", "gelöscht.")
_NOTICE_STARTS = ("Messages", "Your security", "Nachrichten")
_UNAVAILABLE = re.compile(r"Waiting for this message\b.*")
_MISSED_CALL = re.compile(r"Missed (?:group )?(?P<kind>voice|video) call(?:[.,].*)?")

# Notices that carry a sender on iPhone (the chat's own name) but are nobody's message.
# Only text marked with WhatsApp's leading U+200E is tested against the broad list, so a
# message she typed is never dropped for containing one of these words.
_NOTICE_ALWAYS = re.compile(
    r"Messages and calls are end-to-end encrypted|"
    r"Messages to this (?:chat|group) are now secured with end-to-end encryption|"
    r"Your security code with .+ changed|"
    r"Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt"
)
_NOTICE_MARKED = re.compile(
    r"end-to-end encrypted|security code|created (?:group|this group)|\badded\b|"
    r"\bremoved\b|\bleft$|\bjoined\b|changed (?:the subject|the group|this group's|their phone)|"
    r"deleted this group's icon|\b(?:un)?blocked this contact|disappearing messages|"
    r"business account|is a contact\.?$|pinned a message|Ende-zu-Ende"
)
# A "sender" that is really an Android notice containing ": " (a subject with a colon).
_NOTICE_IN_SENDER = re.compile(
    r" changed the (?:subject|group name|group description)| created group | hat den Betreff "
)

_FILE_TOKENS = {
    "PHOTO": "image",
    "IMG": "image",
    "VIDEO": "video",
    "VID": "video",
    "AUDIO": "audio",
    "AUD": "audio",
    "PTT": "voice",
    "STICKER": "sticker",
    "STK": "sticker",
    "GIF": "gif",
    "CONTACT": "contact",
}
_FILE_EXTENSIONS = {
    "jpg": "image",
    "jpeg": "image",
    "png": "image",
    "heic": "image",
    "mp4": "video",
    "mov": "video",
    "3gp": "video",
    "opus": "voice",
    "m4a": "audio",
    "mp3": "audio",
    "aac": "audio",
    "ogg": "audio",
    "webp": "sticker",
    "vcf": "contact",
}

_CHAT_NAME = re.compile(
    r"(?:WhatsApp Chat (?:with|mit|-)|Chat de WhatsApp con|Discussion WhatsApp avec|"
    r"Conversa do WhatsApp com|WhatsApp-chat met)\s+(?P<name>.+?)(?:\s*\(\d+\))?$"
)


def title_from_name(filename: str) -> str | None:
    """The chat's name from "WhatsApp Chat with Daniel.txt" (or .zip); None for "_chat.txt"."""
    match = _CHAT_NAME.match(PurePath(filename).stem.strip())
    return (match["name"].strip() or None) if match else None


def header_match(line: str) -> re.Match[str] | None:
    """The timestamp header of a line in either style, or None."""
    if line.startswith(_LRM_LEAD):
        line = line.lstrip(_LEAD_CHARS)
    for style in STYLES:
        match = style.match(line)
        if match:
            return match
    return None


def first_header(lines: list[str]) -> int | None:
    """Index of the first line (of a file's opening lines) that starts a WhatsApp message."""
    for index, line in enumerate(lines):
        if header_match(line):
            return index
    return None


@dataclass(frozen=True, slots=True)
class _Layout:
    style: re.Pattern[str]
    sep: str
    day_first: bool


class WhatsAppReader:
    """Streams one WhatsApp export; remembers the date order after the first pass."""

    def __init__(self, opener: Opener, where: str) -> None:
        self._opener = opener
        self._where = where
        self._layout: _Layout | None = None

    def title_of(self, conversation: str) -> str | None:
        return None

    def batches(self) -> Iterator[tuple[int, list[str]]]:
        """(number of the first line, lines without their endings), a megabyte at a time.

        Decoding big blocks instead of single lines keeps 100,000 messages well under a
        second; errors still name the exact line and byte.
        """
        with self._opener() as stream:
            carry = b""
            number = 1
            offset = 0
            while True:
                data = stream.read(_BLOCK)
                if data:
                    buffer = carry + data if carry else data
                    cut = buffer.rfind(b"\n") + 1
                    if cut == 0:
                        if len(buffer) > MAX_LINE_BYTES:
                            raise BadInput(
                                messages.CHAT_LINE_TOO_LONG.format(line=number, path=self._where)
                            )
                        carry = buffer
                        continue
                    block, carry = buffer[:cut], buffer[cut:]
                elif carry:
                    block, carry = carry, b""
                else:
                    return
                text = self._decode(block, number, offset)
                offset += len(block)
                if number == 1 and text.startswith("\ufeff"):
                    text = text[1:]
                if "\r" in text:
                    text = text.replace("\r\n", "\n")
                lines = text.split("\n")
                if not lines[-1]:
                    lines.pop()
                yield number, lines
                number += len(lines)

    def _decode(self, block: bytes, number: int, offset: int) -> str:
        nul = block.find(b"\x00")
        if nul != -1:
            line = number + block.count(b"\n", 0, nul)
            raise BadInput(messages.CHAT_BINARY_LINE.format(path=self._where, line=line))
        try:
            return block.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = number + block.count(b"\n", 0, exc.start)
            raise BadInput(
                messages.CHAT_NOT_UTF8.format(path=self._where, line=line, pos=offset + exc.start)
            ) from None

    def layout(self) -> _Layout:
        if self._layout is None:
            self._layout = self._scan()
        return self._layout

    def _scan(self) -> _Layout:
        style: re.Pattern[str] | None = None
        sep = ""
        previous: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        backwards_if_day_first = backwards_if_month_first = 0
        for first_number, lines in self.batches():
            for number, line in enumerate(lines, first_number):
                if style is None:
                    if not line.strip():
                        continue
                    first = header_match(line)
                    if first is None:
                        raise self._before_first(number)
                    style = first.re
                    sep = first["sep"]
                match = _match(style, sep, line)
                if match is None or len(match["d1"]) == 4:
                    continue
                d1, d2 = int(match["d1"]), int(match["d2"])
                if d1 > 12:
                    return _Layout(style, sep, day_first=True)
                if d2 > 12:
                    return _Layout(style, sep, day_first=False)
                clock = _clock(match)
                if clock is None:
                    continue
                year = _year(match["d3"])
                keys = ((year, d2, d1, *clock), (year, d1, d2, *clock))
                if previous is not None:
                    backwards_if_day_first += keys[0] < previous[0]
                    backwards_if_month_first += keys[1] < previous[1]
                previous = keys
        if style is None:
            raise BadInput(messages.CHAT_EMPTY.format(path=self._where))
        # Nothing proves the order: keep whichever reads the file as moving forward in time;
        # when both do (or neither does, equally), day-first, as most of the world writes it.
        return _Layout(style, sep, day_first=backwards_if_day_first <= backwards_if_month_first)

    def _before_first(self, number: int) -> BadInput:
        return BadInput(messages.CHAT_WHATSAPP_BEFORE_FIRST.format(path=self._where, line=number))

    def read(self) -> Iterator[ParsedMessage]:
        layout = self.layout()
        match_header = layout.style.match
        sep = layout.sep
        dates: dict[tuple[str, str, str], tuple[int, int, int]] = {}
        names: dict[str, str] = {}
        started = False
        # The message being collected; body is None while skipping a notice's lines.
        position = 0
        sent_at = datetime.min
        sender = ""
        body: list[str] | None = None
        marked = False
        for number, lines in self.batches():
            for line in lines:
                probe = line.lstrip(_LEAD_CHARS) if line[:1] in _LEAD_CHARS else line
                match = match_header(probe)
                if match is None or match["sep"] != sep:
                    if body is not None:
                        body.append(line)
                    elif not started and line.strip():
                        raise self._before_first(number)
                    number += 1
                    continue
                if body is not None:
                    message = _finish(position, sent_at, sender, body, marked)
                    if message is not None:
                        yield message
                started = True
                position = number
                sent_at = self._stamp(match, number, layout.day_first, dates)
                sender, body, marked = _split_rest(match["rest"], names)
                number += 1
        if body is not None:
            message = _finish(position, sent_at, sender, body, marked)
            if message is not None:
                yield message

    def _stamp(
        self,
        match: re.Match[str],
        number: int,
        day_first: bool,
        dates: dict[tuple[str, str, str], tuple[int, int, int]],
    ) -> datetime:
        d1, d2, d3, hour, minute, second, ampm = match.group(
            "d1", "d2", "d3", "h", "mi", "s", "ampm"
        )
        key = (d1, d2, d3)
        date = dates.get(key)
        if date is None:
            if len(d1) == 4:
                date = (int(d1), int(d2), int(d3))
            else:
                first, second_field = int(d1), int(d2)
                day, month = (first, second_field) if day_first else (second_field, first)
                date = (_year(d3), month, day)
            try:
                datetime(*date)
            except ValueError:
                raise self._bad_date(match, number, day_first) from None
            dates[key] = date
        h, m, s = int(hour), int(minute), int(second) if second else 0
        if ampm:
            if not 1 <= h <= 12:
                raise self._bad_date(match, number, day_first)
            h = h % 12 + (12 if ampm[0] in "Pp" else 0)
        if h > 23 or m > 59 or s > 59:
            raise self._bad_date(match, number, day_first)
        return datetime(date[0], date[1], date[2], h, m, s)

    def _bad_date(self, match: re.Match[str], number: int, day_first: bool) -> BadInput:
        stamp = match.string[: match.start("rest")].strip(" -–[]\u00a0\u202f")
        order = "day first" if day_first else "month first"
        return BadInput(
            messages.CHAT_WHATSAPP_BAD_DATE.format(
                path=self._where, line=number, stamp=stamp, order=order
            )
        )


_BLOCK = 1024 * 1024


def _split_rest(rest: str, names: dict[str, str]) -> tuple[str, list[str] | None, bool]:
    """(sender, [first line of text], marked) after the timestamp; body None for a notice."""
    raw, colon, text = rest.partition(": ")
    if not colon:
        if not rest.endswith(":") or len(rest) < 2:
            return "", None, False
        raw, text = rest[:-1], ""
    sender = names.get(raw)
    if sender is None:
        sender = "" if _NOTICE_IN_SENDER.search(raw) else _clean_name(raw)
        names[raw] = sender
    if not sender:
        return "", None, False
    marked = text != "" and text[0] in _LEAD_CHARS
    if marked:
        text = text.lstrip(_LEAD_CHARS)
    return sender, [text], marked


def _match(style: re.Pattern[str], sep: str, line: str) -> re.Match[str] | None:
    if line.startswith(_LRM_LEAD):
        line = line.lstrip(_LEAD_CHARS)
    match = style.match(line)
    if match is None or match["sep"] != sep:
        return None
    return match


def _year(text: str) -> int:
    # Two-digit years: WhatsApp exists since 2009, so "20" is 2020.
    return 2000 + int(text) if len(text) == 2 else int(text)


def _clock(match: re.Match[str]) -> tuple[int, int, int] | None:
    """(hour, minute, second) on a 24-hour clock; None when the time cannot exist."""
    hour, minute = int(match["h"]), int(match["mi"])
    second = int(match["s"]) if match["s"] else 0
    ampm = match["ampm"]
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _clean_name(name: str) -> str:
    return name.translate(_STRIP_BIDI).strip()


_STRIP_BIDI = str.maketrans("", "", _BIDI)


def _finish(
    position: int, sent_at: datetime, sender: str, body: list[str], marked: bool
) -> ParsedMessage | None:
    while len(body) > 1 and not body[-1].strip():
        body.pop()
    first = body[0]
    if first.startswith(_PLACEHOLDER_STARTS) or first.endswith(_PLACEHOLDER_ENDS):
        placeholder = _placeholder(first)
        if placeholder is not None:
            caption = _unedited("\n".join(body[1:]))
            text, media = with_caption(placeholder, caption)
            return ParsedMessage(sent_at, sender, text, media, position)
    if marked and _NOTICE_MARKED.search(first):
        return None
    if first.startswith(_NOTICE_STARTS) and _NOTICE_ALWAYS.match(first):
        return None
    text = first if len(body) == 1 else "\n".join(body)
    if text.endswith(">"):
        text = _unedited(text)
    return ParsedMessage(sent_at, sender, text, False, position)


def _unedited(text: str) -> str:
    return _EDITED.sub("", text) if text.endswith(">") else text


def _placeholder(line: str) -> str | None:
    """The normalised placeholder for a media / deleted / call line, or None for text."""
    # iPhone scatters U+200E through placeholders ("a.pdf \u200e• \u200e2 pages document omitted").
    line = line.replace("\u200e", "").strip()
    if not line or len(line) > 300:
        return None
    if line in _UNKNOWN_MEDIA:
        return MEDIA
    match = _ATTACHED.fullmatch(line) or _FILE_ATTACHED.fullmatch(line)
    if match:
        return media_text(_kind_of_file(match["name"]))
    match = _OMITTED.fullmatch(line)
    if match:
        return media_text(_OMITTED_KIND[match["kind"]])
    if _DELETED.fullmatch(line):
        return DELETED
    if _UNAVAILABLE.fullmatch(line):
        return MEDIA
    match = _MISSED_CALL.fullmatch(line)
    if match:
        return missed_call_text(match["kind"])
    return None


def _kind_of_file(name: str) -> str:
    stem, _, extension = name.rpartition(".")
    for token in re.split(r"[-_ ]", stem):
        kind = _FILE_TOKENS.get(token)
        if kind:
            return kind
    return _FILE_EXTENSIONS.get(extension.lower(), "document")
