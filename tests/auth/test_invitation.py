"""Invitations: a signed, single-use, expiring link to set a first password."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from hrcare.auth import services, tasks
from hrcare.auth.passwords import verify_password
from hrcare.auth.tokens import Purpose, TokenError, TokenProblem, make_token, read_token
from hrcare.core.db import utcnow
from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from tests.auth.helpers import PASSWORD, company_home, link_in
from tests.conftest import Tenant

CATALOG = Path(services.__file__).parent / "translations/en/LC_MESSAGES/messages.po"


def _invite(session, user, actor=None):  # type: ignore[no-untyped-def]
    """Invite as a page would: inside a request, so the job runs inline on this session."""
    with current_app.test_request_context():
        services.invite_user(session, user, actor_id=actor.id if actor else None)
        session.commit()


def test_company_user_invitation_goes_out_as_a_job(
    app, session, sent_mail, tenant_a: Tenant
) -> None:
    user, hr = tenant_a.users[Role.EMPLOYEE], tenant_a.users[Role.HR_ADMIN]
    with app.test_request_context():
        services.invite_user(session, user, actor_id=hr.id)
        assert sent_mail == []  # nothing before the commit
        session.commit()
    assert [m.to for m in sent_mail] == [user.email]
    mail = sent_mail[0]
    kind, token = link_in(mail.body)
    assert kind == "invitation"
    assert mail.body.count(app.extensions["hrcare.settings"].base_url) == 1
    assert tenant_a.company.name in mail.body
    assert "7日間" in mail.body
    run = session.scalars(select(JobRun).where(JobRun.kind == "auth.invitation")).one()
    assert (run.company_id, run.actor_id, run.status) == (tenant_a.company.id, hr.id, "finished")


def test_platform_admin_invitation_is_a_platform_job(session, sent_mail, tenant_a: Tenant) -> None:
    """One path for every mail: a platform account's invitation is a job of the platform."""
    admin = tenant_a.users[Role.PLATFORM_ADMIN]
    _invite(session, admin)
    assert [m.to for m in sent_mail] == [admin.email]
    run = session.scalars(select(JobRun).where(JobRun.kind == "auth.invitation")).one()
    assert (run.company_id, run.hub_id, run.status) == (None, None, "finished")


def test_hub_operator_invitation_is_a_hub_job(session, sent_mail, tenant_a: Tenant) -> None:
    _invite(session, tenant_a.users[Role.HUB_OPERATOR])
    assert tenant_a.hub.name in sent_mail[0].body
    run = session.scalars(select(JobRun).where(JobRun.kind == "auth.invitation")).one()
    assert (run.company_id, run.hub_id, run.status) == (None, tenant_a.hub.id, "finished")


def test_english_speaker_gets_an_english_mail(session, sent_mail, tenant_a: Tenant) -> None:
    if not CATALOG.with_suffix(".mo").exists():
        pytest.skip("English catalog not compiled (run `hrcare i18n compile`)")
    user = tenant_a.users[Role.EMPLOYEE]
    user.locale = "en"
    _invite(session, user)
    assert sent_mail[0].subject == "[hrcare] You are invited"
    assert sent_mail[0].body.startswith(f"Dear {user.name},")
    link_in(sent_mail[0].body)


def test_valid_link_sets_password_and_signs_in(
    client, session, sent_mail, tenant_a: Tenant
) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    _invite(session, user)
    _, token = link_in(sent_mail[0].body)
    page = client.get(f"/invitation/{token}")
    assert page.status_code == 200 and user.email.encode() in page.data
    response = client.post(f"/invitation/{token}", data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)
    assert user.credentials_version == 1
    assert company_home(client, tenant_a.slug).status_code == 200
    print("figure: invitation link sets the password and signs in = True")


def test_used_link_is_refused_with_a_clear_message(
    app, client, session, sent_mail, tenant_a: Tenant
) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    _invite(session, user)
    _, token = link_in(sent_mail[0].body)
    client.post(f"/invitation/{token}", data={"password": PASSWORD, "confirm": PASSWORD})
    stranger = app.test_client()
    again = stranger.get(f"/invitation/{token}")
    print(f"figure: reused invitation link → {again.status_code}")
    assert again.status_code == 410
    assert "既に使用されています".encode() in again.data
    post = stranger.post(
        f"/invitation/{token}",
        data={"password": "Another-pass-9999", "confirm": "Another-pass-9999"},
    )
    assert post.status_code == 410
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_expired_link_is_refused(client, session, sent_mail, tenant_a: Tenant, monkeypatch) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    _invite(session, user)
    _, token = link_in(sent_mail[0].body)
    monkeypatch.setattr("hrcare.auth.tokens.utcnow", lambda: utcnow() + timedelta(days=6, hours=23))
    assert client.get(f"/invitation/{token}").status_code == 200
    monkeypatch.setattr(
        "hrcare.auth.tokens.utcnow", lambda: utcnow() + timedelta(days=7, minutes=1)
    )
    expired = client.get(f"/invitation/{token}")
    print(f"figure: invitation link after 7 days → {expired.status_code}")
    assert expired.status_code == 410
    assert "有効期限が切れています".encode() in expired.data
    post = client.post(f"/invitation/{token}", data={"password": PASSWORD, "confirm": PASSWORD})
    assert post.status_code == 410
    session.refresh(user)
    assert user.password_hash is None


