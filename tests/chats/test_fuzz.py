"""Property tests: any input gives BadInput or well-formed messages, never another exception;
and a WhatsApp export rendered from known messages parses back to exactly those messages."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from drawcloser.chats import ParsedMessage
from drawcloser.chats.whatsapp import _NOTICE_ALWAYS, _placeholder, header_match
from drawcloser.errors import BadInput

from .helpers import FIXTURES, local_time, read_all

# Enough examples to exercise every path (see --hypothesis-show-statistics), few enough to
# keep the whole chats suite to seconds on a shared two-core machine.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIXTURE_NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.is_file())


def parse_or_refuse(data: bytes, name: str = "upload") -> list[ParsedMessage] | None:
    """Messages, or None when refused with BadInput; any other exception fails the test."""
    with tempfile.TemporaryDirectory() as folder, local_time("UTC"):
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            found = read_all(path)
        except BadInput as exc:
            event(f"refused: {str(exc).split(':')[0].replace(folder, '')[:60]}")
            assert str(exc)  # a message a person can read
            assert "Traceback" not in str(exc)
            return None
        event(f"parsed, {'no' if not found else 'some'} messages")
        return found


@settings(FUZZ, max_examples=100)
@given(st.binary(max_size=3000), st.sampled_from(["chat.txt", "result.json", "sms.xml", "a.zip"]))
def test_random_bytes(data: bytes, name: str) -> None:
    parse_or_refuse(data, name)


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(out)))
        action = draw(st.sampled_from(["cut", "delete", "insert", "insert", "flip", "duplicate"]))
        if action == "cut":
            del out[max(where, len(out) // 2) :]
        elif action == "delete":
            del out[where : where + draw(st.integers(1, 40))]
        elif action == "insert":
            out[where:where] = draw(
                st.one_of(
                    st.binary(max_size=20),
                    st.sampled_from(
                        [b"\n", b": ", b"\xe2\x80\x8e", b"[", b"]", b'"', b"<", b">", b"&#55357;"]
                    ),
                    st.text(max_size=10).map(lambda t: t.encode("utf-8", "surrogatepass")),
                )
            )
        elif action == "flip" and out:
            index = min(where, len(out) - 1)
            out[index] ^= draw(st.integers(1, 255))
        else:
            out[where:where] = out[max(0, where - 60) : where]
    return bytes(out)


@settings(FUZZ, max_examples=150)
@given(st.data(), st.sampled_from(FIXTURE_NAMES))
def test_mutated_fixtures(data: st.DataObject, name: str) -> None:
    original = (FIXTURES / name).read_bytes()
    parse_or_refuse(data.draw(mutated(original)), name)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("WhatsApp Chat with Daniel.txt", (FIXTURES / "_chat.txt").read_bytes())
        archive.writestr("IMG-20210101-WA0003.jpg", b"\xff\xd8\xff\xe0")
    return buffer.getvalue()


ZIP = _zip_bytes()


@FUZZ
@given(st.data())
def test_mutated_zip(data: st.DataObject) -> None:
    parse_or_refuse(data.draw(mutated(ZIP)), "WhatsApp Chat with Daniel.zip")


def test_a_zip_that_claims_a_newer_zip_version_is_refused() -> None:
    # Found by the fuzzer: a central directory entry needing zip version 8.4 made zipfile
    # raise NotImplementedError, which escaped as a traceback.
    data = bytearray(ZIP)
    at = data.find(b"PK\x01\x02") + 6  # "version needed to extract"
    data[at : at + 2] = (84).to_bytes(2, "little")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "WhatsApp Chat with Daniel.zip"
        path.write_bytes(bytes(data))
        with pytest.raises(BadInput, match="zip"):
            read_all(path)


# --- WhatsApp-shaped text -----------------------------------------------------------------

_SPACES = st.sampled_from([" ", "\u202f", "\u00a0"])
# Mostly text a person could write, sometimes anything at all.
_PRINTABLE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
_ANY_TEXT = st.one_of(_PRINTABLE, _PRINTABLE, _PRINTABLE, st.text(max_size=10))


def _sometimes(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> Any:
    """Usually a valid value, so whole files often parse; now and then a broken one."""
    return st.one_of(*[usual] * 8, odd)


@st.composite
def header_like(draw: st.DrawFn) -> str:
    a = draw(_sometimes(st.integers(1, 28), st.integers(0, 99)))
    b = draw(_sometimes(st.integers(1, 12), st.integers(0, 99)))
    year = draw(_sometimes(st.sampled_from(["20", "2021"]), st.sampled_from(["9", "99999", "00"])))
    sep = draw(_sometimes(st.just("/"), st.sampled_from([".", "-"])))
    ampm = draw(st.sampled_from(["", "", " AM", "\u202fPM", " p. m.", " a.m."]))
    hour = draw(_sometimes(st.integers(1, 12) if ampm else st.integers(0, 23), st.integers(0, 99)))
    minute = draw(_sometimes(st.integers(0, 59), st.integers(0, 99)))
    stamp = f"{a}{sep}{b}{sep}{year}, {hour}:{minute:02d}{ampm}"
    rest = draw(
        st.one_of(
            st.builds(lambda name, text: f"{name}: {text}", _PRINTABLE, _ANY_TEXT),
            _ANY_TEXT,
            st.sampled_from(["Maya: <Media omitted>", "Maya: \u200eimage omitted", "Maya: null"]),
        )
    )
    if draw(st.booleans()):
        mark = draw(st.sampled_from(["", "\u200e"]))
        return f"{mark}[{stamp}] {rest}"
    return f"{stamp}{draw(_SPACES)}-{draw(_SPACES)}{rest}"


@FUZZ
@given(header_like(), st.lists(st.one_of(header_like(), header_like(), _ANY_TEXT), max_size=12))
def test_whatsapp_shaped_text(first: str, lines: list[str]) -> None:
    text = "\n".join([first, *lines])
    parse_or_refuse(text.encode("utf-8", "surrogatepass"), "chat.txt")


# --- Telegram-shaped JSON -----------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["type", "text", "x"]) | st.text(max_size=4), inner, max_size=3
        )
    ),
    max_leaves=8,
)
_PIECE = st.one_of(
    st.text(max_size=8), st.fixed_dictionaries({"type": st.text(max_size=5), "text": st.text()})
)
_TEXT = _sometimes(st.one_of(st.text(max_size=20), st.lists(_PIECE, max_size=4)), _JSON)
_MESSAGE = st.fixed_dictionaries(
    {
        "type": _sometimes(st.sampled_from(["message", "message", "service"]), _JSON),
        "date": _sometimes(
            st.sampled_from(["2023-11-14T22:13:20", "2024-02-29T00:00:00+02:00"]),
            st.sampled_from(["2023-02-30T10:00:00", "x"]) | _JSON,
        ),
    },
    optional={
        "id": st.integers(),
        "from": st.none() | st.text(max_size=8) | _JSON,
        "from_id": st.text(max_size=8) | _JSON,
        "text": _TEXT,
        "photo": _JSON,
        "file": _JSON,
        "media_type": st.sampled_from(["sticker", "voice_message", "animation", "new"]) | _JSON,
        "sticker_emoji": _JSON,
        "poll": _JSON,
        "location_information": _JSON,
        "contact_information": _JSON,
    },
)


@FUZZ
@given(
    st.dictionaries(st.sampled_from(["name", "type", "id"]), _JSON, max_size=3),
    st.lists(_sometimes(_MESSAGE, _JSON), max_size=6),
)
def test_telegram_shaped_json(header: dict[str, Any], items: list[Any]) -> None:
    document = {**header, "messages": items}
    parse_or_refuse(json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass"))


# --- SMS-shaped XML -----------------------------------------------------------------------

_ODD = st.one_of(st.text(max_size=12), st.sampled_from(["null", "", "-1", "1e5"]))
_SMS_ATTRIBUTES = {
    "address": _sometimes(st.sampled_from(["+15550107788", "(555) 010-7788", "a~b"]), _ODD),
    "date": _sometimes(st.sampled_from(["1700000000000", "1700000000", "0"]), _ODD),
    "type": _sometimes(st.sampled_from(["1", "2", "3", "5"]), _ODD),
    "msg_box": _sometimes(st.sampled_from(["1", "2", "4"]), _ODD),
    "body": _sometimes(_PRINTABLE, st.sampled_from(["&#55357;", "&#56832;&#55357;", "&#1;"])),
    "contact_name": _sometimes(st.sampled_from(["Daniel", "(Unknown)", "null"]), _ODD),
}


def _attributes(values: dict[str, str]) -> str:
    # Character references are written raw so the repair of broken ones is exercised too.
    return " ".join(
        f'{key}="{value}"' if value.startswith("&#") else f"{key}={quoteattr(value)}"
        for key, value in values.items()
    )


@st.composite
def sms_element(draw: st.DrawFn) -> str:
    attributes = _attributes(draw(st.fixed_dictionaries({}, optional=_SMS_ATTRIBUTES)))
    tag = draw(st.sampled_from(["sms", "sms", "mms", "other"]))
    if tag == "mms" and draw(st.booleans()):
        part = _attributes(
            draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "ct": _sometimes(st.sampled_from(["text/plain", "image/jpeg"]), _ODD),
                        "text": _ANY_TEXT,
                    },
                )
            )
        )
        parts = f"<parts><part {part}/></parts>"
        return f'<mms {attributes}>{parts}<addrs><addr type="137" address="1"/></addrs></mms>'
    return f"<{tag} {attributes} />"


@FUZZ
@given(st.lists(sms_element(), max_size=6))
def test_sms_shaped_xml(elements: list[str]) -> None:
    xml = "<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n" + "\n".join(elements) + "\n</smses>"
    parse_or_refuse(xml.encode("utf-8", "surrogatepass"), "sms.xml")


# --- WhatsApp round trip ------------------------------------------------------------------

_NAME = (
    st.text(
        alphabet=st.sampled_from(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ éøçЖ🌻+0123456789"
        ),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
# Lines she could type: no line breaks, nothing that looks like a timestamp, placeholder or
# notice (those are rendered differently by WhatsApp and tested above).
_LINE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Cf"), blacklist_characters="\u0085"
    ),
    min_size=1,
    max_size=30,
).filter(
    lambda line: (
        line.strip() == line
        and header_match(line) is None
        and _placeholder(line) is None
        and not _NOTICE_ALWAYS.match(line)
    )
)


@st.composite
def conversation(draw: st.DrawFn) -> list[tuple[datetime, str, str]]:
    start = datetime(2012, 1, 13) + timedelta(minutes=draw(st.integers(0, 5_000_000)))
    steps = draw(st.lists(st.integers(0, 60 * 24 * 20), min_size=1, max_size=12))
    names = draw(st.lists(_NAME, min_size=1, max_size=3, unique=True))
    out = []
    moment = start
    for step in steps:
        moment += timedelta(minutes=step)
        text = "\n".join(draw(st.lists(_LINE, min_size=1, max_size=3)))
        out.append((moment, draw(st.sampled_from(names)), text))
    return out


def _render(moment: datetime, day_first: bool, style: str, clock: str, year: str) -> str:
    y = f"{moment:%Y}" if year == "4" else f"{moment:%y}"
    date = f"{moment.day}/{moment.month}/{y}" if day_first else f"{moment.month}/{moment.day}/{y}"
    seconds = ":00" if style == "ios" else ""
    if clock == "12":
        hour = moment.hour % 12 or 12
        time = f"{hour}:{moment:%M}{seconds}\u202f{'AM' if moment.hour < 12 else 'PM'}"
    else:
        time = f"{moment:%H:%M}{seconds}"
    return f"[{date}, {time}] " if style == "ios" else f"{date}, {time} - "


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    conversation(),
    st.booleans(),
    st.sampled_from(["android", "ios"]),
    st.sampled_from(["12", "24"]),
    st.sampled_from(["2", "4"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_whatsapp_round_trip(
    messages: list[tuple[datetime, str, str]],
    day_first: bool,
    style: str,
    clock: str,
    year: str,
    newline: str,
) -> None:
    # The first message falls on day 13 or later of its month, so the order is provable.
    first = messages[0][0]
    messages[0] = (first.replace(day=max(first.day, 13)), *messages[0][1:])
    messages.sort(key=lambda item: item[0])
    lines = [
        f"{_render(moment, day_first, style, clock, year)}{sender}: {text}"
        for moment, sender, text in messages
    ]
    parsed = parse_or_refuse("\n".join(lines).replace("\n", newline).encode(), "chat.txt")
    assert parsed is not None
    assert [(m.sent_at, m.sender, m.text, m.media) for m in parsed] == [
        (moment, sender, text, False) for moment, sender, text in messages
    ]


# --- Telegram and SMS round trips ---------------------------------------------------------

_WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=20,
)
_TYPED = st.lists(
    st.one_of(_WORDS, st.builds(lambda kind, text: {"type": kind, "text": text}, _NAME, _WORDS)),
    max_size=4,
)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.datetimes(datetime(2015, 1, 1), datetime(2030, 1, 1)).map(
                lambda moment: moment.replace(microsecond=0)
            ),
            _NAME,
            st.one_of(_WORDS, _TYPED),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_telegram_round_trip(items: list[tuple[datetime, str, Any, bool]]) -> None:
    document = {
        "name": "Daniel",
        "type": "personal_chat",
        "id": 1,
        "messages": [
            {
                "id": index,
                "type": "service" if service else "message",
                "date": moment.isoformat(),
                "from": sender,
                "text": text,
            }
            for index, (moment, sender, text, service) in enumerate(items, 1)
        ],
    }
    parsed = parse_or_refuse(json.dumps(document, ensure_ascii=False).encode())
    assert parsed is not None
    expected = [
        (
            moment,
            sender,
            text
            if isinstance(text, str)
            else "".join(piece if isinstance(piece, str) else piece["text"] for piece in text),
            index,
        )
        for index, (moment, sender, text, service) in enumerate(items, 1)
        if not service
    ]
    assert [(m.sent_at, m.sender, m.text, m.position) for m in parsed] == expected


_XML_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="".join(chr(c) for c in range(32) if c not in (9, 10, 13))
        + "\ufffe\uffff",
    ),
    max_size=30,
)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1_000_000_000_000, 1_900_000_000_000),
            st.sampled_from(["+15550107788", "+15550104444"]),
            st.sampled_from([1, 2]),
            _XML_TEXT,
            st.sampled_from(["Daniel", "(Unknown)", ""]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_sms_round_trip(items: list[tuple[int, str, int, str, str]]) -> None:
    elements = "\n".join(
        f'<sms address={quoteattr(address)} date="{millis}" type="{kind}" '
        f"body={quoteattr(body)} contact_name={quoteattr(name)} />"
        for millis, address, kind, body, name in items
    )
    xml = f"<?xml version='1.0' encoding='UTF-8'?>\n<smses>\n{elements}\n</smses>\n"
    parsed = parse_or_refuse(xml.encode(), "sms.xml")
    assert parsed is not None
    epoch = datetime(1970, 1, 1)
    expected = [
        (
            epoch + timedelta(milliseconds=millis),
            "me" if kind == 2 else (name if name and name != "(Unknown)" else address),
            body,
            address[-10:],
        )
        for millis, address, kind, body, name in items
    ]
    assert [(m.sent_at, m.sender, m.text, m.conversation) for m in parsed] == expected
