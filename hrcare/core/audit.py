"""Audit log: who read or changed an individual's care data, what, when (UTC) — never the data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from hrcare.core.db import Base, utcnow
from hrcare.core.scope import ScopedMixin


class AuditEvent(ScopedMixin, Base):
    """One audited action, in the company, hub or platform (both ids empty) it concerns."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))  # e.g. "roster.import", "consultation.read"
    object_type: Mapped[str] = mapped_column(String(64), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")


def record(
    session: Session,
    *,
    actor_id: int | None,
    company_id: int | None,
    action: str,
    hub_id: int | None = None,
    object_type: str = "",
    object_id: str | int = "",
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor_id,
        company_id=company_id,
        hub_id=hub_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
    )
    session.add(event)
    return event
