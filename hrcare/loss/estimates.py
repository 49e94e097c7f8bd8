"""Storing a company's loss estimate (``stored.StoredEstimate``): computed with the company's
current settings, beside the inputs it came from; a repeat with unchanged inputs computes
nothing. Run by ``tasks`` (after a release or a settings change, and the hub's recompute)
and by the demo loader."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.loss.services import NoEmployees, company_estimate
from hrcare.loss.settings import company_parameters, company_settings
from hrcare.loss.stored import StoredEstimate
from hrcare.roster import services as roster
from hrcare.surveys import services as surveys


def estimate_inputs(session: Session, company: Any) -> dict[str, Any]:
    """Everything the company's default estimate depends on, as plain values."""
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
