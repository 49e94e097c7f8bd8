"""Executive reports: one row per distinct set of inputs, and hub batches.

A report is identified by its inputs (``inputs_key``: company, survey, parameter set,
language, roster state, format version), unique per company, so a double click or a second
request for the same inputs finds the existing report instead of building it again. Its
status is the status of its job run; the finished files live in the file store under
``file_name``/``workbook_name`` (paths relative to the store), never in the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrcare.core.db import Base, TenantMixin, utcnow

LANGUAGES = ("ja", "en")
KINDS = ("executive",)


class ReportBatch(Base):
    """Reports a hub operator requested for all its client companies at once."""

    __tablename__ = "report_batches"
    __table_args__ = (CheckConstraint("language IN ('ja', 'en')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    # The reports of the batch (a report already built for the same inputs is reused, so a
    # report may belong to several batches).
    report_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(TenantMixin, Base):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("company_id", "inputs_key"),
        CheckConstraint("language IN ('ja', 'en')", name="language"),
        CheckConstraint("kind IN ('executive')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default="executive")
    language: Mapped[str] = mapped_column(String(8))
    inputs_key: Mapped[str] = mapped_column(String(64))
    # What the figures came from, as shown in the history: the survey (None → roster-based
    # estimate) and the parameter set {name, version, changed}.
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    survey_title: Mapped[str | None] = mapped_column(String(200))
    parameter_set: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    job_run_id: Mapped[str | None] = mapped_column(
        ForeignKey("job_runs.id", ondelete="SET NULL"), index=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    file_name: Mapped[str | None] = mapped_column(String(255))
    workbook_name: Mapped[str | None] = mapped_column(String(255))
    pages: Mapped[int | None] = mapped_column()
    size_bytes: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
