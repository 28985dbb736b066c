"""Android "SMS Backup & Restore" XML (``<smses>`` of ``<sms>`` and ``<mms>``), streamed.

defusedxml's iterparse reads one element at a time and each is cleared once read, so a
backup full of photos (MMS parts carry them as base64) never sits in memory whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import cast
from xml.etree.ElementTree import Element, ParseError

import defusedxml  # type: ignore[import-untyped]
import defusedxml.ElementTree as safe_etree  # type: ignore[import-untyped]

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

ME = "me"
_RECEIVED = frozenset({1})
_SENT = frozenset({2, 4, 6})  # sent, outbox, queued
_NOT_SENT = frozenset({3, 5})  # draft, failed: never reached him
_MMS_FROM = "137"
_UNKNOWN_NAMES = frozenset({"", "null", "(Unknown)"})
_PHONE = re.compile(r"[+\d\s().-]+")
_NOT_DIGIT = re.compile(r"\D")
# Epoch values below this are seconds, not milliseconds (10**11 ms is March 1973).
_SECONDS_LIMIT = 100_000_000_000

_CHAR_REF = re.compile(rb"&#(?:x([0-9A-Fa-f]{1,8})|([0-9]{1,10}));")
_CHAR_REF_AT_END = re.compile(rb"&#(?:x[0-9A-Fa-f]{1,8}|[0-9]{1,10});\Z")
_REPLACEMENT = b"&#65533;"


def conversation_key(address: str) -> str:
    """One key per contact however the number is written ("+1 555-010-7788", "5550107788").

    Phone numbers compare on their last ten digits (the country code is what varies); group
    messages list several addresses joined by "~", keyed in sorted order.
    """
    keys = set()
    for part in address.split("~"):
        part = part.strip()
        if not part:
            continue
        if _PHONE.fullmatch(part):
            digits = _NOT_DIGIT.sub("", part)
            keys.add(digits[-10:] if digits else part)
        else:
            keys.add(part.casefold())
    return "~".join(sorted(keys)) or "unknown"


class CharRefFixer:
    """Repairs emoji written as two UTF-16 halves ("&#55357;&#56832;"), which expat rejects.

    Android's XML writer produced these in many backups (SMS Backup & Restore, Signal and
    Silence plaintext exports); a pair becomes the real character, and a half without its
    partner, or a control character XML forbids, becomes U+FFFD, so the rest still reads.
    """

    def __init__(self, raw: ByteStream) -> None:
        self._raw = raw
        self._held = b""

    def read(self, size: int = -1) -> bytes:
        while True:
            chunk = self._raw.read(size if size > 0 else 64 * 1024)
            data = self._held + chunk
            if not chunk:
                self._held = b""
                return _fix_refs(data)
            cut = _safe_cut(data)
            self._held = data[cut:]
            if cut:
                return _fix_refs(data[:cut])


def _safe_cut(data: bytes) -> int:
    """Where to stop so no character reference, or surrogate pair, is split across reads."""
    end = len(data)
    amp = data.rfind(b"&", max(0, end - 24))
    if amp != -1 and b";" not in data[amp:]:
        end = amp
    last = _CHAR_REF_AT_END.search(data, max(0, end - 24), end)
    if last is not None and 0xD800 <= _ref_value(last.group()) <= 0xDBFF:
        end = last.start()
    return end


def _ref_value(ref: bytes) -> int:
    body = ref[2:-1]
    return int(body[1:], 16) if body[:1] in (b"x", b"X") else int(body)


def _allowed_in_xml(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _fix_refs(data: bytes) -> bytes:
    if b"&#" not in data:
        return data
    out: list[bytes] = []
    done = 0
    pending_high: re.Match[bytes] | None = None
    for match in _CHAR_REF.finditer(data):
        code = _ref_value(match.group())
        if pending_high is not None:
            high = _ref_value(pending_high.group())
            out.append(data[done : pending_high.start()])
            if match.start() == pending_high.end() and 0xDC00 <= code <= 0xDFFF:
                combined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                out.append(chr(combined).encode("utf-8"))
                done = match.end()
                pending_high = None
                continue
            out.append(_REPLACEMENT)
            done = pending_high.end()
            pending_high = None
        if 0xD800 <= code <= 0xDBFF:
            pending_high = match
        elif not _allowed_in_xml(code):
            out.append(data[done : match.start()])
            out.append(_REPLACEMENT)
            done = match.end()
    if pending_high is not None:
        out.append(data[done : pending_high.start()])
        out.append(_REPLACEMENT)
        done = pending_high.end()
    out.append(data[done:])
    return b"".join(out)


def first_contact(opener: Opener, where: str) -> str | None:
    """The contact named on the first message: the chat's title without a full pass."""
    for message_title in SmsReader(opener, where).titles():
        return message_title
    return None


