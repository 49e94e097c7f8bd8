"""Account e-mails for company users, sent as jobs (ids only, idempotent: see ``mails``)."""

from __future__ import annotations

from typing import Any

from hrcare.auth.mails import send_invitation_mail, send_reset_mail
from hrcare.extensions import db


def send_invitation(run_id: str, user_id: int, credentials_version: int) -> dict[str, Any]:
    return {"sent": send_invitation_mail(db.session, user_id, credentials_version)}


def send_password_reset(run_id: str, user_id: int, credentials_version: int) -> dict[str, Any]:
    return {"sent": send_reset_mail(db.session, user_id, credentials_version)}
