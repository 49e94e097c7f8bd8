"""The guideline plan and the legal-duty ledger of one company.

A plan row exists for an action once someone has touched it (an untouched action reads as
"not started"); its history is one row per changed field. Evidence (a note, a link or a stored
file) belongs to a *subject*: ``action:<code>`` or ``measure:<code>``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrcare.core.db import Base, TenantMixin, utcnow

PLAN_STATUSES = ("not_started", "in_progress", "done", "not_applicable")
EVIDENCE_KINDS = ("note", "link", "file")
AGE40_METHODS = ("meeting", "online", "letter", "email", "intranet")
NOTICE_METHODS = ("meeting", "online", "letter", "fax", "email")
INTENTIONS = ("wants_to_use", "considering", "not_now", "undecided")
NOTICE_SOURCES = ("hr", "consultation")
MEASURE_CODES = ("training", "desk", "cases", "policy", "care_days_new_staff", "telework")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class PlanAction(TenantMixin, Base):
    __tablename__ = "plan_actions"
    __table_args__ = (
        UniqueConstraint("company_id", "code"),
        CheckConstraint(_one_of("status", PLAN_STATUSES), name="status"),
        CheckConstraint(
            "status <> 'not_applicable' OR length(na_reason) > 0", name="na_needs_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column()
    notes: Mapped[str] = mapped_column(Text, default="")
    na_reason: Mapped[str] = mapped_column(Text, default="")
    # The action's practical fields (guideline.Detail names), indicators of 2-3, sessions of 3-2.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PlanChange(TenantMixin, Base):
    """One changed field of a plan action: who, when, what (old → new)."""

    __tablename__ = "plan_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")


class Evidence(TenantMixin, Base):
    __tablename__ = "checklist_evidence"
    __table_args__ = (CheckConstraint(_one_of("kind", EVIDENCE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    filename: Mapped[str] = mapped_column(String(255), default="")
    file_key: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Age40Notice(TenantMixin, Base):
    """早期の情報提供: when and how one employee was informed in their window."""

    __tablename__ = "age40_notices"
    __table_args__ = (
        UniqueConstraint("company_id", "employee_id"),
        CheckConstraint(_one_of("method", AGE40_METHODS), name="method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    informed_on: Mapped[date] = mapped_column()
    method: Mapped[str] = mapped_column(String(20))
    materials: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class IndividualNotice(TenantMixin, Base):
    """個別の周知・意向確認 after an employee reported facing care (申出): THE record, whether HR
    keeps it in the ledger or the consultation desk records it for a consultation.

    A desk record has ``source="consultation"`` and its ``consultation_id`` (one record per
    consultation, corrected in place) and no ``employee_id``: the ledger shows that a 申出 was
    answered as the law asks, never who consulted the desk. Its ``note`` is the desk's and is
    never shown outside the consultation (the ledger, its exports and reports leave it out).
    """

    __tablename__ = "individual_notices"
    __table_args__ = (
        UniqueConstraint("company_id", "consultation_id"),
        CheckConstraint(_one_of("method", NOTICE_METHODS), name="method"),
        CheckConstraint(_one_of("intention", INTENTIONS), name="intention"),
        CheckConstraint(_one_of("source", NOTICE_SOURCES), name="source"),
        CheckConstraint("notified_on >= reported_on", name="notified_after_report"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), index=True
    )
    consultation_id: Mapped[int | None] = mapped_column(index=True)
    reported_on: Mapped[date] = mapped_column()
    notified_on: Mapped[date] = mapped_column()
    method: Mapped[str] = mapped_column(String(20))
    # The four items of the law, each given or not.
    told_measures: Mapped[bool] = mapped_column(default=False)  # 介護休業・両立支援制度等
    told_where: Mapped[bool] = mapped_column(default=False)  # 申出先
    told_benefit: Mapped[bool] = mapped_column(default=False)  # 介護休業給付金
    asked_intention: Mapped[bool] = mapped_column(default=False)  # 意向確認
    intention: Mapped[str] = mapped_column(String(20), default="undecided")
    apply_to: Mapped[str] = mapped_column(String(200), default="")  # 申出先 as told
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="hr")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def complete(self) -> bool:
        return self.told_measures and self.told_where and self.told_benefit and self.asked_intention


class DutyMeasure(TenantMixin, Base):
    """雇用環境の整備 (four measures), 介護休暇 under six months' service, telework."""

    __tablename__ = "duty_measures"
    __table_args__ = (
        UniqueConstraint("company_id", "code"),
        CheckConstraint(_one_of("code", MEASURE_CODES), name="code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    in_place: Mapped[bool] = mapped_column(default=False)
    since: Mapped[date | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
