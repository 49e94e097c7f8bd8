"""The hub-level 効果検証 PDF: requested from the effect page, built by a hub-owned job through
the app's one PDF path (``core.pdf.render_pdf``: bundled assets only), stored in the
file store under ``hub-reports/<hub>/``. Reading one checks its hub."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.core import jobs
from hrcare.core.actor import Actor
from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import force_locale
from hrcare.core.jobs import JobRun, set_progress
from hrcare.core.pdf import STYLESHEET, render_pdf
from hrcare.extensions import db
from hrcare.hubs import effect
from hrcare.hubs.models import HubReport
from hrcare.tenants import services as tenants

JOB_KIND = "hub.effect_report"
JOB_FUNC = "hrcare.hubs.hub_reports.build_effect_report"
LANGUAGES = ("ja", "en")


def request_report(session: Session, actor: Actor, *, language: str, now: datetime) -> HubReport:
    if actor.hub_id is None or language not in LANGUAGES:
        raise LookupError("no hub or language")
    report = HubReport(
        hub_id=actor.hub_id, language=language, requested_by_id=actor.user_id, created_at=now
    )
    session.add(report)
    session.flush()
    run = jobs.enqueue(
        session,
        JOB_KIND,
        JOB_FUNC,
        hub_id=actor.hub_id,
        actor_id=actor.user_id,
        args=(report.id,),
        timeout=600,
    )
    report.job_run_id = run.id
    session.flush()
    return report


def hub_report(session: Session, hub_id: int | None, report_id: int) -> HubReport | None:
    """The hub's own report, or None (another hub's answers as missing)."""
    return session.scalars(
        select(HubReport).where(HubReport.id == report_id, HubReport.hub_id == hub_id)
    ).first()


def status(session: Session, report: HubReport) -> str:
    run = session.get(JobRun, report.job_run_id) if report.job_run_id else None
    return run.status if run is not None else "failed"


def file_path(report: HubReport) -> Path | None:
    if not report.file_name:
        return None
    path = Path(current_app.extensions["hrcare.settings"].file_store_path) / report.file_name
    return path if path.is_file() else None


def render_html(session: Session, hub_id: int, language: str) -> str:
    hub = tenants.hub_by_id(session, hub_id)
    template = current_app.jinja_env.get_template("hubs/effect_pdf.html")
    return template.render(
        hub=hub,
        result=effect.hub_effect(session, hub_id),
        labels=effect.LABELS,
        better=effect.BETTER,
        language=language,
        today=today_jst(),
        stylesheet=STYLESHEET,
    )


def build_effect_report(run_id: str, report_id: int) -> dict[str, Any]:
    """The job (ids only; a repeat rewrites the same file atomically)."""
    session = db.session
    report = session.get(HubReport, report_id)
    if report is None:
        raise LookupError(f"hub report {report_id} no longer exists")
    set_progress(run_id, 10)
    with force_locale(report.language):
        html = render_html(session, report.hub_id, report.language)
    set_progress(run_id, 40)
    pdf, pages = render_pdf(html)
    name = Path("hub-reports") / str(report.hub_id) / f"{report.id}.pdf"
    path = Path(current_app.extensions["hrcare.settings"].file_store_path) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(pdf)
    os.replace(temporary, path)
    report = session.get(HubReport, report_id)
    assert report is not None
    report.file_name, report.pages, report.finished_at = name.as_posix(), pages, utcnow()
    session.flush()
    return {"hub_report_id": report_id, "pages": pages}