class SmsReader:
    def __init__(self, opener: Opener, where: str) -> None:
        self._opener = opener
        self._where = where
        self._titles: dict[str, str] = {}
        self._keys: dict[str, str] = {}

    def title_of(self, conversation: str) -> str | None:
        return self._titles.get(conversation)

    def titles(self) -> Iterator[str | None]:
        """Each message's conversation title, in order (stops as soon as the caller does)."""
        for element, _index in self._elements():
            attrib = element.attrib
            yield _contact(attrib) or attrib.get("address") or None

    def read(self) -> Iterator[ParsedMessage]:
        for element, index in self._elements():
            message = (
                self._sms(element.attrib, index)
                if element.tag == "sms"
                else self._mms(element, index)
            )
            if message is not None:
                yield message

    def _elements(self) -> Iterator[tuple[Element, int]]:
        with self._opener() as raw:
            depth = 0
            index = 0
            root: Element | None = None
            try:
                events = cast(
                    Iterator[tuple[str, Element]],
                    safe_etree.iterparse(CharRefFixer(raw), events=("start", "end")),
                )
                for event, element in events:
                    if event == "start":
                        depth += 1
                        if depth == 1:
                            root = element
                            self._check_root(element.tag)
                        continue
                    depth -= 1
                    if depth != 1 or root is None:
                        continue
                    if element.tag in ("sms", "mms"):
                        index += 1
                        yield element, index
                    # Drop what has been read, so memory stays flat however big the file.
                    root.clear()
            except ParseError as exc:
                line, column = exc.position
                reason = str(exc).split(":")[0]
                raise BadInput(
                    messages.CHAT_SMS_BROKEN.format(
                        path=self._where, line=line, column=column + 1, reason=reason
                    )
                ) from None
            except defusedxml.DefusedXmlException:
                raise BadInput(messages.CHAT_SMS_UNSAFE.format(path=self._where)) from None
            except LookupError:
                # expat raises this, not ParseError, for an encoding it does not know.
                raise BadInput(
                    messages.CHAT_SMS_BROKEN.format(
                        path=self._where,
                        line=1,
                        column=1,
                        reason="the XML declaration names an unknown encoding",
                    )
                ) from None

    def _check_root(self, tag: str) -> None:
        if tag == "smses":
            return
        if tag == "calls":
            raise BadInput(messages.CHAT_SMS_CALL_LOG.format(path=self._where))
        raise BadInput(messages.CHAT_SMS_NOT_SMSES.format(path=self._where, tag=tag[:40]))

    def _sms(self, attrib: dict[str, str], index: int) -> ParsedMessage | None:
        sent = self._direction(attrib.get("type"), "type", index)
        if sent is None:
            return None
        address = attrib.get("address", "")
        key = self._remember(address, attrib)
        sender = ME if sent else _contact(attrib) or address.strip() or key
        sent_at = self._when(attrib.get("date"), index)
        return ParsedMessage(sent_at, sender, attrib.get("body", ""), False, index, key)

    def _mms(self, element: Element, index: int) -> ParsedMessage | None:
        attrib = element.attrib
        sent = self._direction(attrib.get("msg_box"), "msg_box", index)
        if sent is None:
            return None
        address = attrib.get("address", "")
        key = self._remember(address, attrib)
        sent_at = self._when(attrib.get("date"), index)
        texts: list[str] = []
        placeholders: list[str] = []
        for part in element.iter("part"):
            content_type = part.get("ct", "").lower()
            if content_type == "application/smil":
                continue
            if content_type == "text/plain":
                text = part.get("text", "")
                if text and text != "null":
                    texts.append(text)
                continue
            placeholder = media_text(_kind_of(content_type))
            if placeholder not in placeholders:
                placeholders.append(placeholder)
        sender = ME if sent else self._mms_sender(element, address, attrib)
        text = "\n".join(texts)
        media = False
        if placeholders:
            text, media = with_caption(" ".join(placeholders), text)
        elif not texts:
            text, media = MEDIA, True
        return ParsedMessage(sent_at, sender, text, media, index, key)

    def _mms_sender(self, element: Element, address: str, attrib: dict[str, str]) -> str:
        sender_address = ""
        for addr in element.iter("addr"):
            if addr.get("type") == _MMS_FROM:
                sender_address = addr.get("address", "").strip()
                break
        one_to_one = "~" not in address
        if one_to_one or not sender_address:
            return _contact(attrib) or sender_address or address.strip() or "unknown"
        return sender_address

    def _remember(self, address: str, attrib: dict[str, str]) -> str:
        key = self._keys.get(address)
        if key is None:
            key = self._keys[address] = conversation_key(address)
        if key not in self._titles:
            self._titles[key] = _contact(attrib) or address.strip() or key
        return key

    def _direction(self, value: str | None, field: str, index: int) -> bool | None:
        """True when she sent it, False when she received it, None to skip (drafts)."""
        try:
            code = int(value or "")
        except ValueError:
            code = -1
        if code in _RECEIVED:
            return False
        if code in _SENT:
            return True
        if code in _NOT_SENT:
            return None
        raise self._bad(index, messages.CHAT_REASON_DIRECTION.format(field=field, value=value))

    def _when(self, value: str | None, index: int) -> datetime:
        try:
            stamp = int(value or "")
            if abs(stamp) < _SECONDS_LIMIT:
                stamp *= 1000
            # Whole seconds and milliseconds apart: a float would blur the milliseconds.
            seconds, millis = divmod(stamp, 1000)
            return datetime.fromtimestamp(seconds).replace(microsecond=millis * 1000)
        except (ValueError, OverflowError, OSError):
            raise self._bad(index, messages.CHAT_REASON_DATE.format(value=repr(value))) from None

    def _bad(self, index: int, reason: str) -> BadInput:
        return BadInput(
            messages.CHAT_SMS_BAD_MESSAGE.format(path=self._where, index=index, reason=reason)
        )


def _contact(attrib: dict[str, str]) -> str:
    name = attrib.get("contact_name", "").strip()
    return "" if name in _UNKNOWN_NAMES else name


def _kind_of(content_type: str) -> str:
    major, _, minor = content_type.partition("/")
    if content_type == "image/gif":
        return "gif"
    if major in ("image", "video", "audio"):
        return major
    if minor in ("x-vcard", "vcard"):
        return "contact"
    return "document"
