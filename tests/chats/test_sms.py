"""SMS Backup & Restore XML: SMS and MMS, both directions, several conversations, repairs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from drawcloser.chats import open_export
from drawcloser.chats.sms import CharRefFixer, conversation_key
from drawcloser.errors import BadInput

from .helpers import FIXTURES, local_time, rows

D = datetime
DANIEL = "5550107788"


@pytest.fixture(autouse=True)
def _utc() -> Iterator[None]:
    # The backup's dates are epoch milliseconds, shown as local time; pin the zone.
    with local_time("UTC"):
        yield


def test_backup_is_read_exactly() -> None:
    source = open_export(FIXTURES / "sms-20231115.xml")
    assert (source.format, source.title, source.is_group) == ("sms", "Daniel", None)
    assert rows(source) == [
        (D(2023, 11, 14, 22, 13, 20), "Daniel", "Home by 7, want me to grab bread?", False),
        (D(2023, 11, 14, 22, 15, 23, 456000), "me", "Yes please 😊 and milk", False),
        (D(2023, 11, 14, 22, 16, 40), "me", "Also\nthe good butter, not the tub one", False),
        # the draft (element 4) never reached him
        (D(2023, 11, 14, 22, 18, 20), "Daniel", "Got it 👍", False),
        (D(2023, 11, 14, 22, 20), "Daniel", "<media: image>\nThe bread aisle is chaos", False),
        (D(2023, 11, 14, 22, 21), "me", "<media: gif>", True),
        (D(2023, 11, 14, 23, 13, 20), "+15550109999", "Your parcel is out for delivery", False),
        (D(2023, 11, 15, 0, 13, 20), "+15550104444", "Dinner Sunday at ours?", False),
    ]
    assert [m.position for m in source.messages()] == [1, 2, 3, 5, 6, 7, 8, 9]


def test_several_conversations_are_listed_and_can_be_chosen() -> None:
    source = open_export(FIXTURES / "sms-20231115.xml")
    listed = [(c.key, c.title, c.messages) for c in source.conversations()]
    assert listed == [
        (DANIEL, "Daniel", 6),
        (f"5550104444~{DANIEL}", "Daniel, Priya", 1),
        ("5550109999", "+15550109999", 1),
    ]
    assert source.senders(DANIEL) == [("Daniel", 3), ("me", 3)]
    assert {m.conversation for m in source.messages(DANIEL)} == {DANIEL}
    assert len(list(source.messages(DANIEL))) == 6


def test_local_time_is_used() -> None:
    with local_time("America/New_York"):
        first = next(open_export(FIXTURES / "sms-20231115.xml").messages())
    assert first.sent_at == D(2023, 11, 14, 17, 13, 20)


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("+1 555-010-7788", DANIEL),
        ("(555) 010-7788", DANIEL),
        ("5550107788", DANIEL),
        ("+15550107788~+15550104444", f"5550104444~{DANIEL}"),
        ("MyBank", "mybank"),
        ("", "unknown"),
    ],
)
def test_conversation_keys(address: str, key: str) -> None:
    assert conversation_key(address) == key


def _backup(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "sms.xml"
    path.write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        f'<smses count="1">\n{body}\n</smses>\n',
        encoding="utf-8",
    )
    return path


def test_seconds_and_unknown_contact(tmp_path: Path) -> None:
    path = _backup(
        tmp_path,
        '<sms address="+15550107788" date="1700000000" type="1" body="hi" contact_name="null" />',
    )
    assert rows(open_export(path)) == [(D(2023, 11, 14, 22, 13, 20), "+15550107788", "hi", False)]


def test_mms_without_parts_is_a_media_message(tmp_path: Path) -> None:
    path = _backup(
        tmp_path, '<mms address="+15550107788" date="1700000000000" msg_box="1" m_type="130" />'
    )
    assert rows(open_export(path)) == [
        (D(2023, 11, 14, 22, 13, 20), "+15550107788", "<media>", True)
    ]


def test_broken_surrogates_and_control_characters_are_replaced(tmp_path: Path) -> None:
    path = _backup(
        tmp_path,
        '<sms address="1" date="1700000000000" type="1" body="a&#55357;b&#1;c&#x1F60A;&#56842;" />',
    )
    [message] = open_export(path).messages()
    assert message.text == "a\ufffdb\ufffdc😊\ufffd"


class _Trickle:
    """Hands out a few bytes per read, to split references at every possible place."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = data
        self._step = step

    def read(self, size: int = -1) -> bytes:
        chunk, self._data = self._data[: self._step], self._data[self._step :]
        return chunk


