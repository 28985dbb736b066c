"""The session cookie: who she is, her journal's data key while unlocked, a CSRF token.

Sealed with AES-256-GCM under the server's secret (``DRAWCLOSER_HOME/web-secret``, created
once with mode 0600 and shared by every worker process), so the cookie can be neither read
nor forged, and several workers need no shared memory. HttpOnly, SameSite=Lax, Secure in
server mode (behind TLS). Signing out, or a lock change, replaces it.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import Request, Response

COOKIE = "dc_session"
AAD = b"drawcloser session v1"
MAX_AGE = 30 * 24 * 3600  # server mode: a month; local mode: until the browser closes


@dataclass
class Session:
    uid: int | None = None
    key: bytes | None = None  # her journal's data key, while unlocked
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    # To the microsecond: a cookie must be older than no account it names (deps.owner_id).
    issued: float = field(default_factory=time.time)

    def dump(self) -> bytes:
        return json.dumps(
            {
                "uid": self.uid,
                "key": base64.b64encode(self.key).decode() if self.key else None,
                "csrf": self.csrf,
                "iat": self.issued,
            }
        ).encode()

    @classmethod
    def load(cls, raw: bytes) -> Session:
        data = json.loads(raw)
        key = base64.b64decode(data["key"]) if data.get("key") else None
        return cls(data.get("uid"), key, str(data["csrf"]), float(data["iat"]))


def secret(home: Path) -> bytes:
    """The server's cookie key: read, or created once (safely if two workers race)."""
    path = home / "web-secret"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        pass
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        time.sleep(0.05)
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


class Sessions:
    def __init__(self, key: bytes, *, secure: bool, max_age: int | None) -> None:
        self._aead = AESGCM(key)
        self.secure = secure
        self.max_age = max_age

    def read(self, request: Request) -> Session | None:
        value = request.cookies.get(COOKIE)
        if not value:
            return None
        try:
            raw = base64.urlsafe_b64decode(value.encode() + b"==")
            session = Session.load(self._aead.decrypt(raw[:12], raw[12:], AAD))
        except (InvalidTag, ValueError, KeyError, TypeError, json.JSONDecodeError):
            return None
        if self.max_age is not None and time.time() - session.issued > self.max_age:
            return None
        return session

    def write(self, response: Response, session: Session) -> None:
        nonce = os.urandom(12)
        sealed = nonce + self._aead.encrypt(nonce, session.dump(), AAD)
        response.set_cookie(
            COOKIE,
            base64.urlsafe_b64encode(sealed).decode().rstrip("="),
            max_age=self.max_age,
            httponly=True,
            samesite="lax",
            secure=self.secure,
            path="/",
        )

    def clear(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=self.secure)
