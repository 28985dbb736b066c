"""WhatsApp exports: every message, sender, timestamp and text exactly, in every variant."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from drawcloser.chats import open_export
from drawcloser.errors import BadInput

from .helpers import FIXTURES, Row, rows

D = datetime

EXPECTED: dict[str, list[Row]] = {
    # Android, month first, 2-digit year, U+202F before AM/PM.
    "WhatsApp Chat with Daniel.txt": [
        (D(2020, 12, 28, 21, 3), "Maya", "Are you still at the garage?", False),
        (D(2020, 12, 28, 21, 15), "Daniel", "Yeah, the part didn't come in", False),
        (D(2020, 12, 28, 21, 15), "Daniel", "Should be done by 10", False),
        (
            D(2020, 12, 28, 21, 41),
            "Maya",
            "Ok. I saved you some soup.\nIt's on the back burner, just warm it up.\n\nNo rush 🙂",
            False,
        ),
        (D(2020, 12, 29, 7, 30), "Daniel", "<media>", True),
        (D(2020, 12, 29, 7, 31), "Daniel", "Thanks for the soup", False),
        (D(2020, 12, 29, 12, 4), "Maya", "<deleted>", True),
        (D(2020, 12, 29, 12, 5), "Maya", "Lunch at Rosa's on Friday? My treat", False),
        (D(2020, 12, 30, 0, 0), "Daniel", "Sure. Sorry, long day", False),
    ],
    # Android, day first, 4-digit year, 24 h, CRLF, BOM, media with caption, security notice.
    "android_24h_crlf.txt": [
        (D(2020, 12, 31, 21, 41), "Maya", "Happy almost new year from the balcony", False),
        (D(2020, 12, 31, 21, 43), "Daniel", "Happy new year love. Work party is loud", False),
        (D(2020, 12, 31, 23, 58), "Maya", "Two minutes!", False),
        (D(2021, 1, 1, 0, 1), "Daniel", "🎆🎆", False),
        (D(2021, 1, 1, 0, 2), "Maya", "Come home safe.\nI'll leave the porch light on.", False),
        (D(2021, 1, 1, 9, 10), "Daniel", "<media: image>\nThe view from Tom's place", False),
        (D(2021, 1, 1, 9, 12), "Daniel", "<media: voice>", True),
        (D(2021, 1, 1, 9, 31), "Maya", "<deleted>", True),
    ],
    "german_dots.txt": [
        (D(2020, 12, 24, 18, 6), "Maya", "Frohe Weihnachten, mein Schatz", False),
        (D(2020, 12, 24, 18, 30), "Daniel", "<media>", True),
        (D(2020, 12, 24, 18, 31), "Daniel", "Dir auch. Bin in einer Stunde da", False),
        (D(2020, 12, 25, 9, 0), "Maya", "<deleted>", True),
    ],
    # iPhone: brackets, seconds, U+200E marks, a notice carrying a sender, missed call.
    "_chat.txt": [
        (D(2021, 3, 2, 8, 15, 22), "Maya", "Morning! Did you sleep at all?", False),
        (D(2021, 3, 2, 8, 40, 3), "Daniel", "A bit. Big meeting at 11", False),
        (D(2021, 3, 2, 8, 41, 10), "Maya", "<media: image>", True),
        (D(2021, 3, 2, 8, 41, 15), "Maya", "<media: image>", True),
        (D(2021, 3, 2, 8, 42, 0), "Maya", "For luck 🍀", False),
        (D(2021, 3, 2, 13, 5, 44), "Daniel", "<call: missed voice>", True),
        (D(2021, 3, 2, 13, 6, 1), "Daniel", "Sorry, can't talk. It went well!", False),
        (D(2021, 3, 2, 13, 6, 30), "Maya", "I knew it would.\nTell me everything tonight?", False),
        (D(2021, 3, 2, 13, 7, 2), "Daniel", "<deleted>", True),
        (D(2021, 3, 14, 19, 22, 10), "Maya", "Pizza or pasta?", False),
        (
            D(2021, 3, 14, 19, 25, 0),
            "Daniel",
            "Location: https://maps.example.com/?q=51.5,-0.12",
            False,
        ),
    ],
    "ios_us_12h.txt": [
        (D(2021, 1, 15, 21, 41, 5), "Maya", "Are you coming up?", False),
        (D(2021, 1, 15, 21, 58, 40), "Daniel", "In a minute, finishing this episode", False),
        (D(2021, 1, 15, 23, 2, 13), "Maya", "Goodnight then\nLove you", False),
        (D(2021, 1, 16, 6, 45, 0), "Daniel", "<media: sticker>", True),
        (D(2021, 1, 16, 6, 45, 30), "Daniel", "Morning. Coffee's made", False),
        (D(2021, 1, 16, 12, 30, 0), "Maya", "<media: document>", True),
    ],
    # No field above 12: month first is the only order that keeps time moving forward.
    "ambiguous_month_first.txt": [
        (D(2021, 1, 3, 20, 0), "Maya", "Did you call your mom back?", False),
        (D(2021, 1, 3, 20, 30), "Daniel", "Tomorrow", False),
        (D(2021, 2, 1, 19, 15), "Maya", "Dinner's in the oven", False),
        (D(2021, 2, 5, 18, 0), "Daniel", "Running late, sorry", False),
        (D(2021, 3, 2, 9, 0), "Maya", "Happy anniversary ❤️", False),
    ],
    # One day only: both orders move forward, so the default, day first (3 April).
    "ambiguous_one_day.txt": [
        (D(2021, 4, 3, 7, 5), "Daniel", "Leaving now", False),
        (D(2021, 4, 3, 7, 6), "Maya", "Drive safe x", False),
    ],
    "ampm_variants.txt": [
        (D(2021, 11, 13, 8, 14), "Maya", "Good morning, sleepyhead", False),
        (D(2021, 11, 13, 8, 20), "Daniel", "morning", False),
        (D(2021, 11, 13, 12, 1), "Maya", "Lunch?", False),
        (D(2021, 11, 13, 12, 40), "Daniel", "Can't today, tomorrow?", False),
    ],
    "year_first.txt": [
        (D(2021, 4, 3, 21, 41), "Maya", "Movie night?", False),
        (D(2021, 4, 3, 21, 50), "Daniel", "Your pick", False),
    ],
    # Group notices are skipped, including a subject with ": " and a two-line description.
    "group_android.txt": [
        (D(2021, 2, 10, 14, 5), "Daniel", "I'll book the ferry", False),
        (D(2021, 2, 10, 14, 6), "+1 555-010-7788", "Count me in!", False),
        (D(2021, 2, 23, 9, 30), "Zoë 🌻", "Packed: socks, cards, the good coffee", False),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_is_read_exactly(name: str) -> None:
    source = open_export(FIXTURES / name)
    assert source.format == "whatsapp"
    assert rows(source) == EXPECTED[name]


def test_positions_are_the_header_lines() -> None:
    source = open_export(FIXTURES / "WhatsApp Chat with Daniel.txt")
    assert [m.position for m in source.messages()] == [2, 3, 4, 5, 9, 10, 11, 12, 13]


def test_title_comes_from_the_file_name() -> None:
    assert open_export(FIXTURES / "WhatsApp Chat with Daniel.txt").title == "Daniel"
    assert open_export(FIXTURES / "_chat.txt").title is None
    assert open_export(FIXTURES / "_chat.txt").is_group is None


def test_messages_can_be_read_twice_and_senders_count_them() -> None:
    source = open_export(FIXTURES / "WhatsApp Chat with Daniel.txt")
    assert list(source.messages()) == list(source.messages())
    assert source.senders() == [("Daniel", 5), ("Maya", 4)]
    [conversation] = source.conversations()
    assert (conversation.key, conversation.title, conversation.messages) == (None, "Daniel", 9)


def test_compatibility_characters_are_kept_as_written(tmp_path: Path) -> None:
    # Libraries that NFKC-normalise the whole file turn "…" into "..." and "½" into "1⁄2".
    path = tmp_path / "chat.txt"
    path.write_text("13/11/21, 12:01\u202fp.\u202fm. - Maya: Wait… ½ day Friday?\u200f\n")
    [message] = open_export(path).messages()
    assert message.sent_at == D(2021, 11, 13, 12, 1)
    assert message.text == "Wait… ½ day Friday?\u200f"


def test_header_like_text_inside_a_message_needs_the_same_date_separator(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "13/11/21, 09:00 - Maya: Copying what you sent:\n"
        "13.11.21, 08:00 - Daniel: this is pasted, not a new message\n"
        "13/11/21, 09:05 - Daniel: ok\n"
    )
    assert rows(open_export(path)) == [
        (
            D(2021, 11, 13, 9, 0),
            "Maya",
            "Copying what you sent:\n13.11.21, 08:00 - Daniel: this is pasted, not a new message",
            False,
        ),
        (D(2021, 11, 13, 9, 5), "Daniel", "ok", False),
    ]


def test_empty_message_and_colon_in_text(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("13/11/21, 09:00 - Maya:\n13/11/21, 09:01 - Daniel: Time: 7:30, place: ours\n")
    assert rows(open_export(path)) == [
        (D(2021, 11, 13, 9, 0), "Maya", "", False),
        (D(2021, 11, 13, 9, 1), "Daniel", "Time: 7:30, place: ours", False),
    ]


def test_notice_words_in_a_real_message_are_kept(tmp_path: Path) -> None:
    # Only text WhatsApp itself marks with U+200E is compared with the notice list.
    path = tmp_path / "_chat.txt"
    path.write_text(
        "[13/11/2021, 09:00:00] Maya: I added you to the school group, then left it\n"
        "[13/11/2021, 09:00:05] Family: \u200eDaniel added Maya\n"
    )
    assert rows(open_export(path)) == [
        (
            D(2021, 11, 13, 9, 0),
            "Maya",
            "I added you to the school group, then left it",
            False,
        ),
    ]


# --- zips -------------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_android_zip_with_media(tmp_path: Path) -> None:
    chat = (FIXTURES / "android_24h_crlf.txt").read_bytes()
    path = _zip(
        tmp_path / "WhatsApp Chat with Daniel.zip",
        {
            "WhatsApp Chat with Daniel.txt": chat,
            "IMG-20210101-WA0003.jpg": b"\xff\xd8\xff\xe0 not really a photo",
            "PTT-20210101-WA0004.opus": b"OggS not really audio",
        },
    )
    source = open_export(path)
    assert (source.format, source.title, source.path) == ("whatsapp", "Daniel", path)
    assert rows(source) == EXPECTED["android_24h_crlf.txt"]


def test_iphone_zip_takes_the_title_from_the_zip_name(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "WhatsApp Chat - Daniel.zip",
        {
            "_chat.txt": (FIXTURES / "_chat.txt").read_bytes(),
            "00000012-PHOTO-2021-03-02-08-41-15.jpg": b"\xff\xd8\xff\xe0",
        },
    )
    source = open_export(path)
    assert source.title == "Daniel"
    assert rows(source) == EXPECTED["_chat.txt"]
    assert rows(source) == EXPECTED["_chat.txt"]  # re-opens the archive


def test_zip_without_a_chat(tmp_path: Path) -> None:
    path = _zip(tmp_path / "photos.zip", {"IMG-1.jpg": b"\xff\xd8"})
    with pytest.raises(BadInput, match=r"has no chat in it.*WhatsApp"):
        open_export(path)


def test_zip_with_several_texts(tmp_path: Path) -> None:
    path = _zip(tmp_path / "notes.zip", {"a.txt": b"x", "b.txt": b"y"})
    with pytest.raises(BadInput, match=r"several text files \(a.txt, b.txt\)"):
        open_export(path)


def test_damaged_zip(tmp_path: Path) -> None:
    good = _zip(tmp_path / "good.zip", {"_chat.txt": (FIXTURES / "_chat.txt").read_bytes() * 50})
    path = tmp_path / "WhatsApp Chat - Daniel.zip"
    data = bytearray(good.read_bytes())
    data[60:90] = b"\x00" * 30  # inside the compressed chat
    path.write_bytes(bytes(data))
    with pytest.raises(BadInput, match="zip"):
        list(open_export(path).messages())
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 20)
    with pytest.raises(BadInput, match="not a zip file that can be read"):
        open_export(path)


# --- bad input ----------------------------------------------------------------------------


def test_lines_before_the_first_message_are_named() -> None:
    with pytest.raises(BadInput, match=r"^Line 1 of .*before_first.txt comes before the first"):
        open_export(FIXTURES / "before_first.txt")


def test_lines_before_the_first_message_beyond_the_sniffed_head(tmp_path: Path) -> None:
    # Detection looks at the first 64 KiB; the parser itself also refuses such lines.
    path = tmp_path / "chat.txt"
    path.write_text("\n" * 70_000 + "notes\n13/11/21, 09:00 - Maya: hi\n")
    with pytest.raises(BadInput, match=r"^Line 70001 of .* comes before the first message"):
        open_export(path)


def test_latin1_file_names_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Daniel.txt"
    path.write_bytes(
        "13/11/21, 09:00 - Maya: Morning\n13/11/21, 09:01 - Daniel: Café later?\n".encode("latin-1")
    )
    with pytest.raises(BadInput, match=r"^Line 2 of .* is not UTF-8 text \(byte 61 of the file\)"):
        open_export(path)


def test_not_utf8_after_the_sniffed_head_is_found_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    good = "13/11/21, 09:00 - Maya: all fine here\n" * 3000
    path.write_bytes(good.encode() + "13/11/21, 09:01 - Daniel: Café\n".encode("latin-1"))
    source = open_export(path)
    with pytest.raises(BadInput, match=r"^Line 3001 of .* is not UTF-8 text"):
        list(source.messages())


def test_impossible_date_is_named(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("31/12/20, 21:41 - Maya: hi\n12/31/20, 21:42 - Daniel: hey\n")
    with pytest.raises(BadInput, match=r'^Line 2 of .*"12/31/20, 21:42".*day first'):
        list(open_export(path).messages())


def test_impossible_clock_is_named(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("31/12/20, 21:41 - Maya: hi\n31/12/20, 13:42 PM - Daniel: hey\n")
    with pytest.raises(BadInput, match=r"^Line 2 of .*does not exist"):
        list(open_export(path).messages())


def test_only_notices_gives_no_messages(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("31/12/20, 21:41 - Messages and calls are end-to-end encrypted.\n")
    assert list(open_export(path).messages()) == []
    assert open_export(path).senders() == []
