"""Password reset (same answer whether or not the address exists) and password change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from hrcare.auth import throttle
from hrcare.auth.models import LoginFailure, UserSession
from hrcare.auth.passwords import verify_password
from hrcare.core import jobs
from hrcare.core.db import utcnow
from hrcare.core.roles import Role
from tests.auth.helpers import (
    ATTACKER_ADDRESS,
    NEW_PASSWORD,
    OWNER_ADDRESS,
    PASSWORD,
    change_password,
    company_home,
    is_signed_out,
    link_in,
    login,
)
from tests.conftest import Tenant, sign_in


def _forgot(client, email: str):  # type: ignore[no-untyped-def]
    return client.post("/password/forgot", data={"email": email})


def _visible(page: bytes) -> bytes:
    """The page as a person sees it: each browser's own CSRF token masked."""
    return re.sub(rb'name="csrf_token" value="[^"]+"', b'name="csrf_token" value=""', page)


def test_unknown_address_gets_the_same_answer_and_no_mail(
    app, session, sent_mail, tenant_a: Tenant
) -> None:
    known, unknown = app.test_client(), app.test_client()
    known_response = _forgot(known, tenant_a.users[Role.EMPLOYEE].email)
    unknown_response = _forgot(unknown, "nobody@nowhere.example.jp")
    assert (known_response.status_code, known_response.headers["Location"]) == (
        unknown_response.status_code,
        unknown_response.headers["Location"],
    )
    known_page, unknown_page = (
        _visible(known.get("/login").data),
        _visible(unknown.get("/login").data),
    )
    same = known_page == unknown_page
    print(
        f"figure: forgot-password answer identical for unknown address = {same}; mails to unknown = "
        f"{sum(1 for m in sent_mail if m.to == 'nobody@nowhere.example.jp')}"
    )
    assert same
    assert "パスワード再設定用のリンクをお送りしました".encode() in known_page
    assert [m.to for m in sent_mail] == [tenant_a.users[Role.EMPLOYEE].email]


def test_disabled_account_gets_no_mail(client, session, sent_mail, tenant_a: Tenant) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    user.is_active = False
    session.flush()
    assert _forgot(client, user.email).status_code == 302
    assert sent_mail == []


def test_repeated_requests_do_not_flood_the_mailbox(
    client, session, sent_mail, tenant_a: Tenant
) -> None:
    user = tenant_a.users[Role.PLATFORM_ADMIN]  # a platform-scoped job
    for _ in range(3):
        assert _forgot(client, user.email.upper()).status_code == 302
    assert len(sent_mail) == 1
    user.password_reset_sent_at = utcnow() - timedelta(minutes=3)
    session.flush()
    _forgot(client, user.email)
    assert len(sent_mail) == 2


def test_reset_link_uses_the_configured_base_url(app, client, sent_mail, tenant_a: Tenant) -> None:
    """A forged Host header must not end up in the link (reset-link poisoning)."""
    client.post(
        "/password/forgot",
        data={"email": tenant_a.users[Role.EMPLOYEE].email},
        headers={"Host": "evil.example"},
    )
    assert "evil.example" not in sent_mail[0].body
    assert app.extensions["hrcare.settings"].base_url + "/password/reset/" in sent_mail[0].body


