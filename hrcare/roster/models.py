from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrcare.core.db import Base, TenantMixin, TimestampMixin, utcnow

EMPLOYMENT_TYPES = ("regular", "contract", "part_time", "dispatched", "other")


class Employee(TenantMixin, TimestampMixin, Base):
    __tablename__ = "employees"
    __table_args__ = (
        UniqueConstraint("company_id", "employee_number"),
        CheckConstraint(
            "employment_type IN ('regular', 'contract', 'part_time', 'dispatched', 'other')",
            name="employment_type",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_number: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    department: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date] = mapped_column()
    hire_date: Mapped[date | None] = mapped_column()
    is_manager: Mapped[bool] = mapped_column(default=False)
    employment_type: Mapped[str] = mapped_column(String(20), default="regular")
    email: Mapped[str | None] = mapped_column(String(254))
    # Set when a re-import no longer lists the employee; the row stays for history.
    left_at: Mapped[datetime | None] = mapped_column()


class RosterUpload(TenantMixin, Base):
    """An uploaded roster file between preview and commit (kept in the database so any
    app process can serve the confirmation; deleted on commit or after a day)."""

    __tablename__ = "roster_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    # The file parsed once, at upload (``roster.stored``): previews and the commit read it
    # instead of parsing an Excel file again on every page view.
    parsed: Mapped[bytes | None] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
