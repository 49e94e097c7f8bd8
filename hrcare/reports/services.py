"""Requesting, building and storing executive reports (the feature's entry point).

A report is keyed by its inputs: the same inputs (company, the releases read, parameter
set, methods, threshold, roster state, what the plan section says, language, format) find
the existing report — a double
click, or a hub batch after a company's own request, builds nothing twice. A report whose
job failed, or whose files are gone from the store, is built again on the next request.
Services flush, never commit; views commit and the job is dispatched after the commit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core import files, jobs
from hrcare.core.actor import Actor
from hrcare.core.clock import JST, today_jst
from hrcare.core.jobs import JobRun, is_delayed
from hrcare.loss import services as loss
from hrcare.reports.build import BuiltReport, check_language
from hrcare.reports.content import FORMAT_VERSION
from hrcare.reports.models import Report, ReportBatch
from hrcare.reports.sources import released_survey
from hrcare.roster import services as roster
from hrcare.surveys import services as surveys
from hrcare.tenants import services as tenants
from hrcare.tenants.services import Company

JOB_KIND = "report.executive"
JOB_FUNC = "hrcare.reports.tasks.build_executive_report"
#: Hard limit for one report in a worker (the 3,000-employee company takes about 2 s).
JOB_TIMEOUT_SECONDS = 300
FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_inputs(
    session: Session, company: Company, language: str, today: date | None = None
) -> dict[str, Any]:
    """Everything the report's content depends on, as plain values: the releases it reads
    (never the answers), the parameters, the roster and what the plan section says today."""
    day = today or today_jst()
    survey = surveys.latest_survey_for_loss(session, company.id)
    released = released_survey(session, company)
    params = loss.company_parameters(session, company.id)
    settings = loss.company_settings(session, company.id)
    return {
        "format": FORMAT_VERSION,
        "kind": "executive",
        "company": [company.id, company.name, company.anonymity_threshold],
        "language": language,
        "survey": [survey.id, str(survey.closed_at)] if survey is not None else None,
        "survey_title": (survey.title_en or survey.title if language == "en" else survey.title)
        if survey is not None
        else None,
        "parameter_set": params.parameter_set(),
        "parameters": params.values(),
        "methods": [settings.method, settings.separation] if settings else None,
        "release": released.release_key if released is not None else None,
        "roster": roster.roster_version(session, company.id),
        "plan": checklists.plan_status(session, company, day).digest(),
        "cover": tenants.report_cover(session, company, language),
    }


def inputs_key(inputs: dict[str, Any]) -> str:
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def request_report(
    session: Session, actor: Actor, company: Company, *, language: str, now: datetime
) -> Report:
    """The report for these inputs: the existing one, or a new one queued for building."""
    check_language(language)
    inputs = report_inputs(session, company, language, today_jst(now))
    key = inputs_key(inputs)
    report = session.scalars(
        select(Report).where(Report.company_id == company.id, Report.inputs_key == key)
    ).first()
    if report is not None:
        run = session.get(JobRun, report.job_run_id) if report.job_run_id else None
        if (
            run is not None
            and run.status != "failed"
            and (run.status != "finished" or _stored(report))
        ):
            return report
    else:
        report = Report(
            company_id=company.id,
            kind="executive",
            language=language,
            inputs_key=key,
            survey_id=inputs["survey"][0] if inputs["survey"] else None,
            survey_title=inputs["survey_title"],
            parameter_set=inputs["parameter_set"],
            requested_by_id=actor.user_id,
            created_at=now,
        )
        session.add(report)
        session.flush()
    report.file_name = report.workbook_name = None
    report.finished_at = None
    run = jobs.enqueue(
        session,
        JOB_KIND,
        JOB_FUNC,
        company_id=company.id,
        actor_id=actor.user_id,
        args=(report.id,),
        timeout=JOB_TIMEOUT_SECONDS,
    )
    report.job_run_id = run.id
    session.flush()
    return report


@dataclass(frozen=True)
class ReportRow:
    report: Report
    status: str  # queued | running | finished | failed
    progress: int
    # The survey's (Japanese, English) titles while it exists; the report itself keeps the
    # title in the language it was written in.
    titles: tuple[str, str | None] | None = None
    delayed: bool = False  # queued while the job queue was unavailable
    storage_error: bool = False  # failed: the file store could not take the files

    @property
    def created_jst(self) -> str:
        return self.report.created_at.astimezone(JST).strftime("%Y-%m-%d %H:%M")

    def survey_title(self, locale: str) -> str | None:
        """The survey the figures came from, named in the reader's language."""
        if self.titles is None:
            return self.report.survey_title
        title, title_en = self.titles
        return (title_en or title) if locale == "en" else title


