"""Server-side sessions behind Flask-Login (SECURITY.md item 7).

The cookie carries only a random session id; the ``user_sessions`` row decides whether it
is still valid: revoked (logout, password change, account disabled), idle for more than
``session_idle_minutes``, or older than ``session_absolute_hours`` → signed out.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import Flask, current_app, g
from flask import session as cookie_session
from flask_login import UserMixin, login_user
from sqlalchemy import update
from sqlalchemy.orm import Session

from hrcare.auth.models import User, UserSession
from hrcare.core.db import utcnow
from hrcare.extensions import db, login_manager

LAST_SEEN_RESOLUTION = timedelta(minutes=1)


class SignedInUser(UserMixin):
    """What ``current_user`` is: the account plus the server-side session it came with."""

    def __init__(self, user: User, session_id: str, row: UserSession | None = None) -> None:
        self.user = user
        self.session_id = session_id
        self.row = row  # carries the place in force (``tenants.places``)

    def get_id(self) -> str:
        return self.session_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self.user, name)

    @property
    def is_active(self) -> bool:
        return bool(self.user.is_active)


def start_session(session: Session, user: User) -> SignedInUser:
    """A fresh session id at every sign-in (no fixation).

    Whatever session the browser carried before — an earlier sign-in, or an id planted by
    someone else — is ended on the server, and only the language choice survives.
    """
    previous = cookie_session.get("_user_id")
    if isinstance(previous, str):
        end_session(session, previous)
    locale = cookie_session.get("locale")
    cookie_session.clear()
    if locale:
        cookie_session["locale"] = locale
    row = UserSession(id=secrets.token_urlsafe(32), user_id=user.id)
    session.add(row)
    user.last_login_at = utcnow()
    session.flush()
    signed_in = SignedInUser(user, row.id, row)
    login_user(signed_in, remember=False, fresh=True)
    cookie_session.permanent = True
    return signed_in


def revoke_sessions(session: Session, user_id: int, *, keep: str | None = None) -> None:
    stmt = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep)
    session.execute(stmt.values(revoked_at=utcnow()))


def end_session(session: Session, session_id: str) -> None:
    session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def load_session(session_id: str) -> SignedInUser | None:
    settings = current_app.extensions["hrcare.settings"]
    row = db.session.get(UserSession, session_id)
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    if now - row.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
        return None
    if now - row.created_at > timedelta(hours=settings.session_absolute_hours):
        return None
    user = row.user
    if not user.is_active:
        return None
    if now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        db.session.execute(
            update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now)
        )
        db.session.commit()
    return SignedInUser(user, row.id, row)


def init_login(app: Flask) -> None:
    login_manager.init_app(app)

    @app.before_request
    def _load_user_afresh() -> None:
        # Flask-Login caches the user in ``g``. Each request must check its session row again,
        # even when requests share one app context (the test client inside ``app_context()``),
        # or a session ended by logout, password change or disable would live on in the cache.
        g.pop("_login_user", None)

    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # the server-side session row is the guard
    login_manager.user_loader(load_session)
