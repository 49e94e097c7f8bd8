"""Fixtures for the tenant tests: a second browser, and helpers to read state back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient
from sqlalchemy import select

from hrcare.auth.models import User, UserSession
from hrcare.extensions import db


@pytest.fixture(autouse=True)
def _fresh_request_state(app: Flask) -> Iterator[None]:
    """Each test request starts like a real one.

    The test transaction keeps one app context (so ``g``) and one database session for the
    whole test, which real requests never share: without this, the second request of a test
    would still see the first one's signed-in user and tenant.
    """

    def _reset(sender: Flask, **extra: Any) -> None:
        for key in list(vars(g)):
            g.pop(key, None)
        db.session.info.pop("company_id", None)

    request_started.connect(_reset, app)
    yield
    request_started.disconnect(_reset, app)


@pytest.fixture
def other_client(app: Flask) -> FlaskClient:
    """A second browser, for the account being disabled."""
    return app.test_client()


def user_by_email(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email)).first()


def live_sessions(user_id: int) -> list[Any]:
    return list(
        db.session.scalars(
            select(UserSession).where(
                UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
            )
        )
    )


def signed_out(response: Any) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]
