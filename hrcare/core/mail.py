"""Outgoing e-mail. ``outbox`` (development) writes .eml files under instance/outbox,
``memory`` (tests) keeps messages in the app, ``smtp`` sends."""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from hrcare.core.db import Base, utcnow
from hrcare.core.scope import ScopedMixin


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def outbox_dir() -> Path:
    return Path(current_app.extensions["hrcare.settings"].instance_path) / "outbox"


def send(mail: Mail) -> None:
    settings = current_app.extensions["hrcare.settings"]
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    if settings.mail_backend == "memory":
        current_app.extensions.setdefault("hrcare.sent_mail", []).append(mail)
    elif settings.mail_backend == "outbox":
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        (folder / name).write_bytes(bytes(message))
    else:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)


class MailDelivery(ScopedMixin, Base):
    """One mail to one person for one event, recorded *before* it is sent.

    ``key`` names the event and the recipient by ids (never an address): a job retried after
    its worker was killed finds the key and does not send again. A row still ``sending``
    belongs to an attempt killed mid-send: the mail may or may not have left, so it is not
    sent again (no duplicate) and the job reports it as ``uncertain`` (visible, not silent).
    """

    __tablename__ = "mail_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="sending")  # sending | sent
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


SENT, SKIPPED, UNCERTAIN = "sent", "skipped", "uncertain"


def send_once(
    session: Session,
    key: str,
    mail: Mail,
    *,
    company_id: int | None = None,
    hub_id: int | None = None,
) -> str:
    """Send ``mail`` unless ``key`` was sent (or attempted) before; commits.

    The intent is committed with whatever the caller changed (a link's hash, say) before the
    mail leaves, and marked sent after: at most one mail per key, whatever kills the process.
    Returns ``sent``, ``skipped`` (sent before) or ``uncertain`` (an earlier attempt died).
    """
    existing = session.scalars(
        select(MailDelivery).where(MailDelivery.key == key).execution_options(all_tenants=True)
    ).first()
    if existing is not None:
        return SKIPPED if existing.status == "sent" else UNCERTAIN
    row = MailDelivery(key=key, status="sending", company_id=company_id, hub_id=hub_id)
    session.add(row)
    session.commit()
    send(mail)
    row.status = "sent"
    session.commit()
    return SENT


def uncertain_count(session: Session, prefix: str) -> int:
    """Deliveries under ``prefix`` whose attempt died mid-send."""
    return len(
        session.scalars(
            select(MailDelivery.id)
            .where(MailDelivery.key.startswith(prefix), MailDelivery.status == "sending")
            .execution_options(all_tenants=True)
        ).all()
    )
