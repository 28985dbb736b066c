"""Uploaded files that wait for her next answer ("which one is you?", "replace everything?").

A form cannot carry a chosen file from one page to the next, so an upload is kept on disk
until she answers: in ``DRAWCLOSER_HOME/uploads`` (mode 0700), one folder per upload, tied
to her owner id, and removed as soon as it is used, cancelled, or an hour old (swept on
every new upload).

What waits is encrypted, name included, with AES-256-GCM under a fresh key that is never
written to disk: the key is half of the token the page carries to her next answer. A chat
export names him and holds their words; a copy of the disk alone must not give them away,
whether or not her journal is locked. While a request reads the upload, a decrypted copy
sits in the upload's folder, and it is removed when that request ends.

The file is encrypted and decrypted in chunks: a large export never sits in memory.
Each chunk's nonce is its number and its associated data says whether it is the last, so
chunks cannot be reordered, dropped or cut off without the read failing.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import shutil
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAX_AGE = 3600  # seconds an unanswered upload is kept
CHUNK = 1024 * 1024
AAD = b"drawcloser upload v1"
DATA = "data"  # the encrypted file, in the upload's folder
PLAIN = "open"  # the folder of the decrypted copy, while a request reads it
_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")
_TOKEN = re.compile(r"^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]")
_LENGTH = struct.Struct(">I")


def folder(home: Path) -> Path:
    base = home / "uploads"
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    return base


def safe_name(filename: str | None) -> str:
    """The upload's own name without any folder, reduced to harmless characters (the
    library's messages name the file, so she should recognise it)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = _UNSAFE.sub("_", name).lstrip(".")[:120]
    return name or "upload"


def save(home: Path, owner_id: int, filename: str | None, source: BinaryIO) -> str:
    """Keep the upload, encrypted; returns its token (the folder's id and the key)."""
    sweep(home)
    upload_id = secrets.token_urlsafe(24)
    key = AESGCM.generate_key(bit_length=256)
    where = folder(home) / f"{owner_id}-{upload_id}"
    where.mkdir(mode=0o700)
    sealer = AESGCM(key)
    header = json.dumps({"name": safe_name(filename)}).encode()
    with (where / DATA).open("wb") as out:
        _write(out, sealer, 0, header, last=False)
        number = 1
        chunk = source.read(CHUNK)
        while True:
            following = source.read(CHUNK) if chunk else b""
            _write(out, sealer, number, chunk, last=not following)
            if not following:
                break
            chunk, number = following, number + 1
    return f"{upload_id}.{base64.urlsafe_b64encode(key).decode().rstrip('=')}"


@contextmanager
def opened(home: Path, owner_id: int, token: str) -> Iterator[Path | None]:
    """The upload decrypted under its own name for the length of the ``with``, or None
    (unknown, expired, someone else's, or a token whose key does not open it)."""
    found = _TOKEN.match(token)
    where = folder(home) / f"{owner_id}-{found.group(1)}" if found else None
    if found is None or where is None or not _fresh(where / DATA):
        yield None
        return
    key = base64.urlsafe_b64decode(found.group(2) + "=")
    plain_dir = where / PLAIN
    shutil.rmtree(plain_dir, ignore_errors=True)
    try:
        plain = _decrypt(where / DATA, AESGCM(key), plain_dir)
    except (InvalidTag, ValueError, OSError, binascii.Error):
        shutil.rmtree(plain_dir, ignore_errors=True)
        yield None
        return
    try:
        yield plain
    finally:
        shutil.rmtree(plain_dir, ignore_errors=True)


def discard(home: Path, owner_id: int, token: str) -> None:
    upload_id = token.split(".", 1)[0]
    if _ID.match(upload_id):
        shutil.rmtree(folder(home) / f"{owner_id}-{upload_id}", ignore_errors=True)


def sweep(home: Path) -> None:
    now = time.time()
    for where in folder(home).iterdir():
        try:
            if now - where.stat().st_mtime > MAX_AGE:
                shutil.rmtree(where, ignore_errors=True)
        except FileNotFoundError:
            continue


def plain_message(message: str, kept: Path) -> str:
    """A library message about the kept file, naming it as she named it (no temp folder)."""
    return message.replace(str(kept.parent) + "/", "").replace(str(kept.parent), "")


def _fresh(data: Path) -> bool:
    try:
        return time.time() - data.parent.stat().st_mtime <= MAX_AGE and data.is_file()
    except FileNotFoundError:
        return False


def _nonce_and_aad(number: int, last: bool) -> tuple[bytes, bytes]:
    return number.to_bytes(12, "big"), AAD + (b"|last" if last else b"|more")


def _write(out: BinaryIO, sealer: AESGCM, number: int, data: bytes, *, last: bool) -> None:
    nonce, aad = _nonce_and_aad(number, last)
    sealed = sealer.encrypt(nonce, data, aad)
    out.write(_LENGTH.pack(len(sealed)))
    out.write(sealed)


def _records(data: BinaryIO) -> Iterator[bytes]:
    while True:
        head = data.read(_LENGTH.size)
        if not head:
            return
        if len(head) != _LENGTH.size:
            raise ValueError("truncated upload")
        (size,) = _LENGTH.unpack(head)
        body = data.read(size)
        if len(body) != size or size > CHUNK + 16:
            raise ValueError("truncated upload")
        yield body


def _open(opener: AESGCM, number: int, sealed: bytes) -> tuple[bytes, bool]:
    """A chunk's bytes, and whether it says it is the last."""
    nonce, aad = _nonce_and_aad(number, False)
    try:
        return opener.decrypt(nonce, sealed, aad), False
    except InvalidTag:
        nonce, aad = _nonce_and_aad(number, True)
        return opener.decrypt(nonce, sealed, aad), True


def _decrypt(data: Path, opener: AESGCM, plain_dir: Path) -> Path:
    with data.open("rb") as fh:
        records = _records(fh)
        header, last = _open(opener, 0, next(records, b""))
        if last:
            raise ValueError("the upload has no content record")
        plain_dir.mkdir(mode=0o700)
        plain = plain_dir / safe_name(json.loads(header).get("name"))
        with plain.open("wb") as out:
            for number, sealed in enumerate(records, start=1):
                if last:
                    raise ValueError("data after the last chunk")
                chunk, last = _open(opener, number, sealed)
                out.write(chunk)
        if not last:
            raise ValueError("the upload's last chunk is missing")
        return plain
