"""The background job that builds one executive report (ids only; idempotent).

A repeat delivery rebuilds the same files under the same names (atomic rename), so a
retried job after a killed worker leaves one consistent pair of files.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.jobs import set_progress
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.reports.build import build_report
from hrcare.reports.models import Report
from hrcare.reports.services import store_built
from hrcare.tenants.services import Company


def build_executive_report(run_id: str, report_id: int) -> dict[str, Any]:
    session = db.session
    report = session.get(Report, report_id)
    if report is None:
        raise LookupError(f"report {report_id} no longer exists")
    company = session.get(Company, report.company_id)
    if company is None:
        raise LookupError(f"company of report {report_id} no longer exists")
    set_current_company(session, company)
    set_progress(run_id, 5)
    built = build_report(
        session,
        company,
        language=report.language,
        today=today_jst(),
        progress=lambda value: set_progress(run_id, value),
    )
    report = session.get(Report, report_id)
    assert report is not None
    store_built(current_app.extensions["hrcare.settings"], report, built, utcnow())
    session.flush()
    return {"report_id": report_id, "pages": built.pages}
