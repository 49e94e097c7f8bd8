"""SECURITY.md item 8: CSRF on every state-changing request; no state change on GET."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from hrcare.auth.models import LoginFailure, UserSession
from hrcare.auth.passwords import verify_password
from hrcare.core.roles import Role
from tests.auth.helpers import (
    PASSWORD,
    change_password,
    company_home,
    login,
    server_session_id,
)
from tests.conftest import Tenant, sign_in

TOKEN = re.compile(
    rb'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


@pytest.fixture
def csrf_on(app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def _token(page: bytes) -> str:
    match = TOKEN.search(page)
    assert match, "no CSRF token on the page"
    return (match.group(1) or match.group(2)).decode()


def test_login_without_token_is_refused(
    client, session, tenant_a: Tenant, with_password, csrf_on
) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    refused = login(client, user.email, PASSWORD)
    assert refused.status_code == 400
    assert "送信を受け付けられませんでした".encode() in refused.data
    assert server_session_id(client) is None
    assert session.scalar(select(func.count()).select_from(UserSession)) == 0
    # With the token from the form it goes through: the refusal was the token, nothing else.
    token = _token(client.get("/login").data)
    assert login(client, user.email, PASSWORD, csrf_token=token).status_code == 302


def test_failed_login_without_token_is_not_even_counted(client, session, csrf_on) -> None:
    assert login(client, "someone@a.example.jp", "wrong-guess-0001").status_code == 400
    assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0


def test_logout_without_token_is_refused(client, tenant_a: Tenant, csrf_on) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    assert client.post("/logout").status_code == 400
    assert company_home(client, tenant_a.slug).status_code == 200  # still signed in


def test_change_password_without_token_is_refused(
    client, session, tenant_a: Tenant, with_password, csrf_on
) -> None:
    user = with_password(tenant_a.users[Role.HR_ADMIN])
    sign_in(client, user)
    before = (user.password_hash, user.credentials_version)
    response = change_password(client)
    session.refresh(user)
    assert response.status_code == 400
    assert (user.password_hash, user.credentials_version) == before
    assert verify_password(user.password_hash, PASSWORD)


def test_every_auth_post_route_requires_a_token(app, client, tenant_a: Tenant, csrf_on) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    checked = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("auth.") and "POST" in (rule.methods or ()):
            path = rule.rule.replace("<token>", "x")
            assert client.post(path, data={}).status_code == 400, rule.rule
            checked.append(rule.rule)
    print(
        f"figure: auth POST routes refusing a request without CSRF token = {len(checked)}/{len(checked)}"
    )
    assert {"/login", "/logout", "/language", "/account/password", "/password/forgot"} <= set(
        checked
    )


def test_logout_by_get_is_not_allowed(client, session, tenant_a: Tenant) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    session_id = server_session_id(client)
    response = client.get("/logout")
    print(f"figure: GET /logout → {response.status_code}")
    assert response.status_code == 405
    assert session.get(UserSession, session_id).revoked_at is None
    assert company_home(client, tenant_a.slug).status_code == 200


def test_get_pages_change_nothing(client, session, tenant_a: Tenant, with_password) -> None:
    """Showing the sign-in and password pages writes no row."""
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    sign_in(client, user)
    before = (user.password_hash, user.credentials_version)
    for path in ("/login", "/password/forgot", "/account/password"):
        assert client.get(path).status_code in (200, 302)
    session.refresh(user)
    assert (user.password_hash, user.credentials_version) == before
    assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0
