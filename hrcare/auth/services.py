"""Account services: sign-in, invitations, password reset and change, disabling accounts.

Typed, explicit, never commit. E-mails go out after the commit as jobs (``hrcare.auth.tasks``)
owned by the account's scope: its first membership's company or hub, or the platform.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from hrcare.auth import mails, throttle
from hrcare.auth.models import LoginFailure, User
from hrcare.auth.models import Membership as Membership
from hrcare.auth.models import UserSession as UserSession
from hrcare.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from hrcare.auth.sessions import revoke_sessions
from hrcare.auth.tokens import Purpose, TokenError, TokenProblem, read_token
from hrcare.auth.tokens import external_url as external_url
from hrcare.core import audit
from hrcare.core.i18n import _l
from hrcare.core.jobs import enqueue

# At most one reset mail per account in this interval, so the form cannot flood a mailbox.
RESET_MAIL_INTERVAL = timedelta(minutes=2)


class AuthError(ValueError):
    """An account change that cannot be made; ``str()`` is the message for the user."""


class PasswordRejected(AuthError):
    """The new password breaks the password rules."""


class WrongPassword(AuthError):
    """The current password given does not match."""


class Throttled(AuthError):
    """Too many failed attempts from here or on this account."""


@dataclass(frozen=True)
class SignInOutcome:
    user: User | None
    throttled: bool = False


def chosen_locales(session: Session, employee_ids: Iterable[int]) -> dict[int, str]:
    """The language each of these roster employees chose on their own account, for those who
    have an account and chose one (mails to them are written in it)."""
    ids = list(employee_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(User.employee_id, User.locale).where(
            User.employee_id.in_(ids), User.locale.is_not(None)
        )
    )
    return {employee_id: locale for employee_id, locale in rows if employee_id is not None}


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()


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
    if needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)  # parameters were raised since
    return SignInOutcome(user=user)


# --- setting passwords --------------------------------------------------------------------


def _store_password(session: Session, user: User, password: str, *, expected_version: int) -> None:
    """Hash and store, bumping ``credentials_version`` — only if nobody did so meanwhile.

    The guarded UPDATE makes a link single-use even when it is submitted twice at once: the
    second request matches no row and is told the link was used.
    """
    problem = password_problem(password, email=user.email)
    if problem:
        raise PasswordRejected(problem)
    result = session.execute(
        update(User)
        .where(User.id == user.id, User.credentials_version == expected_version)
        .values(password_hash=hash_password(password), credentials_version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise TokenError(TokenProblem.USED)
    session.refresh(user)


def _password_from_link(
    session: Session, token: str, purpose: Purpose, password: str, *, now: datetime | None
) -> User:
    """Redeem a single-use link: store the password and end every session of the account."""
    user = read_token(session, token, purpose, now=now)
    _store_password(session, user, password, expected_version=user.credentials_version)
    revoke_sessions(session, user.id)
    return user


def _record_own_change(session: Session, user: User, action: str) -> None:
    """Audit a change the account holder made to their own password."""
    audit.record(
        session,
        actor_id=user.id,
        company_id=user.scope.company_id,
        hub_id=user.scope.hub_id,
        action=action,
        object_type="user",
        object_id=user.id,
    )


def accept_invitation(
    session: Session, token: str, password: str, *, now: datetime | None = None
) -> User:
    """Set the first password from an invitation link; the caller then signs the user in."""
    user = _password_from_link(session, token, Purpose.INVITATION, password, now=now)
    _record_own_change(session, user, "auth.invitation_accepted")
    return user


def reset_password(
    session: Session, token: str, password: str, *, now: datetime | None = None
) -> User:
    """Set a new password from a reset link; every session of the account ends."""
    user = _password_from_link(session, token, Purpose.RESET, password, now=now)
    # The owner proved control of the mailbox: lift the per-account throttle they may be under.
    session.execute(
        delete(LoginFailure).where(LoginFailure.account_key == throttle.account_key(user.email))
    )
    _record_own_change(session, user, "auth.password_reset")
    return user


def change_password(
    session: Session, user: User, current: str, new: str, *, keep_session: str, address: str
) -> None:
    """Change a signed-in user's password: other sessions end, ``keep_session`` stays."""
    if throttle.is_throttled(session, user.email, address):
        raise Throttled(str(_l("試行回数が多すぎます。しばらく待ってから再度お試しください。")))
    if not verify_password(user.password_hash, current):
        throttle.record_failure(session, user.email, address)
        raise WrongPassword(str(_l("現在のパスワードが正しくありません。")))
    if current == new:
        raise PasswordRejected(str(_l("現在のパスワードとは別のパスワードにしてください。")))
    _store_password(session, user, new, expected_version=user.credentials_version)
    revoke_sessions(session, user.id, keep=keep_session)
    _record_own_change(session, user, "auth.password_changed")


