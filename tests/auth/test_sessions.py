"""SECURITY.md item 7: server-side sessions: new id at login, ended on the server by logout,
password change and disable; idle ≤ 30 min, absolute ≤ 12 h; cookie flags."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hrcare.auth import services
from hrcare.auth.models import UserSession
from hrcare.core.db import utcnow
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.auth.helpers import (
    PASSWORD,
    change_password,
    company_home,
    is_signed_out,
    login,
    server_session_id,
)
from tests.conftest import Tenant, make_app, sign_in


def test_login_issues_a_new_session_id(client, session, tenant_a: Tenant, with_password) -> None:
    """Fixation: an id planted in the browser beforehand is neither kept nor left alive."""
    victim = with_password(tenant_a.users[Role.HR_ADMIN])
    attacker = tenant_a.users[Role.EMPLOYEE]
    sign_in(client, attacker)  # the attacker's own, valid session id is planted in the cookie
    planted = server_session_id(client)
    assert planted and company_home(client, tenant_a.slug).status_code == 200
    response = login(client, victim.email, PASSWORD)
    assert response.status_code == 302
    fresh = server_session_id(client)
    print(f"figure: session id kept across login = {fresh == planted}")
    assert fresh != planted and fresh is not None
    assert session.get(UserSession, fresh).user_id == victim.id
    assert session.get(UserSession, planted).revoked_at is not None
    assert len(fresh) >= 40  # 32 random bytes, URL-safe


def test_login_ignores_an_unknown_planted_id(
    client, session, tenant_a: Tenant, with_password
) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    with client.session_transaction() as cookie:
        cookie["_user_id"] = "attacker-chosen-id"
    assert login(client, user.email, PASSWORD).status_code == 302
    assert server_session_id(client) not in (None, "attacker-chosen-id")
    assert session.get(UserSession, "attacker-chosen-id") is None


def test_logout_ends_the_session_on_the_server(
    client, session, tenant_a: Tenant, with_password
) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    login(client, user.email, PASSWORD)
    old_cookie = client.get_cookie("hrcare_session")
    session_id = server_session_id(client)
    assert company_home(client, tenant_a.slug).status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert session.get(UserSession, session_id).revoked_at is not None
    # Replaying the cookie captured before logout does not sign anyone in.
    client.set_cookie("hrcare_session", old_cookie.value)
    replay = company_home(client, tenant_a.slug)
    print(f"figure: replayed cookie after logout signed out = {is_signed_out(replay)}")
    assert is_signed_out(replay)


def test_logout_keeps_the_language(client, tenant_a: Tenant) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    client.post("/language", data={"locale": "en", "next": "/login"})
    client.post("/logout")
    with client.session_transaction() as cookie:
        assert cookie.get("locale") == "en"
        assert "_user_id" not in cookie


def test_password_change_ends_other_sessions(
    app, client, session, tenant_a: Tenant, with_password
) -> None:
    user = with_password(tenant_a.users[Role.HR_ADMIN])
    other = app.test_client()
    login(client, user.email, PASSWORD)
    login(other, user.email, PASSWORD, address="192.0.2.50")
    assert company_home(other, tenant_a.slug).status_code == 200
    response = change_password(client)
    assert response.status_code == 302
    kept = company_home(client, tenant_a.slug).status_code == 200
    ended = is_signed_out(company_home(other, tenant_a.slug))
    print(f"figure: password change: current session kept = {kept}, other sessions ended = {ended}")
    assert kept and ended


def test_disable_ends_sessions_immediately(client, session, tenant_a: Tenant) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    sign_in(client, user)
    session_id = server_session_id(client)
    assert company_home(client, tenant_a.slug).status_code == 200
    services.set_active(session, user, False, actor_id=tenant_a.users[Role.PLATFORM_ADMIN].id)
    session.commit()
    ended = is_signed_out(company_home(client, tenant_a.slug))
    print(f"figure: disabled account's existing session ended = {ended}")
    assert ended
    assert session.get(UserSession, session_id).revoked_at is not None
    # Enabling the account again does not bring the old session back.
    services.set_active(session, user, True)
    session.commit()
    assert is_signed_out(company_home(client, tenant_a.slug))


def test_disabled_user_cannot_sign_in(client, session, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    services.set_active(session, user, False)
    response = login(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "メールアドレスまたはパスワードが正しくありません".encode() in response.data


def _age(session_id: str, **delta: float) -> None:
    row = db.session.get(UserSession, session_id)
    if "created" in delta:
        row.created_at = utcnow() - timedelta(minutes=delta["created"])
    if "seen" in delta:
        row.last_seen_at = utcnow() - timedelta(minutes=delta["seen"])
    db.session.flush()


@pytest.mark.parametrize(("idle_minutes", "signed_in"), [(29, True), (31, False)])
def test_idle_timeout(client, tenant_a: Tenant, idle_minutes: int, signed_in: bool) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    _age(server_session_id(client), seen=idle_minutes)
    response = company_home(client, tenant_a.slug)
    if idle_minutes > 30:
        print(f"figure: idle {idle_minutes} min → signed out = {is_signed_out(response)}")
    assert (response.status_code == 200) is signed_in
    assert is_signed_out(response) is not signed_in


@pytest.mark.parametrize(("age_hours", "signed_in"), [(11.5, True), (13, False)])
def test_absolute_timeout(client, tenant_a: Tenant, age_hours: float, signed_in: bool) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    _age(server_session_id(client), created=age_hours * 60, seen=0)
    response = company_home(client, tenant_a.slug)
    if age_hours > 12:
        print(
            f"figure: session {age_hours} h old, active a moment ago → signed out = {is_signed_out(response)}"
        )
    assert is_signed_out(response) is not signed_in


def test_activity_extends_the_idle_window(client, session, tenant_a: Tenant) -> None:
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    session_id = server_session_id(client)
    _age(session_id, seen=20)
    assert company_home(client, tenant_a.slug).status_code == 200
    assert utcnow() - session.get(UserSession, session_id).last_seen_at < timedelta(minutes=1)


def test_session_cookie_flags(client, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    response = login(client, user.email, PASSWORD)
    cookie = next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("hrcare_session=")
    )
    flags = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    print(f"figure: session cookie flags (test env) = {sorted(flags)}")
    assert "httponly" in flags
    assert flags["samesite"].lower() == "samesite=lax"
    assert "secure" not in flags  # local development/test over http
    assert "expires" in flags  # a bounded lifetime, not a browser-lifetime cookie


def test_production_cookies_are_secure(tmp_path_factory) -> None:
    """A production-configured app: Secure + HttpOnly + SameSite=Lax, checked on a real response.

    ``create_app`` rebinds the global engine, so the test app's engine is restored afterwards.
    """
    original = db.engine
    try:
        prod = make_app(
            tmp_path_factory,
            env="production",
            base_url="https://hrcare.example.jp",
            mail_backend="outbox",
            secret_key="production-like-secret-key-0123456789",
            WTF_CSRF_ENABLED=True,
        )
        assert prod.config["SESSION_COOKIE_SECURE"] is True
        assert prod.config["SESSION_COOKIE_HTTPONLY"] is True
        assert prod.config["SESSION_COOKIE_SAMESITE"] == "Lax"
        assert prod.config["PERMANENT_SESSION_LIFETIME"] <= timedelta(hours=12)
        response = prod.test_client().get("/login", base_url="https://hrcare.example.jp")
        cookie = next(
            h for h in response.headers.getlist("Set-Cookie") if h.startswith("hrcare_session=")
        )
        print(f"figure: production session cookie = {cookie.split(';', 1)[1].strip()}")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        # The development outbox does not exist in production, even with the outbox backend.
        assert prod.test_client().get("/dev/outbox").status_code == 404
        prod_engine = db.engine
    finally:
        db.engine = original
        db.session_factory.configure(bind=original)
    prod_engine.dispose()
