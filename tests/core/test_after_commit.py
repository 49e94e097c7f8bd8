"""After-commit work: jobs and mails run when the unit of work commits and are dropped when it
rolls back, whichever way that happens (plain ``session.commit()``, ``rollback()``, a
savepoint's rollback, ``close()``). The session events in ``core.db`` do it, not a helper."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from hrcare.auth import services as auth
from hrcare.core import jobs
from hrcare.core.db import after_commit
from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant


def _health(tenant: Tenant) -> str:
    run = jobs.enqueue(
        db.session,
        "health",
        "hrcare.core.tasks.health_check",
        company_id=tenant.company.id,
        actor_id=None,
    )
    return run.id


def _finished_runs() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(JobRun.id).where(JobRun.status == "finished")))


def test_a_plain_session_commit_runs_the_queued_job(app: Flask, tenant_a: Tenant) -> None:
    run_id = _health(tenant_a)
    assert _finished_runs() == []
    db.session.commit()
    assert _finished_runs() == [run_id]


def test_a_plain_rollback_drops_the_queued_job(app: Flask, tenant_a: Tenant) -> None:
    _health(tenant_a)
    db.session.rollback()
    db.session.commit()  # the next commit must not run what the rollback dropped
    assert db.session.scalars(select(JobRun)).all() == []


def test_callbacks_run_once_and_in_order(app: Flask, tenant_a: Tenant) -> None:
    ran: list[str] = []
    tenant_a.company.name = "変更"
    after_commit(db.session, lambda: ran.append("first"))
    after_commit(db.session, lambda: ran.append("second"))
    db.session.commit()
    db.session.commit()
    assert ran == ["first", "second"]


def test_a_savepoint_commit_is_not_the_commit(app: Flask, tenant_a: Tenant) -> None:
    ran: list[str] = []
    with db.session.begin_nested():
        after_commit(db.session, lambda: ran.append("inner"))
    assert ran == []
    db.session.commit()
    assert ran == ["inner"]


def test_a_rolled_back_savepoint_drops_only_its_own_work(app: Flask, tenant_a: Tenant) -> None:
    ran: list[str] = []
    after_commit(db.session, lambda: ran.append("outer"))
    nested = db.session.begin_nested()
    after_commit(db.session, lambda: ran.append("inner"))
    inner = db.session.begin_nested()
    after_commit(db.session, lambda: ran.append("innermost"))
    inner.commit()
    nested.rollback()  # takes the committed innermost savepoint with it
    db.session.commit()
    assert ran == ["outer"]


def test_closing_the_session_drops_the_queue(app: Flask, tenant_a: Tenant) -> None:
    ran: list[str] = []
    after_commit(db.session, lambda: ran.append("lost"))
    db.session.close()
    db.session.commit()
    assert ran == []


def test_a_failing_callback_does_not_undo_the_commit(app: Flask, tenant_a: Tenant) -> None:
    ran: list[str] = []

    def boom() -> None:
        raise RuntimeError("boom")

    tenant_a.company.name = "残る名前"
    after_commit(db.session, boom)
    after_commit(db.session, lambda: ran.append("after"))
    db.session.commit()
    assert ran == ["after"]
    db.session.expire_all()
    assert tenant_a.company.name == "残る名前"


def test_a_mail_goes_out_on_a_plain_commit(app: Flask, sent_mail: list, tenant_a: Tenant) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    with app.test_request_context():
        auth.invite_user(db.session, user, actor_id=None)
        assert sent_mail == []
        db.session.commit()
    assert [m.to for m in sent_mail] == [user.email]


def test_a_mail_is_dropped_on_a_plain_rollback(
    app: Flask, sent_mail: list, tenant_a: Tenant
) -> None:
    with app.test_request_context():
        auth.invite_user(db.session, tenant_a.users[Role.EMPLOYEE], actor_id=None)
        db.session.rollback()
        db.session.commit()
    assert sent_mail == []


def test_an_inline_job_runs_outside_the_committing_session(app: Flask, tenant_a: Tenant) -> None:
    """The job gets a session of its own; the caller's sees the job's outcome afterwards."""
    caller = db.session()
    run = jobs.enqueue(
        db.session,
        "which-session",
        "tests.core.jobs_fixtures.session_identity",
        company_id=tenant_a.company.id,
        actor_id=None,
    )
    db.session.commit()
    assert db.session() is caller
    run = db.session.get(JobRun, run.id)
    assert run.status == "finished"
    assert run.result["session"] != id(caller)
