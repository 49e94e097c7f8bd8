"""Files sent with a consultation message (a care certificate, a leave form, a photo).

The same checks as the checklists' evidence (``core.files.check_upload``: size limit, an
allowed type, the bytes matching the name) and the same store (``HRCARE_FILE_STORE``,
random keys under the company's folder). A file is checked before the message is written,
so a refused file leaves no message behind; it is read only through the consultation's
object rules (the employee who filed it, the assigned staff), and each download is a read
of the consultation in the audit log. A purge that deletes a consultation removes its files
with ``remove_files``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.consultations.models import Consultation, ConsultationMessage, MessageAttachment
from hrcare.consultations.services import ConsultationError
from hrcare.core import files
from hrcare.core.db import after_commit


@dataclass(frozen=True)
class Upload:
    """A checked file, not yet stored."""

    filename: str
    content_type: str
    data: bytes


def max_bytes() -> int:
    """The same limit as evidence files (``HRCARE_EVIDENCE_MAX_BYTES``)."""
    return int(current_app.extensions["hrcare.settings"].evidence_max_bytes)


def check(filename: str, data: bytes, limit: int) -> Upload:
    """Raises ConsultationError with the reason; nothing is written."""
    try:
        name, kind = files.check_upload(filename, data, limit)
    except files.Refused as refused:
        raise ConsultationError(refused.message) from None
    return Upload(name, kind, data)


def attach(session: Session, message: ConsultationMessage, upload: Upload) -> MessageAttachment:
    """Store the file and record it on the message (flushes; the view commits)."""
    key = files.store(upload.data, f"c{message.company_id}/consultations")
    row = MessageAttachment(
        company_id=message.company_id,
        message_id=message.id,
        filename=upload.filename,
        file_key=key,
        content_type=upload.content_type,
        size=len(upload.data),
    )
    message.attachments.append(row)
    session.flush()
    return row


def find(
    session: Session, consultation: Consultation, attachment_id: int, *, staff: bool
) -> MessageAttachment | None:
    """An attachment of this consultation's thread; the employee never reaches one on a
    staff-only note."""
    query = (
        select(MessageAttachment)
        .join(ConsultationMessage, ConsultationMessage.id == MessageAttachment.message_id)
        .where(
            MessageAttachment.company_id == consultation.company_id,
            MessageAttachment.id == attachment_id,
            ConsultationMessage.consultation_id == consultation.id,
        )
    )
    if not staff:
        query = query.where(ConsultationMessage.internal.is_(False))
    return session.scalars(query).first()


def read(attachment: MessageAttachment) -> bytes | None:
    try:
        return files.read(attachment.file_key)
    except (OSError, files.BadKey):
        return None


def remove_files(session: Session, consultation: Consultation) -> None:
    """Delete the stored files of a consultation once its deletion is committed."""
    keys = list(
        session.scalars(
            select(MessageAttachment.file_key)
            .join(ConsultationMessage, ConsultationMessage.id == MessageAttachment.message_id)
            .where(
                MessageAttachment.company_id == consultation.company_id,
                ConsultationMessage.consultation_id == consultation.id,
            )
        )
    )
    for key in keys:
        after_commit(session, lambda key=key: files.remove(key))
