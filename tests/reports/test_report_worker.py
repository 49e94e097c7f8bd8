"""The report job in a real ``hrcare worker`` process on Redis: built, retried after a
killed worker, and queued with its hard time limit (SECURITY.md item 15)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import redis
from flask import Flask
from rq.job import Job
from sqlalchemy import create_engine, delete
from sqlalchemy.orm import Session

from hrcare.core import jobs
from hrcare.core.jobs import JobRun
from hrcare.extensions import db
from hrcare.reports.models import Report
from hrcare.reports.services import JOB_FUNC, JOB_TIMEOUT_SECONDS
from hrcare.roster.models import Employee
from hrcare.tenants.models import Company
from tests.conftest import TEST_REDIS_URL
from tests.core.test_jobs import _run_worker


@pytest.fixture
def redis_app(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    conn = redis.Redis.from_url(TEST_REDIS_URL)
    conn.flushdb()
    settings = dataclasses.replace(
        app.extensions["hrcare.settings"],
        redis_url=TEST_REDIS_URL,
        job_max_retries=1,
        job_retry_seconds=0,
    )
    monkeypatch.setitem(app.extensions, "hrcare.settings", settings)
    monkeypatch.setitem(app.extensions, "hrcare.redis", conn)
    yield app
    conn.flushdb()


@pytest.fixture
def committed_report(app: Flask) -> Iterator[tuple[int, str]]:
    """A committed company with 12 employees, a report row and its job run (the worker is
    another process and sees committed rows only)."""
    engine = create_engine(db.engine.url)  # type: ignore[union-attr]
    with Session(engine) as s:
        company = Company(slug=f"rep-{uuid.uuid4().hex[:8]}", name="レポート試験株式会社")
        s.add(company)
        s.flush()
        for n in range(12):
            s.add(
                Employee(
                    company_id=company.id,
                    employee_number=f"R{n:03d}",
                    name=f"社員{n}",
                    birth_date=date(1970 + n, 4, 1),
                )
            )
        run_id = str(uuid.uuid4())
        s.add(JobRun(id=run_id, kind="report.executive", company_id=company.id))
        s.flush()
        report = Report(company_id=company.id, language="ja", inputs_key=run_id, job_run_id=run_id)
        s.add(report)
        s.commit()
        ids = (company.id, report.id, run_id)
    yield ids[1], ids[2]
    with Session(engine) as s:
        s.execute(delete(Report).where(Report.company_id == ids[0]))
        s.execute(delete(JobRun).where(JobRun.company_id == ids[0]))
        s.execute(delete(Employee).where(Employee.company_id == ids[0]))
        s.execute(delete(Company).where(Company.id == ids[0]))
        s.commit()
    engine.dispose()


def _state(report_id: int, run_id: str) -> tuple[str, int, str | None]:
    engine = create_engine(db.engine.url)  # type: ignore[union-attr]
    with Session(engine) as s:
        run = s.get(JobRun, run_id)
        report = s.get(Report, report_id)
        assert run is not None and report is not None
        state = (run.status, run.attempts, report.file_name)
    engine.dispose()
    return state


def _store(app: Flask) -> Path:
    return Path(app.extensions["hrcare.settings"].file_store_path)


def test_worker_builds_the_report_with_its_time_limit(
    redis_app: Flask, committed_report: tuple[int, str]
) -> None:
    report_id, run_id = committed_report
    jobs._dispatch(redis_app, run_id, JOB_FUNC, (report_id,), JOB_TIMEOUT_SECONDS)
    queued = Job.fetch(run_id, connection=redis_app.extensions["hrcare.redis"])
    assert queued.timeout == JOB_TIMEOUT_SECONDS
    proc = _run_worker(redis_app)
    status, attempts, file_name = _state(report_id, run_id)
    assert (status, attempts) == ("finished", 1), proc.stderr[-2000:]
    assert file_name and (_store(redis_app) / file_name).read_bytes().startswith(b"%PDF")


def test_killed_worker_report_is_retried_and_built(
    redis_app: Flask, committed_report: tuple[int, str]
) -> None:
    report_id, run_id = committed_report
    func = "tests.reports.worker_fixtures.crash_then_build"
    jobs._dispatch(redis_app, run_id, func, (report_id,), JOB_TIMEOUT_SECONDS)
    proc = _run_worker(redis_app)
    status, attempts, file_name = _state(report_id, run_id)
    assert (status, attempts) == ("finished", 2), proc.stderr[-2000:]
    assert file_name and (_store(redis_app) / file_name).is_file()
