"""A company's own loss parameters (one row per company).

Only the values that differ from the published set are stored, by parameter
name, so a report can say "meti-2030 v1, with these values changed" and a
company that never saved anything simply uses METI's defaults.  The values
are validated by ``LossParameters.with_overrides`` before they are stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hrcare.core.db import Base, TenantMixin, utcnow
from hrcare.loss.validation import METHODS, SEPARATION_METHODS

DEFAULT_METHOD = "flat"
DEFAULT_SEPARATION = "national_rate"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class LossSettings(TenantMixin, Base):
    """Parameter overrides and the default methods of one company's estimate."""

    __tablename__ = "loss_settings"
    __table_args__ = (
        UniqueConstraint("company_id"),
        CheckConstraint(_one_of("method", METHODS), name="method"),
        CheckConstraint(_one_of("separation", SEPARATION_METHODS), name="separation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # {parameter name: value}; "age_band_drop_rates" holds the full {band: rate} table.
    overrides: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    method: Mapped[str] = mapped_column(String(20), default=DEFAULT_METHOD)
    separation: Mapped[str] = mapped_column(String(20), default=DEFAULT_SEPARATION)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
