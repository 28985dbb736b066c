"""Uploaded files that wait for her next answer ("which one is you?", "replace everything?").

A form cannot carry a chosen file from one page to the next, so an upload is kept on disk
under a random token until she answers: in ``DRAWCLOSER_HOME/uploads`` (mode 0700), one
folder per upload, tied to her owner id, and removed as soon as it is used, cancelled, or
an hour old (swept on every new upload). The file is copied in chunks: a large export never
sits in memory.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import BinaryIO

MAX_AGE = 3600  # seconds an unanswered upload is kept
CHUNK = 1024 * 1024
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]")


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
    """Keep the upload; returns its token."""
    sweep(home)
    token = secrets.token_urlsafe(24)
    where = folder(home) / f"{owner_id}-{token}"
    where.mkdir(mode=0o700)
    with (where / safe_name(filename)).open("wb") as out:
        shutil.copyfileobj(source, out, CHUNK)
    return token


def path(home: Path, owner_id: int, token: str) -> Path | None:
    """The kept file for this token and owner, or None (unknown, expired, someone else's)."""
    if not _TOKEN.match(token):
        return None
    where = folder(home) / f"{owner_id}-{token}"
    if not where.is_dir() or time.time() - where.stat().st_mtime > MAX_AGE:
        return None
    files = [p for p in where.iterdir() if p.is_file()]
    return files[0] if len(files) == 1 else None


def discard(home: Path, owner_id: int, token: str) -> None:
    if _TOKEN.match(token):
        shutil.rmtree(folder(home) / f"{owner_id}-{token}", ignore_errors=True)


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
