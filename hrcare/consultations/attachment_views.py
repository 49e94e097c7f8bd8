"""Sending and downloading the files attached to consultation messages (see ``attachments``).

The upload is read with a cap one byte over the limit (so an oversize file is refused without
reading it whole) and checked before the message is written. A download is a read of the
consultation: it goes through the same object rules as the page it is linked from and is
recorded in the audit log.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, request

from hrcare.consultations import attachments, services
from hrcare.consultations.models import Consultation
from hrcare.core import files
from hrcare.extensions import db


def upload_from_request() -> attachments.Upload | None:
    """The checked file of the form's ``attachment`` field, or None when none was chosen.
    Raises ConsultationError for a file that may not be stored."""
    upload = request.files.get("attachment")
    if upload is None or not upload.filename:
        return None
    limit = attachments.max_bytes()
    return attachments.check(upload.filename, upload.read(limit + 1), limit)


def send(consultation: Consultation, attachment_id: int, *, staff: bool, actor_id: int | None):  # type: ignore[no-untyped-def]
    item = attachments.find(db.session, consultation, attachment_id, staff=staff)
    if item is None:
        abort(404)
    data = attachments.read(item)
    if data is None:
        abort(404)
    services.record_read(db.session, actor_id=actor_id, consultation=consultation)
    db.session.commit()
    response = Response(data, mimetype=item.content_type)
    fallback = f"attachment.{files.extension(item.filename) or 'bin'}"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(item.filename)}"
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
