"""Consultation services: filing, the thread, status and assignment, the inbox.

Typed functions with an explicit actor and ``now``; they flush, never commit. E-mails are
jobs enqueued here and dispatched after the caller's commit; they carry the consultation id
and an event code, nothing else.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrcare.auth.services import User
from hrcare.consultations import directory
from hrcare.consultations.access import company_staff, staff_member
from hrcare.consultations.calendar import add_business_days
from hrcare.consultations.many import (  # noqa: F401 - for the hub console
    CATEGORY_LABELS,
    DirectoryError,
    EntryData,
    OpenCounts,
    add_hub_entry,
    delete_hub_entry,
    hub_entries,
    open_counts_many,
)
from hrcare.consultations.models import (
    CONTACT_METHODS,
    DEFAULT_RESPONSE_DAYS,
    MAX_BODY,
    OPEN_STATUSES,
    STATUSES,
    TOPICS,
    URGENCIES,
    Consultation,
    ConsultationMessage,
    DeskSettings,
    MessageSuggestion,
    SupportPlan,
)
from hrcare.core import audit
from hrcare.core.actor import Actor
from hrcare.core.clock import today_jst
from hrcare.core.i18n import _l
from hrcare.core.jobs import enqueue

NOTIFY = "hrcare.consultations.tasks.notify"
READ = "consultation.read"
STAFF_STATUSES = ("in_progress", "waiting", "resolved")
MAX_SUGGESTIONS = 10


class ConsultationError(Exception):
    """Bad input or a step the consultation's state does not allow; nothing was changed."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class RequestData:
    topics: list[str]
    urgency: str
    contact_method: str
    contact_times: str
    body: str
    relative: dict[str, str] = field(default_factory=dict)
    is_moushide: bool = False


def _check_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ConsultationError(_l("本文を入力してください。"))
    if len(text) > MAX_BODY:
        raise ConsultationError(_l("本文は%(n)s文字以内で入力してください。", n=f"{MAX_BODY:,}"))
    return text


def _check_request(data: RequestData) -> None:
    if not data.topics or any(t not in TOPICS for t in data.topics):
        raise ConsultationError(_l("相談したい内容を1つ以上選んでください。"))
    if data.urgency not in URGENCIES or data.contact_method not in CONTACT_METHODS:
        raise ConsultationError(_l("選択肢から選んでください。"))
    if len(data.contact_times) > 200:
        raise ConsultationError(_l("連絡の希望時間帯は200文字以内で入力してください。"))
    _check_body(data.body)


def response_days(session: Session, company_id: int) -> int:
    row = session.scalars(select(DeskSettings).where(DeskSettings.company_id == company_id)).first()
    return row.response_days if row else DEFAULT_RESPONSE_DAYS


def set_response_days(session: Session, *, actor: Actor, company_id: int, days: int) -> None:
    if not 1 <= days <= 30:
        raise ConsultationError(_l("初回回答の期限は1〜30営業日で指定してください。"))
    row = session.scalars(select(DeskSettings).where(DeskSettings.company_id == company_id)).first()
    if row is None:
        row = DeskSettings(company_id=company_id)
        session.add(row)
    row.response_days = days
    audit.record(
        session,
        actor_id=actor.user_id,
        company_id=company_id,
        action="consultation.settings",
        object_type="company",
        object_id=company_id,
    )
    session.flush()


def _notify(session: Session, c: Consultation, event: str, actor_id: int | None) -> None:
    enqueue(
        session,
        "consultation.notify",
        NOTIFY,
        company_id=c.company_id,
        actor_id=actor_id,
        args=(c.id, event),
    )


def file_request(
    session: Session,
    *,
    actor: Actor | None,
    company_id: int,
    data: RequestData,
    now: datetime,
    guest_email: str | None = None,
    notify: bool = True,
) -> Consultation:
    """File a request: signed in (``actor``) or through the company's entry link (e-mail)."""
    _check_request(data)
    if actor is None and not guest_email:
        raise ConsultationError(_l("連絡先のメールアドレスを入力してください。"))
    due = add_business_days(today_jst(now), response_days(session, company_id))
    staff = company_staff(session, company_id)
    c = Consultation(
        company_id=company_id,
        requester_id=actor.user_id if actor else None,
        guest_email=None if actor else guest_email,
        link_nonce=secrets.token_hex(8),
        topics=[t for t in TOPICS if t in data.topics],
        urgency=data.urgency,
        contact_method=data.contact_method,
        contact_times=data.contact_times.strip(),
        relative={k: v for k, v in data.relative.items() if v},
        is_moushide=data.is_moushide,
        status="new",
        # With one designated person there is nobody to choose between.
        assignee_id=staff[0].id if len(staff) == 1 else None,
        due_on=due,
        created_at=now,
        updated_at=now,
    )
    c.messages.append(
        ConsultationMessage(
            company_id=company_id,
            author_id=c.requester_id,
            body=_check_body(data.body),
            created_at=now,
        )
    )
    session.add(c)
    session.flush()
    audit.record(
        session,
        actor_id=c.requester_id,
        company_id=company_id,
        action="consultation.create",
        object_type="consultation",
        object_id=c.id,
    )
    if notify:  # the demo loader files requests nobody should be mailed about
        _notify(session, c, "created", c.requester_id)
        if guest_email:
            _notify(session, c, "link", None)
    return c


