"""Sign-in throttling per account and per address, without locking the victim out.

Failures are counted in the database (shared by every app process). A sign-in is refused
for a while when, in the window:
- this account from this address failed ``PAIR_LIMIT`` times (slows one guesser), or
- this address failed ``ADDRESS_LIMIT`` times over any accounts (slows spraying), or
- this account failed ``ACCOUNT_LIMIT_PER_HOUR`` times from anywhere (the hard cap of
  ≤ 100 failures an hour per account, SECURITY.md item 6).
Because the first two are keyed on the address, an attacker elsewhere does not lock the
owner out until the hourly cap; the owner can also reset their password at any time.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hrcare.auth.models import LoginFailure
from hrcare.core.db import utcnow

PAIR_LIMIT = 5
PAIR_WINDOW = timedelta(minutes=15)
ADDRESS_LIMIT = 50
ADDRESS_WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT_PER_HOUR = 100
KEEP_FOR = timedelta(days=1)


def _key(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


def account_key(email: str) -> str:
    """The key failures of one account are counted under (no e-mail address is stored)."""
    return _key(email)


def _count(session: Session, since_delta: timedelta, *criteria: object) -> int:
    since = utcnow() - since_delta
    stmt = select(func.count()).select_from(LoginFailure).where(LoginFailure.at >= since, *criteria)  # type: ignore[arg-type]
    return int(session.scalar(stmt) or 0)


def is_throttled(session: Session, email: str, address: str) -> bool:
    account, addr = _key(email), _key(address)
    return (
        _count(
            session,
            PAIR_WINDOW,
            LoginFailure.account_key == account,
            LoginFailure.address_key == addr,
        )
        >= PAIR_LIMIT
        or _count(session, ADDRESS_WINDOW, LoginFailure.address_key == addr) >= ADDRESS_LIMIT
        or _count(session, timedelta(hours=1), LoginFailure.account_key == account)
        >= ACCOUNT_LIMIT_PER_HOUR
    )


def record_failure(session: Session, email: str, address: str) -> None:
    session.add(LoginFailure(account_key=_key(email), address_key=_key(address)))
    session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - KEEP_FOR))


def clear_failures(session: Session, email: str, address: str) -> None:
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.account_key == _key(email), LoginFailure.address_key == _key(address)
        )
    )
