"""The job that stores a company's loss estimate (ids only; idempotent: unchanged inputs
compute nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import g, has_app_context
from sqlalchemy import select

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.jobs import set_progress
from hrcare.core.tenancy import clear_current_company, set_current_company
from hrcare.extensions import db
from hrcare.loss.estimates import store_estimate
from hrcare.tenants.services import Company


@contextmanager
def _in_company(session: Any, company: Company) -> Iterator[None]:
    """The company as the tenant while the job runs, and whatever was in force before
    afterwards: run inline after a request's commit, the job must not leave its company
    as the request's (the page would then render another tenant)."""
    before = g.get("company") if has_app_context() else None
    set_current_company(session, company)
    try:
        yield
    finally:
        if before is not None:
            set_current_company(session, before)
        else:
            clear_current_company(session)


def store_estimate_job(run_id: str, company_id: int) -> dict[str, Any]:
    session = db.session
    company = session.get(Company, company_id)
    if company is None:
        return {"company_id": company_id, "computed": False}
    with _in_company(session, company):
        now = utcnow()
        computed = store_estimate(session, company, today=today_jst(now), now=now)
        session.flush()
    return {"company_id": company_id, "computed": computed}


def store_estimates_job(run_id: str, hub_id: int) -> dict[str, Any]:
    """Every client of a hub (the console's "recompute" button): stale ones only."""
    session = db.session
    ids = list(session.scalars(select(Company.id).where(Company.hub_id == hub_id)))
    computed = 0
    for n, company_id in enumerate(ids, 1):
        company = session.get(Company, company_id)
        if company is None:
            continue
        with _in_company(session, company):
            now = utcnow()
            computed += store_estimate(session, company, today=today_jst(now), now=now)
        set_progress(run_id, round(100 * n / len(ids)))
    return {"hub_id": hub_id, "computed": computed}
