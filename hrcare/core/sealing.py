"""Sealing small JSON records at rest: AES-GCM with a key derived from the app's secret key.

Used where a row must exist for a while but its content must not be readable by someone who
holds only the database (a dump, a replica, a backup, PostgreSQL's dead row versions): the
survey pool, whose rows share a transaction with the invitation they came from. Reading a
sealed record needs the application's ``SECRET_KEY`` too.

Key rotation: a record sealed under a key listed in ``SECRET_KEY_FALLBACKS`` (Flask's
setting) still opens, so rotating the secret never loses a pooled answer as long as the old
key stays among the fallbacks until the open waves close.
"""

from __future__ import annotations

import base64
import json
import os
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

__all__ = ["SealError", "is_sealed", "seal", "unseal"]

_FIELD = "sealed"
_VERSION = "v1"


class SealError(ValueError):
    """A sealed record that no configured key opens (wrong secret, or tampered)."""


@lru_cache(maxsize=16)
def _key(secret: str, purpose: str) -> bytes:
    """The AES key of ``purpose`` under ``secret``, derived once per process: HKDF is a pure
    function of the two, and the secret is in this process's memory anyway."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"hrcare:{purpose}".encode()
    ).derive(secret.encode())


def _secrets() -> list[str]:
    config = current_app.config
    return [str(config["SECRET_KEY"]), *map(str, config.get("SECRET_KEY_FALLBACKS") or [])]


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {_FIELD}


def seal(record: dict[str, Any], *, purpose: str, context: str) -> dict[str, str]:
    """``record`` as ``{"sealed": "v1.<nonce+ciphertext>"}``; ``context`` (e.g. the row's
    owner) is authenticated, so a sealed value copied to another row does not open there."""
    nonce = os.urandom(12)
    plain = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
    box = AESGCM(_key(_secrets()[0], purpose)).encrypt(nonce, plain, context.encode())
    return {_FIELD: f"{_VERSION}.{base64.urlsafe_b64encode(nonce + box).decode()}"}


def unseal(value: dict[str, Any], *, purpose: str, context: str) -> dict[str, Any]:
    """The record sealed by :func:`seal`; a plain record (written before sealing existed)
    is returned as it is. Raises :class:`SealError` when no configured key opens it."""
    if not is_sealed(value):
        return dict(value)
    version, _, body = str(value[_FIELD]).partition(".")
    if version != _VERSION:
        raise SealError(f"unknown sealing version {version!r}")
    raw = base64.urlsafe_b64decode(body)
    for secret in _secrets():
        try:
            plain = AESGCM(_key(secret, purpose)).decrypt(raw[:12], raw[12:], context.encode())
        except InvalidTag:
            continue
        return dict(json.loads(plain))
    raise SealError("no configured secret key opens this record")
