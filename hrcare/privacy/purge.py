"""Deletion on request (SECURITY.md item 14): purge one employee's care data.

What goes: every consultation the employee filed (signed in as their account, or as a guest
with the roster e-mail address), with its thread, internal notes, suggestions, the
個別の周知・意向確認 record and the support plan; the ledger's age-40 information record and
individual notices about them; and any stored file those rows point to. Rows are deleted,
not flagged. What stays: the roster row (employment data, not care data), survey responses
and every release (they carry no link to a person: item 20), and the audit log, which
records the purge by ids only — never the data that was removed.

Each feature's rows are found here through its models' foreign keys; a feature that adds
per-person care data (attachments, say) adds a purger to ``PURGERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from hrcare.auth.models import User
from hrcare.checklists.models import Age40Notice, IndividualNotice
from hrcare.consultations.models import (
    Consultation,
    ConsultationMessage,
    MessageAttachment,
    MessageSuggestion,
    SupportPlan,
)
from hrcare.core import audit
from hrcare.roster.models import Employee

ACTION = "privacy.purge"


@dataclass
class Subject:
    """The employee and what identifies their records."""

    company_id: int
    employee_id: int
    user_ids: list[int]
    email: str | None


@dataclass
class PurgeSummary:
    rows: dict[str, int] = field(default_factory=dict)
    file_keys: list[str] = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def add(self, table: str, count: int) -> None:
        if count:
            self.rows[table] = self.rows.get(table, 0) + count


Purger = Callable[[Session, Subject, PurgeSummary, bool], None]


def subject_for(session: Session, employee: Employee) -> Subject:
    user_ids = list(session.scalars(select(User.id).where(User.employee_id == employee.id)))
    return Subject(employee.company_id, employee.id, user_ids, employee.email)


def _consultation_ids(session: Session, s: Subject) -> list[int]:
    who = []
    if s.user_ids:
        who.append(Consultation.requester_id.in_(s.user_ids))
    if s.email:
        who.append(func.lower(Consultation.guest_email) == s.email.lower())
    if not who:
        return []
    return list(
        session.scalars(
            select(Consultation.id)
            .where(Consultation.company_id == s.company_id, or_(*who))
            .execution_options(all_tenants=True)
        )
    )


def _count_or_delete(
    session: Session, model: type, where: list, summary: PurgeSummary, apply: bool
) -> None:
    table = model.__tablename__  # type: ignore[attr-defined]
    if apply:
        result = session.execute(
            delete(model).where(*where).execution_options(synchronize_session=False)
        )
        summary.add(table, result.rowcount or 0)  # type: ignore[attr-defined]
    else:
        count = session.scalar(
            select(func.count())
            .select_from(model)
            .where(*where)
            .execution_options(all_tenants=True)
        )
        summary.add(table, count or 0)


def purge_consultations(session: Session, s: Subject, summary: PurgeSummary, apply: bool) -> None:
    ids = _consultation_ids(session, s)
    if not ids:
        return
    company = s.company_id
    message_ids = select(ConsultationMessage.id).where(ConsultationMessage.consultation_id.in_(ids))
    # Attachments' files go after the commit (``remove_files``); their rows with the rest.
    summary.file_keys += list(
        session.scalars(
            select(MessageAttachment.file_key).where(
                MessageAttachment.company_id == company,
                MessageAttachment.message_id.in_(message_ids),
            )
        )
    )
    # Children first: the same order on every backend, whatever ON DELETE CASCADE does.
    for child in (MessageSuggestion, MessageAttachment):
        _count_or_delete(
            session,
            child,
            [child.company_id == company, child.message_id.in_(message_ids)],  # type: ignore[attr-defined]
            summary,
            apply,
        )
    # The desk's 個別の周知・意向確認 is the ledger's record (source "consultation").
    for model in (ConsultationMessage, SupportPlan):
        _count_or_delete(
            session,
            model,
            [model.company_id == company, model.consultation_id.in_(ids)],  # type: ignore[attr-defined]
            summary,
            apply,
        )
    _count_or_delete(
        session,
        IndividualNotice,
        [IndividualNotice.company_id == company, IndividualNotice.consultation_id.in_(ids)],
        summary,
        apply,
    )
    _count_or_delete(
        session,
        Consultation,
        [Consultation.company_id == company, Consultation.id.in_(ids)],
        summary,
        apply,
    )


def purge_ledger(session: Session, s: Subject, summary: PurgeSummary, apply: bool) -> None:
    for model in (Age40Notice, IndividualNotice):
        _count_or_delete(
            session,
            model,
            [model.company_id == s.company_id, model.employee_id == s.employee_id],  # type: ignore[attr-defined]
            summary,
            apply,
        )


PURGERS: list[Purger] = [purge_consultations, purge_ledger]


def preview(session: Session, employee: Employee) -> PurgeSummary:
    """What a purge would remove (counts only), for the confirmation page."""
    summary = PurgeSummary()
    subject = subject_for(session, employee)
    for purger in PURGERS:
        purger(session, subject, summary, False)
    return summary


def purge_employee(
    session: Session, *, actor_id: int | None, employee: Employee, now: datetime
) -> PurgeSummary:
    """Delete the employee's care data; flushes, never commits. Stored files named in
    ``summary.file_keys`` are removed by the caller after the commit (``remove_files``)."""
    summary = PurgeSummary()
    subject = subject_for(session, employee)
    for purger in PURGERS:
        purger(session, subject, summary, True)
    session.expire_all()
    event = audit.record(
        session,
        actor_id=actor_id,
        company_id=employee.company_id,
        action=ACTION,
        object_type="employee",
        object_id=employee.id,
    )
    event.at = now
    session.flush()
    return summary


def remove_files(keys: list[str]) -> int:
    """Remove stored files after the commit; returns how many were removed."""
    from hrcare.core import files

    removed = 0
    for key in keys:
        try:
            files.remove(key)
            removed += 1
        except files.BadKey:
            continue
    return removed
