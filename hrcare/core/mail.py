"""Outgoing e-mail. ``outbox`` (development) writes .eml files under instance/outbox,
``memory`` (tests) keeps messages in the app, ``smtp`` sends."""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from hrcare.core.db import utcnow


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