# --- e-mails -------------------------------------------------------------------------------


def _deliver(session: Session, user: User, kind: str, *, actor_id: int | None) -> None:
    """Queue the mail as a job that runs after the commit, in the account's scope."""
    task = {"invitation": "send_invitation"}[kind]  # reset requests: request_password_reset
    scope = user.scope
    enqueue(
        session,
        f"auth.{kind}",
        f"hrcare.auth.tasks.{task}",
        company_id=scope.company_id,
        hub_id=scope.hub_id,
        actor_id=actor_id,
        args=(user.id, user.credentials_version),
    )


def invite_user(session: Session, user: User, *, actor_id: int | None) -> None:
    """E-mail ``user`` a link to set a first password (valid ``settings.invitation_days``).

    Called by the tenants feature after creating an account; inviting again sends a new link
    (earlier links stay valid until one of them is used or they expire).
    """
    if not user.is_active:
        raise AuthError(str(_l("無効になっているアカウントには招待を送れません。")))
    session.flush()
    _deliver(session, user, "invitation", actor_id=actor_id)
    audit.record(
        session,
        actor_id=actor_id,
        company_id=user.scope.company_id,
        hub_id=user.scope.hub_id,
        action="auth.invited",
        object_type="user",
        object_id=user.id,
    )


def invitation_url(user: User) -> str:
    """A fresh invitation link for ``user`` (the demo and CLI print it instead of mailing)."""
    return mails.invitation_link(user.id, user.credentials_version)


def request_password_reset(session: Session, email: str) -> None:
    """Queue the answer to a reset request. Says nothing either way, and does the same work
    either way: one look-up and one queued job, whose worker decides whether a mail goes out
    (timing must not tell who has an account)."""
    user = find_user_by_email(session, email)
    enqueue(
        session,
        "auth.reset_request",
        "hrcare.auth.tasks.deliver_password_reset",
        actor_id=None,  # a platform-scoped run: whose request it is, nobody says
        args=(user.id if user is not None else None,),
    )


def claim_reset_mail(session: Session, user_id: int | None, *, now: datetime) -> int | None:
    """The credentials version to mail a reset link for, or None (no such active account, or
    a link was mailed less than ``RESET_MAIL_INTERVAL`` ago: the form cannot flood a mailbox)."""
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.is_active:
        return None
    sent = user.password_reset_sent_at
    if sent is not None and now - sent < RESET_MAIL_INTERVAL:
        return None
    user.password_reset_sent_at = now
    session.flush()
    return user.credentials_version


# --- account state -------------------------------------------------------------------------


def set_active(session: Session, user: User, active: bool, *, actor_id: int | None = None) -> None:
    """Enable or disable an account. Disabling ends every session on the server at once."""
    if user.is_active == active:
        return
    user.is_active = active
    if not active:
        revoke_sessions(session, user.id)
    session.flush()
    audit.record(
        session,
        actor_id=actor_id,
        company_id=user.scope.company_id,
        hub_id=user.scope.hub_id,
        action="auth.enabled" if active else "auth.disabled",
        object_type="user",
        object_id=user.id,
    )
