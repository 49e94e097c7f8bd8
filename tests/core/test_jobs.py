"""Jobs: inline without Redis; with Redis, a real ``hrcare worker`` process runs them.

SECURITY.md item 15: at-least-once with idempotent effects; a killed worker's job is retried
or marked failed, never lost silently; job arguments carry ids, not personal data.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from sqlalchemy import create_engine, delete
from sqlalchemy.orm import Session

from hrcare.core import jobs
from hrcare.core.jobs import JobRun
from hrcare.extensions import db
from hrcare.tenants.models import Company
from tests.conftest import TEST_REDIS_URL, Tenant

ROOT = Path(__file__).resolve().parents[2]


def test_inline_job_runs_after_commit(app: Flask, tenant_a: Tenant) -> None:
    run = jobs.enqueue(
        db.session,
        "health",
        "hrcare.core.tasks.health_check",
        company_id=tenant_a.company.id,
        actor_id=None,
    )
    assert db.session.get(JobRun, run.id).status == "queued"  # nothing before the commit
    db.session.commit()
    run = db.session.get(JobRun, run.id)
    assert run.status == "finished" and run.progress == 100 and run.result["ok"] is True


def test_inline_job_failure_is_recorded(app: Flask, tenant_a: Tenant) -> None:
    run = jobs.enqueue(
        db.session,
        "boom",
        "tests.core.jobs_fixtures.raise_error",
        company_id=tenant_a.company.id,
        actor_id=None,
    )
    db.session.commit()
    run = db.session.get(JobRun, run.id)
    assert run.status == "failed" and run.error == "RuntimeError"


def test_rolled_back_job_never_runs(app: Flask, tenant_a: Tenant) -> None:
    run = jobs.enqueue(
        db.session,
        "health",
        "hrcare.core.tasks.health_check",
        company_id=tenant_a.company.id,
        actor_id=None,
    )
    run_id = run.id
    db.session.rollback()
    assert db.session.get(JobRun, run_id) is None


@pytest.mark.parametrize("bad", ["山田太郎 <taro@example.jp>", 3.5, ("x",), "x" * 65])
def test_job_arguments_must_be_ids(app: Flask, tenant_a: Tenant, bad: object) -> None:
    with pytest.raises(TypeError):
        jobs.enqueue(
            db.session,
            "health",
            "hrcare.core.tasks.health_check",
            company_id=tenant_a.company.id,
            actor_id=None,
            args=(bad,),
        )  # type: ignore[arg-type]


def test_only_hrcare_functions_run(app: Flask) -> None:
    with pytest.raises(ValueError):
        jobs.resolve("os.system")


def test_unreachable_redis_delays_the_run_instead_of_failing_the_request(
    app: Flask, tenant_a: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change is committed before the job is queued: a Redis outage must not turn saved
    work into an error page. The run stays queued, marked delayed, with what to run, so it is
    queued again once Redis answers (tests/reliability: the live version)."""
    down = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings = dataclasses.replace(app.extensions["hrcare.settings"], redis_url=down)
    monkeypatch.setitem(app.extensions, "hrcare.settings", settings)
    monkeypatch.setitem(
        app.extensions, "hrcare.redis", redis.Redis.from_url(down, socket_connect_timeout=2)
    )
    run = jobs.enqueue(
        db.session,
        "health",
        "hrcare.core.tasks.health_check",
        company_id=tenant_a.company.id,
        actor_id=None,
    )
    db.session.commit()
    run = db.session.get(JobRun, run.id)
    assert run.status == "queued" and jobs.is_delayed(run)
    assert (run.func, run.args) == ("hrcare.core.tasks.health_check", [])


# --- with Redis and a real worker process ---------------------------------------------


@pytest.fixture
def redis_app(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    conn = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2)
    try:
        conn.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("HRCARE_REQUIRE_REDIS") == "1":
            pytest.fail(
                f"Redis is required (HRCARE_REQUIRE_REDIS=1) but not reachable at {TEST_REDIS_URL}"
            )
        pytest.skip(f"Redis not reachable at {TEST_REDIS_URL}: the worker tests were not run")
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
def committed_company(app: Flask) -> Iterator[int]:
    """The worker is another process: it needs rows that are really committed."""
    engine = create_engine(db.engine.url)  # type: ignore[union-attr]
    slug = f"jobs-{uuid.uuid4().hex[:8]}"
    with Session(engine) as s:
        company = Company(slug=slug, name="ジョブ試験")
        s.add(company)
        s.commit()
        company_id = company.id
    yield company_id
    with Session(engine) as s:
        s.execute(delete(JobRun).where(JobRun.company_id == company_id))
        s.execute(delete(Company).where(Company.id == company_id))
        s.commit()
    engine.dispose()


def _enqueue_committed(company_id: int, func: str) -> str:
    engine = create_engine(db.engine.url)  # type: ignore[union-attr]
    run_id = str(uuid.uuid4())
    with Session(engine) as s:
        s.add(JobRun(id=run_id, kind="test", company_id=company_id))
        s.commit()
    engine.dispose()
    return run_id


def _run_worker(app: Flask) -> subprocess.CompletedProcess[str]:
    settings = app.extensions["hrcare.settings"]
    env = dict(os.environ)
    env.update(
        HRCARE_ENV="test",
        HRCARE_DATABASE_URL=str(db.engine.url.render_as_string(hide_password=False)),  # type: ignore[union-attr]
        HRCARE_REDIS_URL=TEST_REDIS_URL,
        HRCARE_SECRET_KEY=settings.secret_key,
        HRCARE_INSTANCE_PATH=settings.instance_path,
        PYTHONPATH=str(ROOT),
    )
    return subprocess.run(
        [sys.executable, "-m", "hrcare.cli", "worker", "--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _status(run_id: str) -> tuple[str, int]:
    engine = create_engine(db.engine.url)  # type: ignore[union-attr]
    with Session(engine) as s:
        run = s.get(JobRun, run_id)
        assert run is not None
        result = (run.status, run.attempts)
    engine.dispose()
    return result


def test_worker_process_runs_the_job(redis_app: Flask, committed_company: int) -> None:
    run_id = _enqueue_committed(committed_company, "hrcare.core.tasks.health_check")
    jobs._dispatch(redis_app, run_id, "hrcare.core.tasks.health_check", ())
    proc = _run_worker(redis_app)
    assert _status(run_id) == ("finished", 1), proc.stderr[-2000:]


def test_killed_worker_job_is_retried(redis_app: Flask, committed_company: int) -> None:
    func = "tests.core.jobs_fixtures.crash_on_first_attempt"
    run_id = _enqueue_committed(committed_company, func)
    jobs._dispatch(redis_app, run_id, func, ())
    proc = _run_worker(redis_app)
    assert _status(run_id) == ("finished", 2), proc.stderr[-2000:]


def test_killed_worker_job_without_retries_left_is_marked_failed(
    redis_app: Flask, committed_company: int
) -> None:
    func = "tests.core.jobs_fixtures.always_crash"
    run_id = _enqueue_committed(committed_company, func)
    jobs._dispatch(redis_app, run_id, func, ())
    proc = _run_worker(redis_app)
    status, attempts = _status(run_id)
    assert status == "failed" and attempts == 2, proc.stderr[-2000:]
