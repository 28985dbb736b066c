"""Format detection from content, and the plain messages for files that are not exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from drawcloser.chats import SUPPORTED_FORMATS, open_export
from drawcloser.errors import BadInput

from .helpers import FIXTURES

NAMES_EVERY_FORMAT = r"WhatsApp.*Telegram.*SMS Backup & Restore"


def test_supported_formats() -> None:
    assert SUPPORTED_FORMATS == ("whatsapp", "telegram", "sms")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("WhatsApp Chat with Daniel.txt", "whatsapp"),
        ("_chat.txt", "whatsapp"),
        ("telegram_personal.json", "telegram"),
        ("sms-20231115.xml", "sms"),
    ],
)
def test_detected_whatever_the_file_is_called(tmp_path: Path, name: str, kind: str) -> None:
    renamed = tmp_path / "upload.bin"
    renamed.write_bytes((FIXTURES / name).read_bytes())
    assert open_export(renamed).format == kind
    assert open_export(FIXTURES / name).format == kind


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no such file"):
        open_export(tmp_path / "nope.txt")
    with pytest.raises(BadInput, match="is a folder"):
        open_export(tmp_path)


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t\n", b"\xef\xbb\xbf\n"])
def test_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(content)
    with pytest.raises(BadInput, match="is empty"):
        open_export(path)


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100,
    ],
)
def test_binary_names_the_supported_formats(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(content)
    with pytest.raises(BadInput, match=rf"looks like a binary file.*{NAMES_EVERY_FORMAT}"):
        open_export(path)


def test_utf16(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes("31/12/2020, 21:41 - Maya: hi\n".encode("utf-16"))
    with pytest.raises(BadInput, match="UTF-16"):
        open_export(path)


def test_unknown_text_names_the_supported_formats(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Things to remember\n\nHe laughed at the fish joke.\n")
    with pytest.raises(
        BadInput, match=rf"not a chat export drawcloser can read.*{NAMES_EVERY_FORMAT}"
    ):
        open_export(path)


def test_unknown_txt_explains_the_whatsapp_shape(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("Maya: hi\nDaniel: hey\n")
    with pytest.raises(BadInput, match=r"does not look like a WhatsApp chat export.*21:41"):
        open_export(path)


@pytest.mark.parametrize("content", ["[1, 2, 3]\n", "<html><body>hello</body></html>\n"])
def test_other_structured_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "data"
    path.write_text(content)
    with pytest.raises(BadInput, match=NAMES_EVERY_FORMAT):
        open_export(path)


def test_str_path_is_accepted() -> None:
    assert open_export(str(FIXTURES / "_chat.txt")).format == "whatsapp"  # type: ignore[arg-type]
