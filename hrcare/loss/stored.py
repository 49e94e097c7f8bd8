"""The stored loss estimate of each company: computed once per set of inputs, read many times.

Pages that show many companies' estimates at once (the hub console) must not recompute them
per request (HOUSE_STYLE "Computed once, read many times"). ``estimates.store_estimate`` computes the
company's estimate with its current settings and stores the headline figures beside the
inputs they came from (``inputs_key``: the latest usable survey, the parameter set, the
methods, the threshold and the roster state). It runs as a job whenever a wave is released or
the loss settings change (``ESTIMATE_JOB``), and on request for a hub's clients; a repeat with
unchanged inputs changes nothing. ``stored_estimates`` reads many companies in one statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from hrcare.core.db import Base, TenantMixin, utcnow


class StoredEstimate(TenantMixin, Base):
    """The latest estimate of one company and the inputs it was computed from."""

    __tablename__ = "loss_estimates"
    __table_args__ = (UniqueConstraint("company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inputs_key: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    basis: Mapped[str] = mapped_column(String(20))  # survey | national_average | none
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    employees: Mapped[int | None] = mapped_column()
    total_yen: Mapped[int | None] = mapped_column(BigInteger)
    per_employee_yen: Mapped[int | None] = mapped_column()
    computed_on: Mapped[date] = mapped_column()
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class EstimateFigures:
    company_id: int
    basis: str
    total_yen: int | None
    per_employee_yen: int | None
    computed_on: date


def stored_estimates(session: Session, company_ids: list[int]) -> dict[int, EstimateFigures]:
    """The stored estimates of these companies, one statement (the caller has checked that
    the actor may see these companies' aggregates)."""
    if not company_ids:
        return {}
    rows = session.execute(
        select(
            StoredEstimate.company_id,
            StoredEstimate.basis,
            StoredEstimate.total_yen,
            StoredEstimate.per_employee_yen,
            StoredEstimate.computed_on,
        )
        .where(StoredEstimate.company_id.in_(company_ids))
        .execution_options(all_tenants=True)
    )
    return {row[0]: EstimateFigures(*row) for row in rows}
