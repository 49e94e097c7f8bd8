"""Logs and job records describe a failure without the data it failed on."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from hrcare.auth.models import User
from hrcare.core import jobs
from hrcare.core.jobs import JobRun
from hrcare.core.logsafe import JobFailed, describe
from hrcare.extensions import db
from tests.conftest import Tenant, sign_in

SECRET = "taro.yamada@example.jp"


def test_a_database_error_is_described_without_its_values(tenant_a: Tenant) -> None:
    db.session.add(User(email=SECRET))
    db.session.flush()
    with pytest.raises(IntegrityError) as caught:
        with db.session.begin_nested():
            db.session.add(User(email=SECRET))
            db.session.flush()
    assert SECRET in str(caught.value) or "UNIQUE" in str(caught.value).upper()
    text = describe(caught.value)
    assert text.startswith("IntegrityError") and SECRET not in text


def test_an_unexpected_page_error_is_logged_without_its_message(
    client, tenant_a: Tenant, monkeypatch, caplog
) -> None:
    from hrcare.core.roles import Role
    from hrcare.dashboard import services

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"failed for {SECRET}")

    monkeypatch.setattr(services, "company_summary", boom)
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    with caplog.at_level(logging.INFO):
        assert client.get(f"/c/{tenant_a.slug}/").status_code == 500
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "RuntimeError" in logged
    assert SECRET not in logged


def test_a_failing_job_leaves_no_personal_data_in_logs_or_its_record(
    app, tenant_a: Tenant, caplog
) -> None:
    run = jobs.enqueue(
        db.session,
        "t",
        "tests.core.jobs_fixtures.raise_with_personal_data",
        company_id=tenant_a.company.id,
        actor_id=None,
    )
    with caplog.at_level(logging.INFO):
        db.session.commit()
    run = db.session.get(JobRun, run.id)
    assert run.status == "failed" and run.error == "ValueError"
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "ValueError" in logged and SECRET not in logged and "山田" not in logged


def test_the_worker_sees_only_the_description(app, tenant_a: Tenant) -> None:
    run = jobs.enqueue(
        db.session,
        "t",
        "tests.core.jobs_fixtures.raise_with_personal_data",
        company_id=tenant_a.company.id,
        actor_id=None,
    )
    db.session.flush()
    with pytest.raises(JobFailed) as caught:
        jobs._execute(app, run.id, "tests.core.jobs_fixtures.raise_with_personal_data")
    assert "ValueError" in str(caught.value) and SECRET not in str(caught.value)
    assert caught.value.__suppress_context__
