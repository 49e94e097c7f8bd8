"""Shared fixtures: one app per run, each test in a rolled-back transaction.

The database is SQLite by default; ``HRCARE_TEST_DATABASE_URL`` selects PostgreSQL (CI runs
both). Job tests use the real Redis at ``HRCARE_TEST_REDIS_URL``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask, g, request_started
from flask.testing import FlaskClient

from hrcare import create_app
from hrcare.auth.models import User, UserSession
from hrcare.core.db import Base
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.tenants import services as tenants
from hrcare.tenants.models import Company, Hub

TEST_DATABASE_URL = os.environ.get("HRCARE_TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("HRCARE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def make_app(tmp_path_factory: pytest.TempPathFactory, **overrides: Any) -> Flask:
    instance = tmp_path_factory.mktemp("instance")
    settings: dict[str, Any] = {
        "env": "test",
        "instance_path": str(instance),
        "database_url": TEST_DATABASE_URL or f"sqlite:///{instance / 'test.sqlite3'}",
        "mail_backend": "memory",
        "secret_key": "test-secret-key-not-for-production",
        "WTF_CSRF_ENABLED": False,
    }
    settings.update(overrides)
    return create_app(settings)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    application = make_app(tmp_path_factory)
    engine = db.engine
    assert engine is not None
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield application
    Base.metadata.drop_all(engine)


@pytest.fixture(autouse=True)
def _transaction(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test that uses the app runs inside an outer transaction that is rolled back."""
    if "app" not in request.fixturenames:
        yield
        return
    application: Flask = request.getfixturevalue("app")
    connection = db.engine.connect()  # type: ignore[union-attr]
    outer = connection.begin()
    db.bind(connection, join_transaction_mode="create_savepoint")
    application.extensions["hrcare.sent_mail"] = []

    def _fresh_request_state(sender: Flask, **extra: Any) -> None:
        # The test holds one app context, which Flask reuses for every request made in it;
        # give each request the fresh ``g`` and tenant it would have in production.
        for name in list(vars(g)):
            delattr(g, name)
        db.session.info.pop("company_id", None)

    with application.app_context(), request_started.connected_to(_fresh_request_state, application):
        yield
    db.session.remove()
    outer.rollback()
    connection.close()
    db.bind(db.engine)


@pytest.fixture
def session() -> Any:
    return db.session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def sent_mail(app: Flask) -> list[Any]:
    return app.extensions["hrcare.sent_mail"]


class Tenant:
    """A company with one user per company role, and its hub."""

    def __init__(self, company: Company, hub: Hub, users: dict[Role, User]) -> None:
        self.company = company
        self.hub = hub
        self.users = users

    @property
    def slug(self) -> str:
        return self.company.slug


def _make_tenant(key: str) -> Tenant:
    hub = tenants.create_hub(db.session, slug=f"hub-{key}", name=f"ハブ{key.upper()}")
    company = tenants.create_company(
        db.session, slug=f"co-{key}", name=f"株式会社{key.upper()}", hub=hub
    )
    users: dict[Role, User] = {}
    for role in Role:
        users[role] = tenants.create_user(
            db.session,
            email=f"{role.value}@{key}.example.jp",
            role=role,
            name=f"{role.value} {key}",
            company=company,
            hub=hub,
        )
    db.session.flush()
    return Tenant(company, hub, users)


@pytest.fixture
def tenant_a(app: Flask) -> Tenant:
    return _make_tenant("a")


@pytest.fixture
def tenant_b(app: Flask) -> Tenant:
    return _make_tenant("b")


def sign_in(client: FlaskClient, user: User, place: Company | None = None) -> User:
    """Start a server-side session for ``user`` without the (deliberately slow) password check.

    ``place``: the company the person works in. For a hub operator whose hub manages it, this
    is the explicit switch into the client (``tenants.places``) that the hub page's button
    makes; for anyone else it changes nothing (their memberships decide).
    """
    row = UserSession(id=f"test-session-{user.id}-{os.urandom(4).hex()}", user_id=user.id)
    hub_membership = next(
        (
            m
            for m in user.memberships
            if place is not None and m.role == Role.HUB_OPERATOR and m.hub_id == place.hub_id
        ),
        None,
    )
    if hub_membership is not None:
        row.membership_id, row.client_company_id = hub_membership.id, place.id  # type: ignore[union-attr]
    db.session.add(row)
    db.session.flush()
    with client.session_transaction() as sess:
        sess["_user_id"] = row.id
        sess["_fresh"] = True
    return user


@pytest.fixture
def login_as(client: FlaskClient, tenant_a: Tenant) -> Callable[[Role | str], User]:
    """``login_as(Role.HR_ADMIN)`` signs the test client in as tenant A's user of that role."""

    def _login(role: Role | str) -> User:
        return sign_in(client, tenant_a.users[Role(role)], tenant_a.company)

    return _login


@pytest.fixture
def make_employee(app: Flask) -> Callable[..., Employee]:
    counter = {"n": 0}

    def _make(company: Company, **fields: Any) -> Employee:
        counter["n"] += 1
        values: dict[str, Any] = {
            "employee_number": f"E{counter['n']:05d}",
            "name": f"社員{counter['n']}",
            "department": "営業部",
            "birth_date": date(1980, 4, 1),
            "hire_date": date(2005, 4, 1),
            "is_manager": False,
            "employment_type": "regular",
        }
        values.update(fields)
        employee = Employee(company_id=company.id, **values)
        db.session.add(employee)
        db.session.flush()
        return employee

    return _make


def held(user: User) -> list[tuple[str, int | None, int | None]]:
    """The (role, company id, hub id) of each of ``user``'s memberships, in order."""
    db.session.refresh(user)
    return [(m.role, m.company_id, m.hub_id) for m in user.memberships]


@pytest.fixture
def pdf_fetchers(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every URL fetcher the PDF renderer makes during the test, to read what each served
    and refused (``served``, ``refused``)."""
    from hrcare.core import pdf

    made: list[Any] = []
    make = pdf.make_fetcher

    def recording(root: Any = None) -> object:
        fetcher = make(root)
        made.append(fetcher)
        return fetcher

    monkeypatch.setattr(pdf, "make_fetcher", recording)
    return made
