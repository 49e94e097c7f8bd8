"""The invitation and password-reset e-mails.

Both are built from ids only (a job or an after-commit callback calls them), in the
recipient's language. ``credentials_version`` is the version captured when the mail was
requested: if a password has been set since, the link would be dead, so nothing is sent —
which also makes a retried job harmless.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy.orm import Session

from hrcare.auth.models import User
from hrcare.auth.tokens import Purpose, external_url, make_token
from hrcare.core.i18n import _, force_locale, locale_of
from hrcare.core.mail import Mail, send


def _recipient(session: Session, user_id: int, credentials_version: int) -> User | None:
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.credentials_version != credentials_version:
        return None
    return user


def _organisation(user: User) -> str:
    return user.organisation or "hrcare"


def invitation_link(user_id: int, credentials_version: int) -> str:
    token = make_token(user_id, credentials_version, Purpose.INVITATION)
    return external_url("auth.invitation", token=token)


def reset_link(user_id: int, credentials_version: int) -> str:
    token = make_token(user_id, credentials_version, Purpose.RESET)
    return external_url("auth.reset_password", token=token)


def send_invitation_mail(session: Session, user_id: int, credentials_version: int) -> bool:
    """Send the invitation; False when it no longer applies (account gone, disabled, or used)."""
    user = _recipient(session, user_id, credentials_version)
    if user is None:
        return False
    days = current_app.extensions["hrcare.settings"].invitation_days
    with force_locale(locale_of(user.locale)):
        subject = _("【hrcare】アカウントへのご招待")
        body = _(
            "%(name)s 様\n\n"
            "%(organisation)s の hrcare（仕事と介護の両立支援）のアカウントが用意されました。\n"
            "次のリンクを開いて、パスワードを設定してください。\n\n"
            "%(url)s\n\n"
            "このリンクの有効期限は%(days)d日間で、一度だけ使えます。\n"
            "お心当たりがない場合は、このメールを破棄してください。",
            name=user.name or user.email,
            organisation=_organisation(user),
            url=invitation_link(user.id, credentials_version),
            days=days,
        )
    send(Mail(to=user.email, subject=subject, body=body))
    return True


def send_reset_mail(session: Session, user_id: int, credentials_version: int) -> bool:
    """Send the reset link; False when it no longer applies."""
    user = _recipient(session, user_id, credentials_version)
    if user is None:
        return False
    minutes = current_app.extensions["hrcare.settings"].reset_minutes
    with force_locale(locale_of(user.locale)):
        subject = _("【hrcare】パスワードの再設定")
        body = _(
            "%(name)s 様\n\n"
            "パスワードの再設定を受け付けました。次のリンクを開いて、新しいパスワードを設定してください。\n\n"
            "%(url)s\n\n"
            "このリンクの有効期限は%(minutes)d分間で、一度だけ使えます。\n"
            "再設定すると、ほかの端末でのログインはすべて終了します。\n"
            "お心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。",
            name=user.name or user.email,
            url=reset_link(user.id, credentials_version),
            minutes=minutes,
        )
    send(Mail(to=user.email, subject=subject, body=body))
    return True
