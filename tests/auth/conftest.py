"""Fixtures for the account tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient

from hrcare.auth.models import User
from hrcare.auth.passwords import hash_password
from hrcare.extensions import db
from tests.auth.helpers import PASSWORD


@pytest.fixture
def with_password(app: Any) -> Callable[..., User]:
    """Give ``user`` a real Argon2id password (the slow hash is the point of these tests)."""

    def _set(user: User, password: str = PASSWORD) -> User:
        user.password_hash = hash_password(password)
        db.session.flush()
        return user

    return _set


@pytest.fixture(autouse=True)
def _fresh_request_globals(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every test-client request a clean ``g`` and no tenant, as production does.

    The shared fixtures run each test inside one app context, which every request reuses, so
    ``g.company_slug``/``g.company``, Flask-Login's cached user, Flask-WTF's CSRF token (and the
    session's tenant) would carry over from one request — and one client — to the next: a
    company page followed by an anonymous POST answered 404. In production each
    request has its own app context and session.
    """
    if "app" not in request.fixturenames:
        return
    original = FlaskClient.open

    def open_fresh(self: FlaskClient, *args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            for key in ("company_slug", "company", "_login_user", "csrf_token"):
                g.pop(key, None)
        db.session.info.pop("company_id", None)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FlaskClient, "open", open_fresh)
