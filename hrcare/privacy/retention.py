"""Retention: what is past the company's retention period is removed, rows and files.

Removed, per company, when older than its setting (``RetentionSettings.months``, default
12): finished or failed job runs, the record of mails sent (ids only), and built reports (the row, its PDF and its Excel workbook
— the only exports this app stores; every other export is streamed and never kept). Hub and
platform job runs follow the default. A hub batch goes once none of its reports is left.
Temporary files a killed worker left in the report folders (``.*.tmp``) go after a day.

Run by ``hrcare retention run`` (cron) or the ``hrcare.privacy.tasks.run_retention`` job. It
is idempotent: a second run with the same ``now`` removes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hrcare.core.jobs import JobRun
from hrcare.core.mail import MailDelivery
from hrcare.privacy import company_files
from hrcare.privacy.models import (
    DEFAULT_RETENTION_MONTHS,
    MAX_RETENTION_MONTHS,
    MIN_RETENTION_MONTHS,
    RetentionSettings,
)
from hrcare.reports.models import Report, ReportBatch
from hrcare.tenants.models import Company

TEMPORARY_FILE_AGE = timedelta(days=1)
DONE = ("finished", "failed")


class RetentionError(ValueError):
    pass


@dataclass
class RetentionSummary:
    job_runs: int = 0
    reports: int = 0
    report_batches: int = 0
    mail_deliveries: int = 0
    files: int = 0
    # Files of deleted rows, removed once the deletion is committed (``remove_files``).
    pending: list[Path] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.job_runs + self.reports + self.report_batches + self.mail_deliveries


def months_before(now: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (clamped to the month's end)."""
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(now.day, 27, -1):
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return now.replace(year=year, month=month, day=min(now.day, 28))


def months_for(session: Session, company_id: int) -> int:
    row = session.scalars(
        select(RetentionSettings).where(RetentionSettings.company_id == company_id)
    ).first()
    return row.months if row is not None else DEFAULT_RETENTION_MONTHS


def set_months(session: Session, *, actor_id: int | None, company_id: int, months: int) -> None:
    from hrcare.core import audit

    if not MIN_RETENTION_MONTHS <= months <= MAX_RETENTION_MONTHS:
        raise RetentionError(months)
    row = session.scalars(
        select(RetentionSettings).where(RetentionSettings.company_id == company_id)
    ).first()
    if row is None:
        row = RetentionSettings(company_id=company_id)
        session.add(row)
    row.months = months
    audit.record(
        session,
        actor_id=actor_id,
        company_id=company_id,
        action="privacy.retention_setting",
        object_type="company",
        object_id=company_id,
    )
    session.flush()


def _report_files(store: Path, report: Report) -> list[Path]:
    return [store / name for name in (report.file_name, report.workbook_name) if name]


def _remove(paths: list[Path]) -> int:
    removed = 0
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            continue
    return removed


def _company(session: Session, company_id: int, cutoff: datetime, store: Path) -> RetentionSummary:
    summary = RetentionSummary()
    active = select(JobRun.id).where(JobRun.status.not_in(DONE))
    reports = session.scalars(
        select(Report)
        .where(
            Report.company_id == company_id,
            Report.created_at < cutoff,
            # a report still being built stays until its job is done
            (Report.job_run_id.is_(None)) | (Report.job_run_id.not_in(active)),
        )
        .execution_options(all_tenants=True)
    ).all()
    files = [path for report in reports for path in _report_files(store, report)]
    if reports:
        session.execute(
            delete(Report)
            .where(Report.id.in_([r.id for r in reports]))
            .execution_options(synchronize_session=False)
        )
    summary.reports = len(reports)
    result = session.execute(
        delete(JobRun)
        .where(JobRun.company_id == company_id, JobRun.status.in_(DONE), JobRun.updated_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    summary.job_runs = result.rowcount or 0  # type: ignore[attr-defined]
    summary.mail_deliveries = _deliveries(session, MailDelivery.company_id == company_id, cutoff)
    session.flush()
    summary.pending = files
    return summary


def _deliveries(session: Session, where: Any, cutoff: datetime) -> int:
    """The record of mails sent (ids only) that kept a retried job from sending twice."""
    result = session.execute(
        delete(MailDelivery)
        .where(where, MailDelivery.created_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def _unscoped(session: Session, cutoff: datetime) -> int:
    """Hub and platform job runs, by the default period."""
    result = session.execute(
        delete(JobRun)
        .where(JobRun.company_id.is_(None), JobRun.status.in_(DONE), JobRun.updated_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def _empty_batches(session: Session) -> int:
    existing = set(session.scalars(select(Report.id).execution_options(all_tenants=True)))
    gone = [
        b.id for b in session.scalars(select(ReportBatch)) if not set(b.report_ids or []) & existing
    ]
    if gone:
        session.execute(delete(ReportBatch).where(ReportBatch.id.in_(gone)))
    return len(gone)


def _temporary_files(store: Path, now: datetime) -> int:
    folder = store / "reports"
    if not folder.is_dir():
        return 0
    limit = (now - TEMPORARY_FILE_AGE).timestamp()
    stale = [p for p in folder.glob("*/.*.tmp") if p.is_file() and p.stat().st_mtime < limit]
    return _remove(stale)


def run(session: Session, *, now: datetime, store: Path) -> RetentionSummary:
    """Delete the rows past retention (flushes, never commits). The caller commits, then
    calls ``remove_files``: a rolled-back deletion never loses a file its row still names."""
    total = RetentionSummary()
    for company_id in session.scalars(select(Company.id).order_by(Company.id)):
        cutoff = months_before(now, months_for(session, company_id))
        part = _company(session, company_id, cutoff, store)
        total.job_runs += part.job_runs
        total.mail_deliveries += part.mail_deliveries
        total.reports += part.reports
        total.pending += part.pending
    default_cutoff = months_before(now, DEFAULT_RETENTION_MONTHS)
    total.job_runs += _unscoped(session, default_cutoff)
    total.mail_deliveries += _deliveries(session, MailDelivery.company_id.is_(None), default_cutoff)
    total.report_batches = _empty_batches(session)
    total.files += _temporary_files(store, now)
    company_files.recover(session, store, now)  # a deletion a dead process left half done
    session.flush()
    return total


def remove_files(summary: RetentionSummary) -> RetentionSummary:
    """After the commit: remove the files of the deleted rows."""
    summary.files += _remove(summary.pending)
    summary.pending = []
    return summary
