"""A company's own loss parameters: read, save, reset (one ``LossSettings`` row).

Reached through ``hrcare.loss.services`` (which re-exports these functions), the
feature's one entry point for other features.  Everything here flushes, never
commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.core import jobs
from hrcare.core.audit import record
from hrcare.loss.models import DEFAULT_METHOD, DEFAULT_SEPARATION, LossSettings
from hrcare.loss.params import LossParameters
from hrcare.loss.validation import check_method

#: The job that stores the company's estimate after a change (``loss.tasks``; by name).
ESTIMATE_JOB_KIND = "loss.estimate"
ESTIMATE_JOB = "hrcare.loss.tasks.store_estimate_job"

__all__ = ["company_parameters", "company_settings", "reset_settings", "save_settings"]


def company_settings(session: Session, company_id: int) -> LossSettings | None:
    """The company's saved settings row, or ``None`` when it never saved any."""
    stmt = select(LossSettings).where(LossSettings.company_id == company_id)
    return session.scalars(stmt).first()


def company_parameters(session: Session, company_id: int) -> LossParameters:
    """METI's published set with the company's saved values applied.

    The result keeps the published name and version and lists the changed
    keys in ``overridden``, so every figure says which set it used.
    """
    row = company_settings(session, company_id)
    if row is None or not row.overrides:
        return LossParameters()
    return LossParameters().with_overrides(row.overrides)


def _store(
    session: Session,
    *,
    actor_id: int | None,
    company_id: int,
    now: datetime,
    action: str,
    overrides: dict[str, Any],
    method: str,
    separation: str,
) -> LossSettings:
    """Write the company's one settings row (created on first use) and audit who did it."""
    row = company_settings(session, company_id)
    if row is None:
        row = LossSettings(company_id=company_id)
        session.add(row)
    row.overrides = overrides
    row.method = method
    row.separation = separation
    row.updated_by_id = actor_id
    row.updated_at = now
    session.flush()
    record(
        session,
        actor_id=actor_id,
        company_id=company_id,
        action=action,
        object_type="loss_settings",
        object_id=row.id,
    )
    # The stored estimate (hub console) follows the new settings, after the commit.
    jobs.enqueue(
        session,
        ESTIMATE_JOB_KIND,
        ESTIMATE_JOB,
        company_id=company_id,
        actor_id=actor_id,
        args=(company_id,),
    )
    return row


def save_settings(
    session: Session,
    *,
    actor_id: int | None,
    company_id: int,
    values: Mapping[str, Any],
    method: str,
    separation: str,
    now: datetime,
) -> LossSettings:
    """Validate and store the company's parameters and default methods.

    ``values`` may hold any parameter by name (the settings form sends all of
    them); only those that differ from the published set are stored, so
    saving the defaults leaves the company on the plain ``meti-2030`` set.
    Raises ``ParameterError`` (naming the parameter) before anything is
    written.  The audit event records who changed the settings, not the values.
    """
    check_method(method, separation)
    params = LossParameters().with_overrides(values)
    effective = params.values()
    return _store(
        session,
        actor_id=actor_id,
        company_id=company_id,
        now=now,
        action="loss.settings.update",
        overrides={name: effective[name] for name in params.overridden},
        method=method,
        separation=separation,
    )


def reset_settings(
    session: Session, *, actor_id: int | None, company_id: int, now: datetime
) -> LossSettings:
    """Return to METI's published parameters and the default methods."""
    return _store(
        session,
        actor_id=actor_id,
        company_id=company_id,
        now=now,
        action="loss.settings.reset",
        overrides={},
        method=DEFAULT_METHOD,
        separation=DEFAULT_SEPARATION,
    )
