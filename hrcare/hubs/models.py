"""The hub's own rows: its effect-verification PDFs and its templates for clients."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrcare.core.db import Base, TenantMixin, utcnow


class HubReport(Base):
    """A hub-level 効果検証 PDF: built by a hub-owned job, stored in the file store."""

    __tablename__ = "hub_reports"
    __table_args__ = (CheckConstraint("language IN ('ja', 'en')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    job_run_id: Mapped[str | None] = mapped_column(
        ForeignKey("job_runs.id", ondelete="SET NULL"), index=True
    )
    file_name: Mapped[str | None] = mapped_column(String(255))
    pages: Mapped[int | None] = mapped_column()
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class HubTemplate(Base):
    """What the hub's clients inherit: the survey variant (title, extra questions), and the
    report cover text. Directory entries are the hub's ``OutsideService`` rows."""

    __tablename__ = "hub_templates"
    __table_args__ = (UniqueConstraint("hub_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"))
    survey_title: Mapped[str] = mapped_column(String(200), default="")
    survey_title_en: Mapped[str] = mapped_column(String(200), default="")
    # [{"kind": "single"|"multiple"|"scale"|"text", "ja": ..., "en": ..., "options": [[ja, en]]}]
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    report_cover: Mapped[str] = mapped_column(Text, default="")
    report_cover_en: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ClientTemplate(TenantMixin, Base):
    """A client's own choices over its hub's template (set by its HR admins)."""

    __tablename__ = "hub_client_templates"
    __table_args__ = (UniqueConstraint("company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    use_hub_questions: Mapped[bool] = mapped_column(default=True)
    # Empty: the hub's.
    survey_title: Mapped[str] = mapped_column(String(200), default="")
    report_cover: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class HubPool(Base):
    """One published set of the hub's pooled breakdowns, frozen (never updated or deleted).

    ``sources``: the client releases it pools, [{release_id, company_id, survey_id,
    threshold}]; ``view``: what it publishes as audited (``release.View`` JSON, its groups'
    members prefixed by release); ``groups``: the figures per pooled group, shown or not
    and why; ``parts``: the audit's copy of each pooled release (cell counts with department
    names coded; read by the audit only). Each new pool is audited jointly with every
    release it touches and every earlier pool of the hub.
    """

    __tablename__ = "hub_pools"

    id: Mapped[int] = mapped_column(primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"), index=True)
    threshold: Mapped[int] = mapped_column()  # the largest among the pooled releases'
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    view: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    groups: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Each pooled release as the joint audit reads it (``pooling.part_to_json``: counts per
    # cell, department names coded), so later pools stay audited against it even once the
    # release is gone with its company (never shown).
    parts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
