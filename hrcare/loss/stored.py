"""The stored loss estimate of each company: computed once per set of inputs, read many times.

Pages that show many companies' estimates at once (the hub console) must not recompute them
per request (HOUSE_STYLE "Computed once, read many times"). ``store_estimate`` computes the
company's estimate with its current settings and stores the headline figures beside the
inputs they came from (``inputs_key``: the latest usable survey, the parameter set, the
methods, the threshold and the roster state). It runs as a job whenever a wave is released or
the loss settings change (``ESTIMATE_JOB``), and on request for a hub's clients; a repeat with
unchanged inputs changes nothing. ``stored_estimates`` reads many companies in one statement.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from hrcare.core.db import Base, TenantMixin, utcnow

ESTIMATE_JOB_KIND = "loss.estimate"
ESTIMATE_JOB = "hrcare.loss.tasks.store_estimate_job"


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


def estimate_inputs(session: Session, company: Any) -> dict[str, Any]:
    """Everything the company's default estimate depends on, as plain values."""
    from hrcare.loss.settings import company_parameters, company_settings
    from hrcare.roster import services as roster
    from hrcare.surveys import services as surveys

    survey = surveys.latest_survey_for_loss(session, company.id)
    params = company_parameters(session, company.id)
    settings = company_settings(session, company.id)
    return {
        "survey": [survey.id, str(survey.closed_at)] if survey is not None else None,
        "parameters": params.values(),
        "parameter_set": params.parameter_set(),
        "methods": [settings.method, settings.separation] if settings else None,
        "threshold": company.anonymity_threshold,
        "roster": roster.roster_version(session, company.id),
    }


def _key(inputs: dict[str, Any]) -> str:
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_estimate(session: Session, company: Any, *, today: date, now: datetime) -> bool:
    """Compute and store the company's estimate unless the stored one has the same inputs.
    Returns whether anything was (re)computed. Flushes, never commits."""
    from hrcare.loss.services import NoEmployees, company_estimate

    inputs = estimate_inputs(session, company)
    key = _key(inputs)
    row = session.scalars(
        select(StoredEstimate).where(StoredEstimate.company_id == company.id)
    ).first()
    if row is not None and row.inputs_key == key:
        return False
    try:
        found = company_estimate(session, company, today=today)
    except NoEmployees:
        figures: dict[str, Any] = {"employees": 0, "total_yen": None, "per_employee_yen": None}
        basis, survey_id = "none", None
    else:
        figures = found.result.to_dict()
        basis, survey_id = found.basis, found.survey_id
    if row is None:
        row = StoredEstimate(company_id=company.id)
        session.add(row)
    row.basis, row.survey_id = basis, survey_id
    row.employees = figures["employees"]
    row.total_yen = figures["total_yen"]
    row.per_employee_yen = figures["per_employee_yen"]
    row.inputs_key, row.inputs = key, inputs
    row.computed_on, row.computed_at = today, now
    session.flush()
    return True


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


def seed_demo_estimate(session: Session, company: Any, *, today: date, rng: Any) -> None:
    """Demo seeder (after the surveys): the company's stored estimate, as a release would."""
    store_estimate(session, company, today=today, now=utcnow())
