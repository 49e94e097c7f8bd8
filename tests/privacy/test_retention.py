"""Retention: finished job records and built reports (rows and files) past the company's
retention period are removed by the job and by ``hrcare retention run``, with a fixed now."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.privacy import retention
from hrcare.reports.models import Report, ReportBatch
from tests.conftest import Tenant, sign_in

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def _run(company_id: int | None, status: str, at: datetime) -> JobRun:
    run = JobRun(
        id=str(uuid.uuid4()),
        kind="test",
        company_id=company_id,
        actor_id=None,
        status=status,
        created_at=at,
        updated_at=at,
    )
    db.session.add(run)
    db.session.flush()
    run.updated_at = at  # onupdate would move it
    db.session.flush()
    return run


def _report(app: Flask, company_id: int, at: datetime, status: str = "finished") -> Report:
    run = _run(company_id, status, at)
    report = Report(
        company_id=company_id,
        language="ja",
        inputs_key=uuid.uuid4().hex,
        job_run_id=run.id,
        created_at=at,
    )
    db.session.add(report)
    db.session.flush()
    store: Path = app.extensions["hrcare.settings"].file_store_path
    for suffix in ("pdf", "xlsx"):
        name = f"reports/{company_id}/{report.id}-test.{suffix}"
        (store / name).parent.mkdir(parents=True, exist_ok=True)
        (store / name).write_bytes(b"x")
        setattr(report, "file_name" if suffix == "pdf" else "workbook_name", name)
    db.session.flush()
    return report


def _ids(model: type) -> set:
    return set(db.session.scalars(select(model.id).execution_options(all_tenants=True)))  # type: ignore[attr-defined]


@pytest.fixture
def aged(app: Flask, tenant_a: Tenant, tenant_b: Tenant) -> dict[str, object]:
    a, b = tenant_a.company.id, tenant_b.company.id
    retention.set_months(db.session, actor_id=None, company_id=b, months=36)
    old, recent = NOW - timedelta(days=400), NOW - timedelta(days=30)
    world = {
        "old_a": _report(app, a, old),
        "recent_a": _report(app, a, recent),
        "old_b": _report(app, b, old),  # kept: tenant B keeps 36 months
        "building_a": _report(app, a, old, status="running"),  # kept: still being built
        "old_run": _run(a, "failed", old),
        "queued_run": _run(a, "queued", old),  # never removed: not done
        "platform_run": _run(None, "finished", old),
    }
    db.session.add(
        ReportBatch(hub_id=tenant_a.hub.id, language="ja", report_ids=[world["old_a"].id])  # type: ignore[attr-defined]
    )
    db.session.flush()
    return world


def test_removes_what_is_past_retention(app: Flask, aged: dict) -> None:
    store = app.extensions["hrcare.settings"].file_store_path
    old_files = [store / aged["old_a"].file_name, store / aged["old_a"].workbook_name]
    summary = retention.run(db.session, now=NOW, store=store)
    assert all(p.exists() for p in old_files)  # files wait for the commit
    retention.remove_files(summary)
    print(f"figure: retention removed rows = {summary.rows}, files = {summary.files}")
    assert (summary.reports, summary.files, summary.report_batches) == (1, 2, 1)
    # old_a's run, old_run and the platform run
    assert summary.job_runs == 3
    assert not any(p.exists() for p in old_files)
    reports = _ids(Report)
    assert aged["old_a"].id not in reports
    assert {aged["recent_a"].id, aged["old_b"].id, aged["building_a"].id} <= reports
    runs = _ids(JobRun)
    assert aged["queued_run"].id in runs and aged["old_run"].id not in runs
    assert (store / aged["recent_a"].file_name).exists()
    again = retention.run(db.session, now=NOW, store=store)
    assert again.rows == 0 and again.pending == []


def test_cli_prints_the_figures(app: Flask, aged: dict) -> None:
    result = app.test_cli_runner().invoke(args=["retention", "run", "--now", NOW.isoformat()])
    assert result.exit_code == 0, result.output
    assert (
        "removed 5 rows (job runs 3, reports 1, report batches 1, mail records 0), 2 files"
        in result.output
    )


def test_job_runs_inline(app: Flask, aged: dict) -> None:
    from hrcare.privacy.tasks import run_retention

    assert run_retention("run-id")["rows"] >= 5  # now = the real clock, past every old row


def test_months_before_clamps_to_month_end() -> None:
    assert retention.months_before(datetime(2026, 3, 31, tzinfo=UTC), 1).day == 28
    assert retention.months_before(datetime(2026, 1, 15, tzinfo=UTC), 12).year == 2025


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_setting_page_bounds(client: FlaskClient, tenant_a: Tenant, lang: str) -> None:
    sign_in(client, tenant_a.users[Role.HR_ADMIN], tenant_a.company)
    client.post("/language", data={"locale": lang})
    url = f"/c/{tenant_a.slug}/privacy/retention"
    page = client.get(url).get_data(as_text=True)
    assert 'value="12"' in page
    assert ("Retention period" in page) == (lang == "en")
    bad = client.post(url, data={"months": "0"}).get_data(as_text=True)
    assert ("1〜120" in bad) or ("1 to 120" in bad)
    assert retention.months_for(db.session, tenant_a.company.id) == 12
    assert client.post(url, data={"months": "24"}).status_code == 302
    assert retention.months_for(db.session, tenant_a.company.id) == 24


def test_cli_can_queue_the_job(app: Flask, aged: dict) -> None:
    result = app.test_cli_runner().invoke(args=["retention", "run", "--queue"])
    assert result.exit_code == 0 and "queued job" in result.output
    run = db.session.scalars(select(JobRun).where(JobRun.kind == "retention")).one()
    assert run.status == "finished" and run.result["rows"] >= 5  # inline without Redis
