"""Account e-mails for company users, sent as jobs (ids only, idempotent: see ``mails``)."""

from __future__ import annotations

from typing import Any

from hrcare.auth.mails import send_invitation_mail, send_reset_mail
from hrcare.core.db import utcnow
from hrcare.extensions import db


def send_invitation(run_id: str, user_id: int, credentials_version: int) -> dict[str, Any]:
    return {"sent": send_invitation_mail(db.session, user_id, credentials_version)}


def deliver_password_reset(run_id: str, user_id: int | None) -> dict[str, Any]:
    """Answer a reset request: queued the same way whether or not the address had an account
    (``user_id`` is None then), so the request's work and time say nothing about it."""
    from hrcare.auth.services import claim_reset_mail

    version = claim_reset_mail(db.session, user_id, now=utcnow())
    db.session.commit()
    if version is None or user_id is None:
        return {"sent": False}
    return {"sent": send_reset_mail(db.session, user_id, version)}