def test_reset_sets_password_and_ends_every_session(
    app, client, session, sent_mail, tenant_a: Tenant, with_password
) -> None:
    user = with_password(tenant_a.users[Role.HR_ADMIN])
    elsewhere = app.test_client()
    login(elsewhere, user.email, PASSWORD)
    assert company_home(elsewhere, tenant_a.slug).status_code == 200
    _forgot(client, user.email)
    kind, token = link_in(sent_mail[0].body)
    assert kind == "password/reset"
    assert client.get(f"/password/reset/{token}").status_code == 200
    response = client.post(
        f"/password/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    ended = is_signed_out(company_home(elsewhere, tenant_a.slug))
    open_sessions = session.scalar(
        select(func.count())
        .select_from(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    )
    print(
        f"figure: password reset ended other sessions = {ended}, open sessions left = {open_sessions}"
    )
    assert ended and open_sessions == 0
    session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert login(client, user.email, NEW_PASSWORD).status_code == 302
    # The link is single-use.
    reused = app.test_client().get(f"/password/reset/{token}")
    assert reused.status_code == 410 and "既に使用されています".encode() in reused.data


def test_reset_link_expires(client, session, sent_mail, tenant_a: Tenant, monkeypatch) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    _forgot(client, user.email)
    _, token = link_in(sent_mail[0].body)
    monkeypatch.setattr("hrcare.auth.tokens.utcnow", lambda: utcnow() + timedelta(minutes=59))
    assert client.get(f"/password/reset/{token}").status_code == 200
    monkeypatch.setattr("hrcare.auth.tokens.utcnow", lambda: utcnow() + timedelta(minutes=61))
    expired = client.get(f"/password/reset/{token}")
    print(f"figure: reset link after 61 min → {expired.status_code}")
    assert expired.status_code == 410 and "有効期限が切れています".encode() in expired.data


def test_reset_link_is_not_an_invitation(client, sent_mail, tenant_a: Tenant) -> None:
    _forgot(client, tenant_a.users[Role.EMPLOYEE].email)
    _, token = link_in(sent_mail[0].body)
    assert client.get(f"/invitation/{token}").status_code == 400


def test_reset_lifts_the_throttle_for_the_owner(
    client, session, sent_mail, tenant_a: Tenant, with_password
) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    for i in range(throttle.PAIR_LIMIT):
        login(client, user.email, f"wrong-guess-{i:04d}", address=OWNER_ADDRESS)
    throttle.record_failure(session, user.email, ATTACKER_ADDRESS)
    assert login(client, user.email, PASSWORD, address=OWNER_ADDRESS).status_code == 429
    _forgot(client, user.email)
    _, token = link_in(sent_mail[0].body)
    client.post(
        f"/password/reset/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0
    assert login(client, user.email, NEW_PASSWORD, address=OWNER_ADDRESS).status_code == 302


# --- change password -----------------------------------------------------------------------


def _change(client, current: str, new: str, confirm: str | None = None):  # type: ignore[no-untyped-def]
    return change_password(client, current, new, confirm, address=OWNER_ADDRESS)


def test_change_requires_the_current_password(
    client, session, tenant_a: Tenant, with_password
) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    sign_in(client, user)
    response = _change(client, "not-my-password-1", NEW_PASSWORD)
    assert (
        response.status_code == 200
        and "現在のパスワードが正しくありません".encode() in response.data
    )
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)
    assert (
        session.scalar(select(func.count()).select_from(LoginFailure)) == 1
    )  # counted like a login


def test_change_checks_the_new_password(client, session, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    sign_in(client, user)
    assert "12文字以上".encode() in _change(client, PASSWORD, "short").data
    assert "よく使われている".encode() in _change(client, PASSWORD, "password1234").data
    assert (
        "一致しません".encode() in _change(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x").data
    )
    assert "別のパスワード".encode() in _change(client, PASSWORD, PASSWORD).data
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD) and user.credentials_version == 0


def test_change_is_throttled(client, session, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    sign_in(client, user)
    for i in range(throttle.PAIR_LIMIT):
        _change(client, f"wrong-guess-{i:04d}", NEW_PASSWORD)
    blocked = _change(client, PASSWORD, NEW_PASSWORD)
    assert blocked.status_code == 429
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_change_password_success(client, session, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    sign_in(client, user)
    response = _change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD) and user.credentials_version == 1


def test_change_password_needs_sign_in(client) -> None:
    response = client.get("/account/password")
    assert is_signed_out(response)
    assert "next=/account/password" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.PLATFORM_ADMIN, Role.HUB_OPERATOR])
def test_forgot_password_does_the_same_work_for_any_address(
    app, session, sent_mail, tenant_a: Tenant, monkeypatch, role
) -> None:
    """Timing must not tell who has an account: the request never sends the mail itself; it
    queues the same job whether the address is known (any role) or not."""
    queued: list[tuple[str, str, tuple[object, ...]]] = []
    monkeypatch.setattr(
        jobs, "_dispatch", lambda _app, run, f, a, *_, **__: queued.append((run, f, a))
    )
    known, unknown = tenant_a.users[role].email, "nobody@nowhere.example.jp"
    for email in (known, unknown):
        assert _forgot(app.test_client(), email).status_code == 302
    assert sent_mail == []  # nothing sent inside either request
    assert [path for _run, path, _args in queued] == [
        "hrcare.auth.tasks.deliver_password_reset"
    ] * 2
    for run_id, path, args in queued:
        jobs.execute(run_id, path, *args)
    assert [m.to for m in sent_mail] == [known]