def _tamper(token: str) -> list[str]:
    payload, timestamp, signature = token.split(".")
    flipped = "A" if payload[1] != "A" else "B"
    return [
        payload[0] + flipped + payload[2:] + "." + timestamp + "." + signature,
        payload
        + "."
        + timestamp
        + "."
        + signature[:-2]
        + ("AA" if signature[-2:] != "AA" else "BB"),
        token[:-1],
        "not-a-token",
    ]


def test_tampered_link_is_refused(client, session, sent_mail, tenant_a: Tenant) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    _invite(session, user)
    _, token = link_in(sent_mail[0].body)
    statuses = [client.get(f"/invitation/{bad}").status_code for bad in _tamper(token)]
    print(f"figure: tampered invitation links refused = {statuses.count(400)}/{len(statuses)}")
    assert statuses == [400] * len(statuses)
    assert "このリンクは無効です".encode() in client.get(f"/invitation/{_tamper(token)[0]}").data


def test_link_for_another_purpose_or_user_is_refused(app, session, tenant_a: Tenant) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    reset = make_token(user.id, user.credentials_version, Purpose.RESET)
    with pytest.raises(TokenError) as wrong_purpose:
        read_token(session, reset, Purpose.INVITATION)
    assert wrong_purpose.value.problem is TokenProblem.INVALID
    with pytest.raises(TokenError) as unknown:
        read_token(session, make_token(10**9, 0, Purpose.INVITATION), Purpose.INVITATION)
    assert unknown.value.problem is TokenProblem.INVALID


def test_disabled_account_link_is_refused(client, session, sent_mail, tenant_a: Tenant) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    _invite(session, user)
    _, token = link_in(sent_mail[0].body)
    services.set_active(session, user, False)
    session.commit()
    assert client.get(f"/invitation/{token}").status_code == 400
    with pytest.raises(services.AuthError):
        services.invite_user(session, user, actor_id=None)


def test_weak_or_mismatched_password_is_refused(
    client, session, sent_mail, tenant_a: Tenant
) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    _invite(session, user)
    _, token = link_in(sent_mail[0].body)
    short = client.post(f"/invitation/{token}", data={"password": "short", "confirm": "short"})
    assert short.status_code == 200 and "12文字以上".encode() in short.data
    common = client.post(
        f"/invitation/{token}", data={"password": "password1234", "confirm": "password1234"}
    )
    assert "よく使われている".encode() in common.data
    mismatch = client.post(
        f"/invitation/{token}", data={"password": PASSWORD, "confirm": PASSWORD + "x"}
    )
    assert "一致しません".encode() in mismatch.data
    session.refresh(user)
    assert user.password_hash is None and user.credentials_version == 0
    # The link is still good after refusals.
    assert client.get(f"/invitation/{token}").status_code == 200


def test_invitation_url_for_the_cli(client, app, session, tenant_a: Tenant) -> None:
    user = tenant_a.users[Role.EXECUTIVE]
    url = services.invitation_url(user)
    assert url.startswith(app.extensions["hrcare.settings"].base_url + "/invitation/")
    _, token = link_in(url)
    assert (
        client.post(
            f"/invitation/{token}", data={"password": PASSWORD, "confirm": PASSWORD}
        ).status_code
        == 302
    )


def test_retried_job_after_use_sends_nothing(session, sent_mail, tenant_a: Tenant) -> None:
    """At-least-once delivery: a job that runs again after the password was set is a no-op."""
    user = tenant_a.users[Role.EMPLOYEE]
    version = user.credentials_version
    user.credentials_version += 1  # a password was set meanwhile
    session.flush()
    assert tasks.send_invitation("run-id", user.id, version) == {"sent": False}
    assert sent_mail == []
    assert tasks.send_invitation("run-id", user.id, version + 1) == {"sent": True}


def test_job_arguments_are_ids_only(session, tenant_a: Tenant, monkeypatch) -> None:
    seen: list[tuple[object, ...]] = []
    monkeypatch.setattr(
        "hrcare.core.jobs._dispatch", lambda app, run_id, func, args, *_, **__: seen.append(args)
    )
    _invite(session, tenant_a.users[Role.EMPLOYEE])
    assert seen and all(isinstance(arg, int) for arg in seen[0])
