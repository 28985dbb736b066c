"""Encryption at rest for the journal's free text: the field codec and the lock.

Format, version 1. A random 256-bit data key encrypts every sensitive field with
AES-256-GCM; each value is stored as ``dc1:`` + urlsafe-base64(12-byte random nonce ||
ciphertext || tag). The data key itself is wrapped (AES-256-GCM again) by a key derived from
her passphrase with Argon2id and a random 16-byte salt, and kept in the ``vaults`` row with
the KDF's parameters. Changing the passphrase re-wraps the data key and touches nothing else;
a wrong passphrase fails the wrapped key's tag, so nothing is ever decrypted into garbage.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = 1
PREFIX = "dc1:"
# Plain text that happens to start like a stored value is escaped, so it is never misread.
ESCAPE = "dc0:"
KEY_AAD = b"drawcloser vault v1: data key"
FIELD_AAD = b"drawcloser vault v1: field"
# Digests (used to recognise a message imported twice) are keyed by the data key when
# locked, so they do not let anyone test guesses of short texts against the database.
PLAIN_DIGEST_KEY = b"drawcloser digest v1"

# Argon2id at RFC 9106's second recommended setting scaled to a phone-class budget:
# 64 MiB, 3 passes, 4 lanes — about a quarter of a second here.
DEFAULT_KDF: dict[str, int] = {"memory_kib": 65536, "iterations": 3, "lanes": 4}


class WrongPassphrase(Exception):
    pass


class LockedField(Exception):
    """Encrypted text met a codec without the key."""


def derive_key(passphrase: str, salt: bytes, params: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=int(params["iterations"]),
        lanes=int(params["lanes"]),
        memory_cost=int(params["memory_kib"]),
    )
    return kdf.derive(passphrase.encode("utf-8"))


@dataclass(frozen=True)
class Sealed:
    """What the vault row stores: everything needed to unwrap the data key, except her."""

    kdf_params: dict[str, Any]
    salt: bytes
    wrapped_key: bytes
    version: int = FORMAT_VERSION
    kdf: str = "argon2id"


def seal(data_key: bytes, passphrase: str, params: dict[str, Any] | None = None) -> Sealed:
    params = dict(params or DEFAULT_KDF)
    salt = os.urandom(16)
    nonce = os.urandom(12)
    wrapped = nonce + AESGCM(derive_key(passphrase, salt, params)).encrypt(nonce, data_key, KEY_AAD)
    return Sealed(params, salt, wrapped)


def unseal(sealed: Sealed, passphrase: str) -> bytes:
    if sealed.version != FORMAT_VERSION or sealed.kdf != "argon2id":
        raise WrongPassphrase(f"unknown lock format {sealed.kdf} v{sealed.version}")
    kek = derive_key(passphrase, sealed.salt, sealed.kdf_params)
    try:
        return AESGCM(kek).decrypt(sealed.wrapped_key[:12], sealed.wrapped_key[12:], KEY_AAD)
    except InvalidTag:
        raise WrongPassphrase("wrong passphrase") from None


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


class FieldCodec:
    """Turns her text into what is stored, and back. Without a key it passes text through
    (an unlocked journal) and refuses to read encrypted values."""

    def __init__(self, data_key: bytes | None = None) -> None:
        self._aead = AESGCM(data_key) if data_key is not None else None
        self._digest_key = (
            hashlib.sha256(b"digest:" + data_key).digest() if data_key else PLAIN_DIGEST_KEY
        )

    def digest(self, text: str) -> str:
        return hmac.new(self._digest_key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:40]

    @property
    def encrypting(self) -> bool:
        return self._aead is not None

    def encode(self, text: str) -> str:
        if self._aead is None or text == "":
            return ESCAPE + text if text.startswith((PREFIX, ESCAPE)) else text
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), FIELD_AAD)
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def decode(self, stored: str) -> str:
        if stored.startswith(ESCAPE):
            return stored[len(ESCAPE) :]
        if not stored.startswith(PREFIX):
            return stored
        if self._aead is None:
            raise LockedField("this text is encrypted")
        raw = base64.urlsafe_b64decode(stored[len(PREFIX) :])
        try:
            return self._aead.decrypt(raw[:12], raw[12:], FIELD_AAD).decode("utf-8")
        except InvalidTag:
            raise LockedField("this text does not open with the journal's key") from None


PLAIN = FieldCodec()
