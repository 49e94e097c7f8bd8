"""Evidence for a plan action or a ledger measure: a note, a link or a stored file.

Files are PDF, images or Office documents, checked by their content (``core.files.sniff``)
and refused when the content does not match the name's extension; they are size-limited and
written atomically to the shared file store under the company's folder. Removing evidence
deletes the stored file once the removal is committed.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.checklists import guideline, plan
from hrcare.checklists.common import ChecklistError, check_text
from hrcare.checklists.models import MEASURE_CODES, Evidence
from hrcare.core import files
from hrcare.core.actor import Actor
from hrcare.core.db import after_commit
from hrcare.core.i18n import _l
from hrcare.tenants.services import Company

MAX_URL = 2000


def check_subject(subject: str) -> str:
    kind, _, code = subject.partition(":")
    if (kind == "action" and guideline.action(code)) or (
        kind == "measure" and code in MEASURE_CODES
    ):
        return subject
    raise ChecklistError(_l("証跡の対象が見つかりません。"), "subject")


def evidence_for(session: Session, company_id: int, subject: str) -> list[Evidence]:
    return list(
        session.scalars(
            select(Evidence)
            .where(Evidence.company_id == company_id, Evidence.subject == subject)
            .order_by(Evidence.created_at, Evidence.id)
        )
    )


def evidence_counts(session: Session, company_id: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for subject in session.scalars(
        select(Evidence.subject).where(Evidence.company_id == company_id)
    ):
        counts[subject] = counts.get(subject, 0) + 1
    return counts


def _log(
    session: Session, actor: Actor, company: Company, subject: str, what: str, now: datetime
) -> None:
    kind, _, code = subject.partition(":")
    if kind == "action":
        row = plan.ensure_row(session, company.id, code)
        plan.log_change(session, row, actor, "evidence", "", what, now)


def _add(
    session: Session, actor: Actor, company: Company, subject: str, now: datetime, **values: object
) -> Evidence:
    item = Evidence(
        company_id=company.id,
        subject=subject,
        created_by_id=actor.user_id,
        created_at=now,
        **values,
    )
    session.add(item)
    session.flush()
    return item


def add_note(
    session: Session, actor: Actor, company: Company, subject: str, text: str, *, now: datetime
) -> Evidence:
    subject = check_subject(subject)
    body = check_text(text, "text")
    if not body:
        raise ChecklistError(_l("記録する内容を入力してください。"), "text")
    _log(session, actor, company, subject, body[:80], now)
    return _add(session, actor, company, subject, now, kind="note", text=body)


def add_link(
    session: Session,
    actor: Actor,
    company: Company,
    subject: str,
    url: str,
    text: str = "",
    *,
    now: datetime,
) -> Evidence:
    subject = check_subject(subject)
    url = (url or "").strip()
    parts = urlsplit(url)
    if len(url) > MAX_URL or parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ChecklistError(_l("http:// または https:// で始まるURLを入力してください。"), "url")
    _log(session, actor, company, subject, url, now)
    return _add(
        session, actor, company, subject, now, kind="link", url=url, text=check_text(text, "text")
    )


def safe_filename(name: str) -> str:
    """The name to show and to offer on download: no folders, no control characters."""
    return files.safe_filename(name, "evidence")


def add_file(
    session: Session,
    actor: Actor,
    company: Company,
    subject: str,
    *,
    filename: str,
    data: bytes,
    max_bytes: int,
    now: datetime,
) -> Evidence:
    subject = check_subject(subject)
    try:
        name, actual = files.check_upload(safe_filename(filename), data, max_bytes)
    except files.Refused as refused:
        raise ChecklistError(refused.message, "file") from None
    try:
        key = files.store(data, f"c{company.id}/evidence")
    except files.StoreUnavailable:
        raise ChecklistError(
            _l(
                "ファイルを保存できませんでした（保存先の容量不足など）。何も保存していません。"
                "しばらくしてからもう一度お試しください。"
            ),
            "file",
        ) from None
    _log(session, actor, company, subject, name, now)
    return _add(
        session,
        actor,
        company,
        subject,
        now,
        kind="file",
        filename=name,
        file_key=key,
        content_type=actual,
        size=len(data),
    )


def delete_evidence(
    session: Session, actor: Actor, company: Company, item: Evidence, *, now: datetime
) -> None:
    what = item.filename or item.url or item.text[:80]
    if item.subject.startswith("action:"):
        row = plan.ensure_row(session, company.id, item.subject.partition(":")[2])
        plan.log_change(session, row, actor, "evidence_removed", what, "", now)
    key = item.file_key
    session.delete(item)
    session.flush()
    if key:
        after_commit(session, lambda: files.remove(key))
