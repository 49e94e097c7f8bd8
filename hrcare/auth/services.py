"""Account services: sign-in and its throttling. Typed, explicit, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrcare.auth import throttle
from hrcare.auth.models import User
from hrcare.auth.passwords import verify_password


@dataclass(frozen=True)
class SignInOutcome:
    user: User | None
    throttled: bool = False


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def authenticate(session: Session, email: str, password: str, address: str) -> SignInOutcome:
    """Check a password, counting failures; a throttled attempt is not even checked."""
    if throttle.is_throttled(session, email, address):
        return SignInOutcome(user=None, throttled=True)
    user = find_user_by_email(session, email)
    valid = verify_password(user.password_hash if user else None, password)
    if not valid or user is None or not user.is_active:
        throttle.record_failure(session, email, address)
        return SignInOutcome(user=None)
    throttle.clear_failures(session, email, address)
    return SignInOutcome(user=user)