def row(
    session: Session, report: Report, titles: dict[int, tuple[str, str | None]] | None = None
) -> ReportRow:
    if titles is None and report.survey_id is not None:
        titles = surveys.survey_titles(session, report.company_id, [report.survey_id])
    named = (titles or {}).get(report.survey_id) if report.survey_id is not None else None
    run = session.get(JobRun, report.job_run_id) if report.job_run_id else None
    if run is None:
        return ReportRow(report, "finished" if report.file_name else "failed", 100, named)
    return ReportRow(
        report,
        run.status,
        run.progress,
        named,
        delayed=is_delayed(run),
        storage_error=run.status == "failed" and run.error == "StoreUnavailable",
    )


def history(session: Session, company_id: int) -> list[ReportRow]:
    reports = list(
        session.scalars(
            select(Report)
            .where(Report.company_id == company_id)
            .order_by(Report.created_at.desc(), Report.id.desc())
        )
    )
    ids = sorted({r.survey_id for r in reports if r.survey_id is not None})
    titles = surveys.survey_titles(session, company_id, ids)
    return [row(session, report, titles) for report in reports]


# --- the file store ------------------------------------------------------------------------


def _store(app_settings: Any) -> Path:
    return Path(app_settings.file_store_path)


def _stored(report: Report) -> bool:
    from flask import current_app

    settings = current_app.extensions["hrcare.settings"]
    return bool(report.file_name) and (_store(settings) / str(report.file_name)).is_file()


def store_built(settings: Any, report: Report, built: BuiltReport, now: datetime) -> None:
    """Write the files (atomically: temporary file, then rename) and record them."""
    folder = Path("reports") / str(report.company_id)
    stem = f"{report.id}-{report.inputs_key[:16]}"
    names = {"pdf": folder / f"{stem}.pdf", "xlsx": folder / f"{stem}.xlsx"}
    written = []
    try:
        for kind, body in (("pdf", built.pdf), ("xlsx", built.workbook)):
            files.write_atomically(_store(settings) / names[kind], body)
            written.append(_store(settings) / names[kind])
    except files.StoreUnavailable:
        # Disk full or the store unwritable: no half pair is left; the job fails and the
        # report page says why (``ReportRow.storage_error``).
        for path in written:
            path.unlink(missing_ok=True)
        raise
    report.file_name = names["pdf"].as_posix()
    report.workbook_name = names["xlsx"].as_posix()
    report.pages = built.pages
    report.size_bytes = len(built.pdf)
    report.finished_at = now


def file_path(settings: Any, report: Report, kind: str) -> Path | None:
    """The stored file of a finished report (``pdf`` or ``xlsx``), or None."""
    name = report.file_name if kind == "pdf" else report.workbook_name if kind == "xlsx" else None
    if not name:
        return None
    path = _store(settings) / name
    return path if path.is_file() else None


# --- hub batches --------------------------------------------------------------------------


def request_batch(session: Session, actor: Actor, *, language: str, now: datetime) -> ReportBatch:
    """One report per client company of the actor's hub (each a job of its company)."""
    check_language(language)
    if actor.hub_id is None:
        raise LookupError("not a hub operator")
    companies = session.scalars(
        select(Company).where(Company.hub_id == actor.hub_id).order_by(Company.slug)
    ).all()
    ids = []
    for company in companies:
        ids.append(request_report(session, actor, company, language=language, now=now).id)
    batch = ReportBatch(
        hub_id=actor.hub_id,
        language=language,
        report_ids=ids,
        requested_by_id=actor.user_id,
        created_at=now,
    )
    session.add(batch)
    session.flush()
    return batch


@dataclass(frozen=True)
class BatchStatus:
    batch: ReportBatch
    rows: list[tuple[Company, ReportRow]]
    progress: int
    done: bool


def batch_status(session: Session, batch: ReportBatch) -> BatchStatus:
    reports = session.scalars(
        select(Report)
        .join(Company, Company.id == Report.company_id)
        .where(Report.id.in_(batch.report_ids or [-1]), Company.hub_id == batch.hub_id)
        .execution_options(all_tenants=True)
    ).all()
    rows = [(session.get(Company, r.company_id), row(session, r)) for r in reports]
    rows.sort(key=lambda pair: pair[0].slug)  # type: ignore[union-attr]
    progress = (
        round(sum(r.progress if r.status != "failed" else 100 for _, r in rows) / len(rows))
        if rows
        else 100
    )
    done = all(r.status in ("finished", "failed") for _, r in rows)
    return BatchStatus(batch, rows, progress, done)  # type: ignore[arg-type]