@pytest.mark.parametrize("step", [1, 2, 3, 5, 7, 8, 9, 16])
def test_surrogate_pairs_split_across_reads(step: int) -> None:
    data = b'body="&#55357;&#56842;&#10;&#55357;&#56832;&amp; ok &#128512;"'
    fixer = CharRefFixer(_Trickle(data, step))
    out = b""
    while chunk := fixer.read(step):
        out += chunk
    assert out == 'body="😊&#10;😀&amp; ok &#128512;"'.encode()


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    path = _backup(tmp_path, '<sms address="1" date="1" type="1" body="a" <sms/>')
    with pytest.raises(BadInput, match=r"not well-formed XML at line 3, column \d+"):
        list(open_export(path).messages())


def test_cut_off_backup(tmp_path: Path) -> None:
    data = (FIXTURES / "sms-20231115.xml").read_bytes()
    path = tmp_path / "sms.xml"
    path.write_bytes(data[: data.index(b"<mms date=")])
    source = open_export(path)
    with pytest.raises(BadInput, match=r"not well-formed XML at line \d+.*cut short"):
        list(source.messages())


def test_entities_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "sms.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE smses [<!ENTITY big "boom">]>\n'
        '<smses><sms address="1" date="1" type="1" body="&big;" /></smses>\n'
    )
    with pytest.raises(BadInput, match="declares XML entities"):
        list(open_export(path).messages())


def test_call_log_and_other_xml(tmp_path: Path) -> None:
    calls = tmp_path / "calls.xml"
    calls.write_text('<?xml version="1.0"?>\n<calls count="0"></calls>\n')
    with pytest.raises(BadInput, match="call-log backup"):
        open_export(calls)
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?>\n<rss><smses/></rss>\n')
    with pytest.raises(BadInput, match=r"not an SMS Backup & Restore file \(it starts with <rss>"):
        open_export(other)


@pytest.mark.parametrize(
    ("element", "reason"),
    [
        ('<sms address="1" date="soon" type="1" body="a" />', "its date 'soon'"),
        ('<sms address="1" type="1" body="a" />', "its date None"),
        ('<sms address="1" date="1" type="9" body="a" />', 'its type "9" says neither'),
        ('<mms address="1" date="1" msg_box="x" />', 'its msg_box "x" says neither'),
        ('<sms address="1" date="99999999999999999999" type="1" body="a" />', "its date"),
    ],
)
def test_malformed_message_names_its_index(tmp_path: Path, element: str, reason: str) -> None:
    ok = '<sms address="1" date="1700000000000" type="1" body="fine" />'
    path = _backup(tmp_path, ok + "\n" + element)
    with pytest.raises(BadInput, match=rf"^Message 2 of .*: {reason}"):
        list(open_export(path).messages())


def test_unknown_encoding_in_the_declaration_is_refused_with_a_reason(tmp_path: Path) -> None:
    original = (FIXTURES / "sms-20231115.xml").read_bytes()
    broken = tmp_path / "sms-broken.xml"
    broken.write_bytes(original.replace(b"encoding='UTF-8'", b"encoding='TF-8'", 1))
    assert broken.read_bytes() != original
    with pytest.raises(BadInput, match="unknown encoding"):
        for _ in open_export(broken).messages():
            pass
