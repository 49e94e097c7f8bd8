"""Jobs and e-mails are written in the recipient's language, also outside any request (a
worker has no reader to take the language from): their own account's choice, else the
default (Japanese)."""

from __future__ import annotations

from flask import Flask, has_request_context

from hrcare.auth import services as auth
from hrcare.core.i18n import _, force_locale
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.roster.importer import RowError
from tests.conftest import Tenant


def test_an_account_mail_is_english_for_an_english_reader(
    app: Flask, sent_mail: list, tenant_a: Tenant
) -> None:
    assert not has_request_context()
    english, japanese = tenant_a.users[Role.EMPLOYEE], tenant_a.users[Role.EXECUTIVE]
    english.locale = "en"
    auth.invite_user(db.session, english, actor_id=None)
    auth.invite_user(db.session, japanese, actor_id=None)
    db.session.commit()
    by_address = {m.to: m for m in sent_mail}
    assert by_address[english.email].subject.isascii()
    assert "password" in by_address[english.email].body
    assert not by_address[japanese.email].subject.isascii()


def test_services_messages_follow_the_language_in_force(app: Flask) -> None:
    """The roster importer's messages used to fall back to Japanese outside a request."""
    error = RowError(row=2, column="氏名", msgid="%(n)s人", params={"n": 3})
    with force_locale("en"):
        assert _("ログイン") == "Sign in"
        assert error.message != "3人"
    assert error.message == "3人"
