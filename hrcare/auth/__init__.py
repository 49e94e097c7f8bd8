"""Accounts, sign-in, sessions, invitations and password resets."""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import PUBLIC, SIGNED_IN, rw

FEATURE = Feature(
    name="auth",
    setup=("hrcare.auth.sessions:init_login",),
    blueprints=("hrcare.auth.views",),
    models=("hrcare.auth.models",),
    policy={
        # --- auth ---
        "auth.login": rw(PUBLIC),
        "auth.logout": {"POST": SIGNED_IN},
        "auth.set_language": {"POST": PUBLIC},
        "auth.invitation": rw(PUBLIC),  # the signed link is the credential
        "auth.forgot_password": rw(PUBLIC),
        "auth.reset_password": rw(PUBLIC),
        "auth.change_password": rw(SIGNED_IN),
        "auth.outbox": {"GET": PUBLIC},  # 404 unless mail_backend=outbox outside production
        "auth.outbox_message": {"GET": PUBLIC},
    },
    navigation=(
        NavItem("auth.change_password", _l("パスワード変更"), company_scoped=False, order=160),
    ),
)