def _touch(c: Consultation, now: datetime) -> None:
    c.updated_at = now


def employee_reply(
    session: Session, *, actor_id: int | None, consultation: Consultation, body: str, now: datetime
) -> ConsultationMessage:
    """The employee answers. A resolved request is reopened; a withdrawn one is closed."""
    if consultation.status == "withdrawn":
        raise ConsultationError(
            _l("取り下げた相談には返信できません。新しい相談をお送りください。")
        )
    text = _check_body(body)
    message = ConsultationMessage(
        company_id=consultation.company_id, author_id=actor_id, body=text, created_at=now
    )
    consultation.messages.append(message)
    if consultation.status in ("waiting", "resolved"):
        consultation.status, consultation.closed_at = "in_progress", None
    _touch(consultation, now)
    session.flush()
    if consultation.assignee_id is not None:
        _notify(session, consultation, "employee_replied", actor_id)
    return message


def withdraw(
    session: Session, *, actor_id: int | None, consultation: Consultation, now: datetime
) -> None:
    if consultation.status not in OPEN_STATUSES:
        raise ConsultationError(_l("この相談はすでに終了しています。"))
    consultation.status, consultation.closed_at = "withdrawn", now
    _touch(consultation, now)
    audit.record(
        session,
        actor_id=actor_id,
        company_id=consultation.company_id,
        action="consultation.withdraw",
        object_type="consultation",
        object_id=consultation.id,
    )
    session.flush()


def staff_reply(
    session: Session,
    *,
    actor: Actor,
    consultation: Consultation,
    body: str,
    next_status: str,
    service_ids: Iterable[int] = (),
    hub_id: int | None,
    now: datetime,
    notify: bool = True,
) -> ConsultationMessage:
    """Answer the employee, optionally with directory entries attached."""
    if consultation.status == "withdrawn":
        raise ConsultationError(_l("この相談は従業員が取り下げました。返信はできません。"))
    if next_status not in STAFF_STATUSES:
        raise ConsultationError(_l("選択肢から選んでください。"))
    text = _check_body(body)
    ids = sorted(set(service_ids))
    if len(ids) > MAX_SUGGESTIONS:
        raise ConsultationError(_l("添付できるサービスは%(n)s件までです。", n=MAX_SUGGESTIONS))
    services = directory.visible_by_ids(session, consultation.company_id, hub_id, ids)
    if len(services) != len(ids):
        raise ConsultationError(
            _l("選択したサービスが見つかりません。一覧から選び直してください。")
        )
    message = ConsultationMessage(
        company_id=consultation.company_id,
        author_id=actor.user_id,
        from_staff=True,
        body=text,
        created_at=now,
    )
    for service in services:
        message.suggestions.append(
            MessageSuggestion(company_id=consultation.company_id, service_id=service.id)
        )
    consultation.messages.append(message)
    if consultation.first_response_at is None:
        consultation.first_response_at = now
    consultation.status = next_status
    consultation.closed_at = now if next_status == "resolved" else None
    _touch(consultation, now)
    session.flush()
    if notify:
        _notify(session, consultation, "staff_replied", actor.user_id)
    return message


def add_note(
    session: Session, *, actor: Actor, consultation: Consultation, body: str, now: datetime
) -> ConsultationMessage:
    """An internal note: staff only, never shown to the employee, no e-mail."""
    message = ConsultationMessage(
        company_id=consultation.company_id,
        author_id=actor.user_id,
        from_staff=True,
        internal=True,
        body=_check_body(body),
        created_at=now,
    )
    consultation.messages.append(message)
    session.flush()
    return message


def set_status(
    session: Session, *, actor: Actor, consultation: Consultation, status: str, now: datetime
) -> None:
    if consultation.status == "withdrawn":
        raise ConsultationError(_l("この相談は従業員が取り下げました。返信はできません。"))
    if status not in STAFF_STATUSES:
        raise ConsultationError(_l("選択肢から選んでください。"))
    consultation.status = status
    consultation.closed_at = now if status == "resolved" else None
    _touch(consultation, now)
    session.flush()


def assign(
    session: Session, *, actor: Actor, consultation: Consultation, assignee_id: int, now: datetime
) -> None:
    """Give the consultation to one of the company's staff (taking it: to oneself)."""
    member = staff_member(session, consultation.company_id, assignee_id)
    if member is None:
        raise ConsultationError(_l("担当者は、この会社の相談窓口担当者から選んでください。"))
    consultation.assignee_id = member.id
    _touch(consultation, now)
    audit.record(
        session,
        actor_id=actor.user_id,
        company_id=consultation.company_id,
        action="consultation.assign",
        object_type="consultation",
        object_id=consultation.id,
    )
    session.flush()
    if member.id != actor.user_id:
        _notify(session, consultation, "assigned", actor.user_id)


