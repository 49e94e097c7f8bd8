"""The company's retention setting (how long finished jobs and built reports are kept)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrcare.core.db import Base, TenantMixin

DEFAULT_RETENTION_MONTHS = 12
MIN_RETENTION_MONTHS = 1
MAX_RETENTION_MONTHS = 120


class RetentionSettings(TenantMixin, Base):
    """One row per company that changed the default (``DEFAULT_RETENTION_MONTHS``)."""

    __tablename__ = "retention_settings"
    __table_args__ = (
        UniqueConstraint("company_id"),
        CheckConstraint(
            f"months BETWEEN {MIN_RETENTION_MONTHS} AND {MAX_RETENTION_MONTHS}", name="months"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    months: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_MONTHS)
