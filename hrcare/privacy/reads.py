"""Audit of reads (SECURITY.md item 12): every page or file showing one person's care data.

Most consultation pages record their read themselves (``consultations.services.record_read``).
The pages listed here show individual care data too — a consultation's notice and support
plan forms, the legal-duty ledger with the named employees' records, its exports and its
printable form — and are recorded by this table instead of by code in each view, so a page
added to it is audited without touching the feature. A successful GET (200) of a listed
endpoint writes one audit event (who, what, when in UTC; never the data). If the event cannot
be written, the page is not delivered: an unrecorded read of care data is worse than an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Response, request
from flask_login import current_user

from hrcare.core import audit
from hrcare.extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditedRead:
    action: str
    object_type: str
    view_arg: str | None  # the URL part naming the object; None: the endpoint names it


CONSULTATION = AuditedRead("consultation.read", "consultation", "consultation_id")
LEDGER = AuditedRead("ledger.read", "ledger", None)

AUDITED_READS: dict[str, AuditedRead] = {
    "desk.notice": CONSULTATION,
    "desk.plan": CONSULTATION,
    "duties.index": LEDGER,
    "duties.notices": LEDGER,
    "duties.export_file": LEDGER,
    "duties.printable": LEDGER,
}

#: Endpoints that record their own read in the view (listed so the test covers them too).
SELF_AUDITED = ("desk.detail", "desk.plan_share", "consultations.show", "consult_entry.follow")


def record_audited_read(response: Response) -> Response:
    read = AUDITED_READS.get(request.endpoint or "")
    if read is None or request.method != "GET" or response.status_code != 200:
        return response
    from hrcare.core.tenancy import current_company

    view_args = request.view_args or {}
    object_id = view_args.get(read.view_arg) if read.view_arg else request.endpoint
    session = db.session
    try:
        audit.record(
            session,
            actor_id=current_user.id if current_user.is_authenticated else None,
            company_id=current_company().id,
            action=read.action,
            object_type=read.object_type,
            object_id=str(object_id),
        )
        session.commit()
    except Exception:  # noqa: BLE001 - any failure: withhold the page
        session.rollback()
        log.error("audit of a read failed; the page was withheld (%s)", request.endpoint)
        return Response("audit unavailable", status=503, mimetype="text/plain")
    return response
