"""Signed, single-use links for invitations and password resets.

A token is an itsdangerous ``URLSafeTimedSerializer`` signature (app secret, one salt per
purpose, so an invitation link cannot be replayed as a reset link) over the user id and the
user's ``credentials_version``. Setting a password bumps that version, so a link dies the
moment it has been used — or the moment any other password change happens. Nothing is stored
server-side: the link is the secret, its age comes from the signed timestamp.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from hrcare.auth.models import User
from hrcare.core.db import utcnow


class Purpose(StrEnum):
    INVITATION = "invitation"
    RESET = "password-reset"


class TokenProblem(StrEnum):
    INVALID = "invalid"  # tampered, wrong purpose, unknown or disabled account
    EXPIRED = "expired"
    USED = "used"  # a password was set since the link was issued


class TokenError(Exception):
    def __init__(self, problem: TokenProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"hrcare.auth.{purpose.value}"
    )


def max_age(purpose: Purpose) -> timedelta:
    settings = current_app.extensions["hrcare.settings"]
    if purpose is Purpose.INVITATION:
        return timedelta(days=settings.invitation_days)
    return timedelta(minutes=settings.reset_minutes)


def make_token(user_id: int, credentials_version: int, purpose: Purpose) -> str:
    return _serializer(purpose).dumps({"u": user_id, "v": credentials_version})


def read_token(
    session: Session, token: str, purpose: Purpose, *, now: datetime | None = None
) -> User:
    """The account a link was issued for, or ``TokenError`` saying why it cannot be used."""
    try:
        payload, signed_at = _serializer(purpose).loads(token, return_timestamp=True)
    except BadSignature:
        raise TokenError(TokenProblem.INVALID) from None
    user_id, version = _fields(payload)
    if (now or utcnow()) - signed_at > max_age(purpose):
        raise TokenError(TokenProblem.EXPIRED)
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise TokenError(TokenProblem.INVALID)
    if user.credentials_version != version:
        raise TokenError(TokenProblem.USED)
    return user


def _fields(payload: Any) -> tuple[int, int]:
    if not isinstance(payload, dict):
        raise TokenError(TokenProblem.INVALID)
    user_id, version = payload.get("u"), payload.get("v")
    if type(user_id) is not int or type(version) is not int:
        raise TokenError(TokenProblem.INVALID)
    return user_id, version


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link built from ``settings.base_url``, never from the request's Host header
    (a forged Host would otherwise put an attacker's domain in a reset mail)."""
    parts = urlsplit(current_app.extensions["hrcare.settings"].base_url)
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)
