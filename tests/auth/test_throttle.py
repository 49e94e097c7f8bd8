"""SECURITY.md item 6: throttling per account and per address, without locking the owner out;
at most 100 failures an hour per account."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from hrcare.auth import throttle
from hrcare.auth.models import LoginFailure
from hrcare.core.db import utcnow
from hrcare.core.roles import Role
from tests.auth.helpers import ATTACKER_ADDRESS, OWNER_ADDRESS, PASSWORD, login
from tests.conftest import Tenant


def _failures(session) -> int:  # type: ignore[no-untyped-def]
    return int(session.scalar(select(func.count()).select_from(LoginFailure)))


def test_pair_limit_blocks_one_guesser(client, session, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    statuses = [
        login(client, user.email, f"wrong-guess-{i:04d}", address=ATTACKER_ADDRESS).status_code
        for i in range(throttle.PAIR_LIMIT)
    ]
    assert statuses == [200] * throttle.PAIR_LIMIT
    # Now even the right password from that address is refused, without being checked.
    blocked = login(client, user.email, PASSWORD, address=ATTACKER_ADDRESS)
    print(
        f"figure: pair limit = {throttle.PAIR_LIMIT} failures / {int(throttle.PAIR_WINDOW.total_seconds() // 60)} min"
    )
    assert blocked.status_code == 429
    assert "試行回数が多すぎます".encode() in blocked.data
    assert _failures(session) == throttle.PAIR_LIMIT  # throttled attempts are not counted again


def test_owner_elsewhere_is_not_locked_out(client, app, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.HR_ADMIN])
    attempts = throttle.PAIR_LIMIT + 5
    for i in range(attempts):
        login(client, user.email, f"wrong-guess-{i:04d}", address=ATTACKER_ADDRESS)
    assert login(client, user.email, PASSWORD, address=ATTACKER_ADDRESS).status_code == 429
    owner = app.test_client()
    response = login(owner, user.email, PASSWORD, address=OWNER_ADDRESS)
    locked_out = response.status_code != 302
    print(
        f"figure: owner from another address locked out after {attempts} attacker attempts = {locked_out}"
    )
    assert not locked_out
    assert owner.get(f"/c/{tenant_a.slug}/").status_code == 200


def test_address_limit_slows_spraying(session) -> None:
    for i in range(throttle.ADDRESS_LIMIT - 1):
        throttle.record_failure(session, f"user{i}@spray.example.jp", ATTACKER_ADDRESS)
    assert not throttle.is_throttled(session, "fresh@spray.example.jp", ATTACKER_ADDRESS)
    throttle.record_failure(session, "one-more@spray.example.jp", ATTACKER_ADDRESS)
    assert throttle.is_throttled(session, "fresh@spray.example.jp", ATTACKER_ADDRESS)
    assert not throttle.is_throttled(session, "fresh@spray.example.jp", OWNER_ADDRESS)


def test_hourly_cap_per_account(client, session, tenant_a: Tenant, with_password) -> None:
    """Failures from many addresses (a botnet) are capped per account at ≤ 100 an hour."""
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    for i in range(throttle.ACCOUNT_LIMIT_PER_HOUR - 1):
        throttle.record_failure(session, user.email, f"192.0.2.{i % 250}-{i}")
    assert not throttle.is_throttled(session, user.email, OWNER_ADDRESS)
    throttle.record_failure(session, user.email, "192.0.2.254")
    cap_reached = throttle.is_throttled(session, user.email, OWNER_ADDRESS)
    print(
        f"figure: per-account failures allowed per hour = {throttle.ACCOUNT_LIMIT_PER_HOUR} (cap reached → throttled = {cap_reached})"
    )
    assert throttle.ACCOUNT_LIMIT_PER_HOUR <= 100
    assert cap_reached
    # Through the login form too: the right password is not even checked now.
    assert login(client, user.email, PASSWORD, address=OWNER_ADDRESS).status_code == 429
    # Failures older than an hour no longer count.
    session.execute(update(LoginFailure).values(at=utcnow() - timedelta(minutes=61)))
    assert not throttle.is_throttled(session, user.email, OWNER_ADDRESS)
    assert login(client, user.email, PASSWORD, address=OWNER_ADDRESS).status_code == 302


def test_success_clears_that_pair_only(client, session, tenant_a: Tenant, with_password) -> None:
    user = with_password(tenant_a.users[Role.EMPLOYEE])
    login(client, user.email, "wrong-guess-0001", address=OWNER_ADDRESS)
    login(client, user.email, "wrong-guess-0002", address=ATTACKER_ADDRESS)
    assert login(client, user.email, PASSWORD, address=OWNER_ADDRESS).status_code == 302
    remaining = session.scalars(select(LoginFailure.address_key)).all()
    assert remaining == [throttle._key(ATTACKER_ADDRESS)]


def test_failures_store_no_address_or_email(client, session, tenant_a: Tenant) -> None:
    login(client, "someone@a.example.jp", "wrong-guess-0001", address=OWNER_ADDRESS)
    row = session.scalars(select(LoginFailure)).one()
    assert "someone" not in row.account_key and OWNER_ADDRESS not in row.address_key
    assert len(row.account_key) == len(row.address_key) == 64
