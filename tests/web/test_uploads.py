"""A waiting upload: encrypted in chunks under a key only the token holds."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from drawcloser.web import uploads


def _keep(home: Path, data: bytes, name: str = "WhatsApp Chat with Tom.txt") -> str:
    return uploads.save(home, 7, name, io.BytesIO(data))


@pytest.mark.parametrize("size", [0, 1, uploads.CHUNK - 1, uploads.CHUNK, 2 * uploads.CHUNK + 5])
def test_what_is_kept_comes_back_whole_under_its_own_name(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    token = _keep(tmp_path, data)
    with uploads.opened(tmp_path, 7, token) as kept:
        assert kept is not None
        assert kept.name == "WhatsApp Chat with Tom.txt"
        assert kept.read_bytes() == data
        opened_dir = kept.parent
    assert not opened_dir.exists()  # the decrypted copy lasts as long as the request


def test_the_owner_and_the_key_must_both_match(tmp_path: Path) -> None:
    token = _keep(tmp_path, b"hello")
    upload_id, key = token.split(".")
    with uploads.opened(tmp_path, 8, token) as kept:  # someone else
        assert kept is None
    other = _keep(tmp_path, b"other").split(".")[1]
    for bad in (f"{upload_id}.{other}", upload_id, f"{upload_id}.{key}x", "../../etc.passwd"):
        with uploads.opened(tmp_path, 7, bad) as kept:
            assert kept is None


def _tamper(tmp_path: Path, token: str, change) -> None:  # type: ignore[no-untyped-def]
    [data] = (tmp_path / "uploads").glob(f"7-{token.split('.')[0]}/data")
    data.write_bytes(change(data.read_bytes()))


@pytest.mark.parametrize(
    "change",
    [
        lambda b: b[:-1],  # cut short
        lambda b: b[: len(b) // 2],  # the last chunk dropped
        lambda b: b[:40] + bytes([b[40] ^ 1]) + b[41:],  # a bit flipped
        lambda b: b + b[-200:],  # more after the last chunk
    ],
)
def test_a_changed_file_opens_as_nothing(tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    token = _keep(tmp_path, os.urandom(uploads.CHUNK + 300))
    _tamper(tmp_path, token, change)
    with uploads.opened(tmp_path, 7, token) as kept:
        assert kept is None
    assert not list((tmp_path / "uploads").glob("*/open"))


def test_discard_and_expiry(tmp_path: Path) -> None:
    token = _keep(tmp_path, b"hello")
    [where] = (tmp_path / "uploads").iterdir()
    os.utime(where, (0, 0))
    with uploads.opened(tmp_path, 7, token) as kept:
        assert kept is None  # an hour old: gone for her
    uploads.sweep(tmp_path)
    assert list((tmp_path / "uploads").iterdir()) == []
    token = _keep(tmp_path, b"hello")
    uploads.discard(tmp_path, 7, token)
    assert list((tmp_path / "uploads").iterdir()) == []
