"""The development outbox: read the .eml files ``core.mail`` wrote to instance/outbox.

Only with ``mail_backend == "outbox"`` outside production; otherwise the pages do not exist
(404). A message is addressed by its file name, which must match the exact pattern
``core.mail`` produces, so no path can reach outside the folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import cast

from flask import current_app, request

from hrcare.core.mail import outbox_dir

NAME_PATTERN = re.compile(r"\A\d{8}T\d{6}-[0-9a-f]{8}\.eml\Z")
URL_PATTERN = re.compile(r"https?://[^\s<>\"']+")
LIST_LIMIT = 200


@dataclass(frozen=True)
class OutboxMessage:
    name: str
    to: str
    subject: str
    date: str
    body: str

    def body_parts(self) -> list[tuple[str, bool]]:
        """The body cut into (text, is_link) pieces, so links can be clicked in development."""
        parts: list[tuple[str, bool]] = []
        position = 0
        for match in URL_PATTERN.finditer(self.body):
            parts.append((self.body[position : match.start()], False))
            parts.append((match.group(0), True))
            position = match.end()
        parts.append((self.body[position:], False))
        return [part for part in parts if part[0]]


LOOPBACK = ("127.0.0.1", "::1")


def available() -> bool:
    """Only in development with the outbox backend, and only to a browser on this machine:
    the outbox holds live invitation and reset links."""
    settings = current_app.extensions["hrcare.settings"]
    return (
        settings.mail_backend == "outbox"
        and not settings.is_production
        and request.remote_addr in LOOPBACK
    )


def _read(path: Path) -> OutboxMessage:
    message = cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(path.read_bytes()))
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    stamp = path.name[:15]
    date = f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]} UTC"
    return OutboxMessage(
        name=path.name,
        to=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        date=date,
        body=body,
    )


def list_messages() -> list[OutboxMessage]:
    """The newest messages first."""
    folder = outbox_dir()
    if not folder.is_dir():
        return []
    paths = sorted(
        (p for p in folder.iterdir() if NAME_PATTERN.match(p.name) and p.is_file()), reverse=True
    )
    return [_read(path) for path in paths[:LIST_LIMIT]]


def get_message(name: str) -> OutboxMessage | None:
    if not NAME_PATTERN.match(name):
        return None
    path = outbox_dir() / name
    if not path.is_file():
        return None
    return _read(path)