def record_read(session: Session, *, actor_id: int | None, consultation: Consultation) -> None:
    """Every read of a consultation is in the audit log (who, which, when; never the text)."""
    audit.record(
        session,
        actor_id=actor_id,
        company_id=consultation.company_id,
        action=READ,
        object_type="consultation",
        object_id=consultation.id,
    )
    session.flush()


@dataclass(frozen=True)
class Read:
    at: datetime
    actor_id: int | None
    name: str | None


def readers(session: Session, consultation: Consultation) -> list[Read]:
    """The reads of this consultation, newest first (shown to the assigned staff)."""
    event = audit.AuditEvent
    rows = session.execute(
        select(event.at, event.actor_id, User.name, User.email)
        .outerjoin(User, User.id == event.actor_id)
        .where(
            event.company_id == consultation.company_id,
            event.action == READ,
            event.object_type == "consultation",
            event.object_id == str(consultation.id),
        )
        .order_by(event.at.desc(), event.id.desc())
        .limit(200)
    ).all()
    return [Read(at=at, actor_id=uid, name=(name or email)) for at, uid, name, email in rows]


def is_overdue(consultation: Consultation, today: date) -> bool:
    return (
        consultation.first_response_at is None
        and consultation.status in OPEN_STATUSES
        and today > consultation.due_on
    )


@dataclass(frozen=True)
class Inbox:
    mine: list[Consultation]
    queue: list[Consultation]
    reviews: list[tuple[Consultation, SupportPlan]]
    closed: list[Consultation]


def inbox(session: Session, *, actor: Actor, company_id: int, today: date) -> Inbox:
    base = select(Consultation).where(Consultation.company_id == company_id)
    mine = list(
        session.scalars(
            base.where(
                Consultation.assignee_id == actor.user_id,
                Consultation.status.in_(OPEN_STATUSES),
            ).order_by(Consultation.due_on, Consultation.id)
        )
    )
    queue = list(
        session.scalars(
            base.where(
                Consultation.assignee_id.is_(None), Consultation.status.in_(OPEN_STATUSES)
            ).order_by(Consultation.due_on, Consultation.id)
        )
    )
    reviews = list(
        session.execute(
            select(Consultation, SupportPlan)
            .join(SupportPlan, SupportPlan.consultation_id == Consultation.id)
            .where(
                Consultation.company_id == company_id,
                Consultation.assignee_id == actor.user_id,
                SupportPlan.next_review_on.is_not(None),
                SupportPlan.next_review_on <= today + timedelta(days=14),
            )
            .order_by(SupportPlan.next_review_on)
        ).all()
    )
    closed = list(
        session.scalars(
            base.where(
                Consultation.assignee_id == actor.user_id,
                Consultation.status.not_in(OPEN_STATUSES),
            )
            .order_by(Consultation.updated_at.desc())
            .limit(50)
        )
    )
    return Inbox(mine=mine, queue=queue, reviews=reviews, closed=closed)


def own_requests(session: Session, *, actor: Actor, company_id: int) -> list[Consultation]:
    return list(
        session.scalars(
            select(Consultation)
            .where(
                Consultation.company_id == company_id,
                Consultation.requester_id == actor.user_id,
            )
            .order_by(Consultation.created_at.desc())
        )
    )


@dataclass(frozen=True)
class Counts:
    """Counts by topic and by status; a cell under the threshold is None (shown as "under n")."""

    threshold: int
    total: int | None
    by_topic: dict[str, int | None]
    by_status: dict[str, int | None]


def counts(session: Session, *, company_id: int, threshold: int) -> Counts:
    """What HR admins, executives and the hub see: counts, never contents."""
    rows = session.execute(
        select(Consultation.status, Consultation.topics).where(
            Consultation.company_id == company_id
        )
    ).all()
    by_topic = dict.fromkeys(TOPICS, 0)
    by_status = dict.fromkeys(STATUSES, 0)
    for status, topics in rows:
        by_status[status] += 1
        for topic in topics or ():
            if topic in by_topic:
                by_topic[topic] += 1

    def shown(n: int) -> int | None:
        return n if n == 0 or n >= threshold else None

    total = len(rows)
    statuses = {k: shown(v) for k, v in by_status.items()}
    hidden = [k for k, v in statuses.items() if v is None]
    if len(hidden) == 1:
        # Statuses add up to the total: one hidden cell would be the total minus the others,
        # so hide the smallest shown non-zero cell too (complement rule).
        others = [k for k, v in statuses.items() if v]
        if others:
            statuses[min(others, key=lambda k: by_status[k])] = None
    return Counts(
        threshold=threshold,
        total=total if total == 0 or total >= threshold else None,
        by_topic={k: shown(v) for k, v in by_topic.items()},
        by_status=statuses,
    )


def open_count(session: Session, company_id: int) -> int:
    return (
        session.scalar(
            select(func.count(Consultation.id)).where(
                Consultation.company_id == company_id, Consultation.status.in_(OPEN_STATUSES)
            )
        )
        or 0
    )
