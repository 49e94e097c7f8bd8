"""Consultations: a request, its thread and the support plan.

The 個別の周知・意向確認 for a 申出 is kept by the checklists feature's ledger
(``IndividualNotice``, ``source="consultation"``): one record, written through its services.

A consultation belongs to one company and is read only by the employee who filed it and the
staff member assigned to it (``access.py``). It never refers to a survey response: the entry
from the survey's thank-you page carries nothing but the company.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrcare.core.db import Base, TenantMixin, TimestampMixin, utcnow

# Stable codes; the labels live in ``labels.py``.
TOPICS = ("leave", "insurance", "work_style", "cost", "wellbeing", "other")
URGENCIES = ("normal", "soon", "urgent")
CONTACT_METHODS = ("reply", "phone", "meeting", "online")
STATUSES = ("new", "in_progress", "waiting", "resolved", "withdrawn")
OPEN_STATUSES = ("new", "in_progress", "waiting")
RELATIONSHIPS = ("parent", "parent_in_law", "spouse", "grandparent", "sibling", "child", "other")
AGE_BANDS = ("under_40", "40_64", "65_74", "75_84", "85_plus")
RESIDENCES = ("together", "nearby", "far", "facility")
CARE_LEVELS = (
    "none",
    "applying",
    "support_1",
    "support_2",
    "care_1",
    "care_2",
    "care_3",
    "care_4",
    "care_5",
    "unknown",
)
MEASURES = (
    "leave",
    "care_days_off",
    "shorter_hours",
    "overtime_limit",
    "night_limit",
    "telework",
    "flexible_hours",
)

MAX_BODY = 4000  # characters in one message
DEFAULT_RESPONSE_DAYS = 3


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Consultation(TenantMixin, TimestampMixin, Base):
    """One request for help. Either a signed-in requester or a guest e-mail (entry link)."""

    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("urgency", URGENCIES), name="urgency"),
        CheckConstraint(_in("contact_method", CONTACT_METHODS), name="contact_method"),
        CheckConstraint(
            "requester_id IS NOT NULL OR guest_email IS NOT NULL", name="requester_or_guest"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    guest_email: Mapped[str | None] = mapped_column(String(254))
    # Part of every private link; replacing it revokes the links already sent.
    link_nonce: Mapped[str] = mapped_column(String(32), default="")
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    contact_method: Mapped[str] = mapped_column(String(16), default="reply")
    contact_times: Mapped[str] = mapped_column(String(200), default="")
    relative: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_moushide: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date] = mapped_column()
    first_response_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()

    messages: Mapped[list[ConsultationMessage]] = relationship(
        back_populates="consultation",
        order_by="ConsultationMessage.id",
        cascade="all, delete-orphan",
    )


class ConsultationMessage(TenantMixin, Base):
    """One message of the thread. ``internal`` notes are shown to staff only."""

    __tablename__ = "consultation_messages"
    __table_args__ = (CheckConstraint("from_staff OR NOT internal", name="internal_by_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_staff: Mapped[bool] = mapped_column(default=False)
    internal: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="messages")
    suggestions: Mapped[list[MessageSuggestion]] = relationship(
        order_by="MessageSuggestion.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[MessageAttachment]] = relationship(
        order_by="MessageAttachment.id", cascade="all, delete-orphan"
    )


class MessageAttachment(TenantMixin, Base):
    """A file sent with a message (PDF, image, Office), kept in the shared file store under a
    random key; its bytes were checked against its name (``core.files.check_upload``)."""

    __tablename__ = "consultation_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    file_key: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MessageSuggestion(TenantMixin, Base):
    """A directory entry a staff member attached to a reply."""

    __tablename__ = "consultation_suggestions"
    __table_args__ = (UniqueConstraint("company_id", "message_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_messages.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int] = mapped_column(
        ForeignKey("outside_services.id", ondelete="CASCADE"), index=True
    )

    service: Mapped[Any] = relationship("OutsideService")


class SupportPlan(TenantMixin, TimestampMixin, Base):
    """面談シート兼介護支援プラン (MHLW model), one per consultation it grew out of."""

    __tablename__ = "consultation_plans"
    __table_args__ = (UniqueConstraint("company_id", "consultation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    # The situation (状況): who is cared for and how.
    situation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The employee's work (仕事の状況) and how they want to work from now on.
    work: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    measures: Mapped[list[str]] = mapped_column(JSON, default=list)
    measures_note: Mapped[str] = mapped_column(Text, default="")
    handover: Mapped[str] = mapped_column(Text, default="")
    manager_summary: Mapped[str] = mapped_column(Text, default="")
    # Recorded by the employee themselves; None means the manager is told nothing.
    share_consent_at: Mapped[datetime | None] = mapped_column()
    next_review_on: Mapped[date | None] = mapped_column(index=True)
    follow_up: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class DeskSettings(TenantMixin, Base):
    """The company's consultation desk settings (first-response time in business days)."""

    __tablename__ = "consultation_settings"
    __table_args__ = (
        UniqueConstraint("company_id"),
        CheckConstraint("response_days BETWEEN 1 AND 30", name="response_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_days: Mapped[int] = mapped_column(default=DEFAULT_RESPONSE_DAYS)
