"""Background jobs: RQ on Redis in production, inline in the embedded default.

A ``JobRun`` row (id = RQ job id) is what the UI polls; it belongs to a scope (a company, a
hub, or the platform: ``core.scope``), so a hub batch or a platform mail is an ordinary job,
and reading a company's run goes through the tenant-scoped getter. Job functions take ids only (never ORM objects or
personal data), must be idempotent (RQ delivers at least once: a killed worker's job is
retried), and report progress through ``set_progress``.
"""

from __future__ import annotations

import importlib
import logging
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import JSON, ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from hrcare.core.db import Base, TenantMixin, after_commit, utcnow
from hrcare.core.logsafe import JobFailed, describe
from hrcare.core.scope import ScopedMixin

log = logging.getLogger(__name__)

QUEUE_NAME = "hrcare"
JOB_STATUSES = ("queued", "running", "finished", "failed")


class JobRun(ScopedMixin, TenantMixin, Base):
    __tablename__ = "job_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[int] = mapped_column(default=0)
    attempts: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(String(500))
    # What to run (a dotted path and its id arguments): a run that could not be queued while
    # Redis was down is queued again from these (``requeue_delayed``).
    func: Mapped[str | None] = mapped_column(String(200))
    args: Mapped[list[Any] | None] = mapped_column(JSON)
    timeout: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


JobArg = int | str | None
_CODE = re.compile(r"[A-Za-z0-9_.:-]{1,64}")


def enqueue(
    session: Session,
    kind: str,
    func: str,
    *,
    company_id: int | None = None,
    hub_id: int | None = None,
    actor_id: int | None,
    args: tuple[JobArg, ...] = (),
    timeout: int | None = None,
) -> JobRun:
    """Record a job run and dispatch it after the commit.

    The run belongs to ``company_id``, or ``hub_id``, or (neither) the platform.

    ``func`` is a dotted path (``hrcare.roster.tasks.import_roster``); ``args`` are ids or short
    codes. Personal data must not be passed: the function loads what it needs. ``timeout``
    (seconds) is the hard time limit in a worker; the default is ``JOB_TIMEOUT_SECONDS``.
    """
    _check_args(args)
    if company_id is not None and hub_id is not None:
        raise ValueError("a job run belongs to a company or a hub, not both")
    run = JobRun(
        id=str(uuid.uuid4()),
        kind=kind,
        company_id=company_id,
        hub_id=hub_id,
        actor_id=actor_id,
        func=func,
        args=list(args),
        timeout=timeout,
    )
    session.add(run)
    session.flush()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_id = run.id
    after_commit(session, lambda: _dispatch(app, run_id, func, args, timeout, caller=session))
    return run


def _check_args(args: tuple[JobArg, ...]) -> None:
    for arg in args:
        if not (
            arg is None or isinstance(arg, int) or (isinstance(arg, str) and _CODE.fullmatch(arg))
        ):
            raise TypeError("job arguments must be ids or short codes, never personal data")


def _dispatch(
    app: Flask,
    run_id: str,
    func: str,
    args: tuple[JobArg, ...],
    timeout: int | None = None,
    *,
    caller: Session | None = None,
) -> bool:
    """Queue the run (or run it inline without Redis); False when Redis could not take it."""
    settings = app.extensions["hrcare.settings"]
    db = app.extensions["hrcare.db"]
    if not settings.redis_url:
        # Inline, as a worker would: in a session of its own, the caller's being mid-commit.
        with db.separate_session(), app.app_context():
            try:
                execute(run_id, func, *args)
            except Exception:  # recorded on the job run; the request goes on
                log.warning("inline job %s failed", run_id)
        if caller is not None:
            caller.expire_all()  # what the job changed is read afresh by the caller
        return True
    from rq import Queue, Retry

    retry = None
    if settings.job_max_retries:
        retry = Retry(max=settings.job_max_retries, interval=settings.job_retry_seconds)
    try:
        queue = Queue(QUEUE_NAME, connection=redis_connection(app))
        queue.enqueue(
            execute,
            run_id,
            func,
            *args,
            job_id=run_id,
            job_timeout=timeout or settings.job_timeout_seconds,
            failure_ttl=settings.failed_job_ttl_seconds,
            result_ttl=24 * 3600,
            retry=retry,
        )
    except Exception as exc:
        # Redis is unreachable, typically. The caller's change is already committed, so raising
        # would show an error page for saved work. The run stays "queued", marked delayed
        # (the page polling it says so), and is queued again once Redis answers
        # (``requeue_delayed``: the worker does it at start and every maintenance round, and
        # ``hrcare jobs requeue`` from cron). Nothing is lost (SECURITY.md item 15).
        log.error("job %s could not be queued: %s", run_id, describe(exc))
        try:
            with db.session_factory() as session:
                run = session.get(JobRun, run_id)
                if run is not None and run.status == "queued":
                    run.error = f"{DELAYED}: {type(exc).__name__}"
                    session.commit()
        except Exception:  # noqa: BLE001 - the database may be down too; the sweep finds it
            log.error("job %s: the delay could not be recorded", run_id)
        if caller is not None:
            caller.expire_all()
        return False
    return True


DELAYED = "delayed"
#: A queued run this old that RQ does not hold is queued again (younger ones may be in flight
#: between the commit and the dispatch).
REQUEUE_AFTER = timedelta(seconds=30)


def is_delayed(run: JobRun) -> bool:
    return run.status == "queued" and (run.error or "").startswith(DELAYED)


def requeue_delayed(app: Flask, *, now: datetime | None = None) -> int:
    """Queue again every queued run that RQ does not hold (Redis was down or lost its data
    when it was dispatched). Returns how many were queued. Safe to call from several
    processes: a run is executed once (``_execute`` skips a finished run)."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    session = app.extensions["hrcare.db"].session
    seconds = app.extensions["hrcare.settings"].job_requeue_seconds
    limit = (now or utcnow()) - min(REQUEUE_AFTER, timedelta(seconds=max(2, seconds // 2)))
    runs = session.scalars(
        select(JobRun)
        .where(JobRun.status == "queued", JobRun.created_at < limit, JobRun.func.is_not(None))
        .execution_options(all_tenants=True)
        .order_by(JobRun.created_at)
    ).all()
    connection = redis_connection(app)
    queued = 0
    for run in runs:
        try:
            Job.fetch(run.id, connection=connection)
            continue  # RQ holds it: it will run
        except NoSuchJobError:
            pass
        args = tuple(run.args or ())
        if _dispatch(app, run.id, str(run.func), args, run.timeout):
            session.execute(
                update(JobRun)
                .where(JobRun.id == run.id, JobRun.status == "queued")
                .values(error=None)
                .execution_options(synchronize_session=False)
            )
            session.commit()
            queued += 1
    session.commit()
    return queued


def redis_connection(app: Flask) -> Any:
    conn = app.extensions.get("hrcare.redis")
    if conn is None:
        from redis import Redis

        conn = Redis.from_url(app.extensions["hrcare.settings"].redis_url)
        app.extensions["hrcare.redis"] = conn
    return conn


_worker_app: Flask | None = None


def _ensure_app() -> Flask:
    """The app a worker runs jobs for: the one ``make_worker`` was given (``hrcare worker``
    builds it with the app factory; core never imports the factory itself)."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _worker_app is None:
        raise RuntimeError("no app for this worker: start it with `hrcare worker`")
    return _worker_app


def resolve(func: str) -> Callable[..., Any]:
    module_name, _, attr = func.rpartition(".")
    allowed = ("hrcare.",)
    if current_app.extensions["hrcare.settings"].env == "test":
        allowed += ("tests.",)
    if not module_name.startswith(allowed):
        raise ValueError(f"refusing to run {func!r}: not an hrcare job")
    return getattr(importlib.import_module(module_name), attr)  # type: ignore[no-any-return]


def execute(run_id: str, func: str, *args: JobArg) -> Any:
    """Run one job: mark it running, call the function, record the outcome."""
    if _in_rq_job():
        app = _ensure_app()
        with app.app_context():
            # A work horse is a fork: never reuse the parent's pooled connections.
            db = app.extensions["hrcare.db"]
            db.session.remove()
            db.engine.dispose(close=False)
            return _execute(app, run_id, func, *args)
    if has_app_context():
        # Inline (no Redis): after the caller's commit, in a session of its own (``_dispatch``).
        return _execute(current_app._get_current_object(), run_id, func, *args)  # type: ignore[attr-defined]
    app = _ensure_app()
    with app.app_context():
        return _execute(app, run_id, func, *args)


def _in_rq_job() -> bool:
    from rq import get_current_job

    try:
        return get_current_job() is not None
    except Exception:  # noqa: BLE001 - no RQ context at all
        return False


def _execute(app: Flask, run_id: str, func: str, *args: JobArg) -> Any:
    # A job writes (its run row at least): its transactions begin as writers (db.py).
    with app.extensions["hrcare.db"].writing():
        return _execute_run(app, run_id, func, *args)


def _execute_run(app: Flask, run_id: str, func: str, *args: JobArg) -> Any:
    db = app.extensions["hrcare.db"]
    session: Session = db.session
    run = session.get(JobRun, run_id)
    if run is None:
        log.warning("job run %s no longer exists; skipping", run_id)
        return None
    if run.status == "finished":
        return run.result  # at-least-once delivery: a repeat is a no-op
    run.status, run.attempts, run.error = "running", run.attempts + 1, None
    session.commit()
    try:
        result = resolve(func)(run_id, *args)
    except Exception as exc:
        session.rollback()
        run = session.get(JobRun, run_id)
        if run is not None:
            run.status = "failed"
            run.error = type(exc).__name__
            session.commit()
        description = describe(exc)
        log.error("job %s (%s) failed: %s", run_id, func, description)
        raise JobFailed(description) from None
    run = session.get(JobRun, run_id)
    if run is not None:
        run.status, run.progress = "finished", 100
        run.result = result if isinstance(result, dict) else None
        session.commit()
    return result


def set_progress(run_id: str, progress: int) -> None:
    """Record how far a job has come, on the job's own session (``db.session`` inside a job:
    a worker's, or the separate one an inline job runs in; never the request's).

    It commits that session, so a job calls it where its work so far may stand (the survey
    mail-out after each committed step, the report before it writes anything). A second
    connection would not do on SQLite: a write there fails the job's later write (WAL's busy
    snapshot).
    """
    session = current_app.extensions["hrcare.db"].session
    run = session.get(JobRun, run_id)
    if run is not None:
        run.progress = max(0, min(100, progress))
        session.commit()
    try:
        from rq import get_current_job

        job = get_current_job()
    except Exception:  # noqa: BLE001 - outside a worker there is no RQ job
        job = None
    if job is not None:
        job.meta["progress"] = progress
        job.save_meta()


def mark_failed(run_id: str, reason: str) -> None:
    """Record a job that will not run again (retries exhausted, worker killed)."""
    app = _ensure_app()
    with app.app_context():
        session = app.extensions["hrcare.db"].session
        run = session.get(JobRun, run_id)
        if run is not None and run.status != "finished":
            run.status = "failed"
            run.error = reason[:500]
            session.commit()


def make_worker(app: Flask) -> Any:
    """An RQ worker that also records, on the job run, failures RQ handles on its own.

    A work horse killed by the OS never reaches ``execute``'s error handling; RQ retries it
    or moves it to the failed registry. Once it is failed for good we mark the run failed, so
    the UI never waits forever on a lost job.
    """
    from rq import Queue, Worker
    from rq.job import JobStatus

    global _worker_app
    _worker_app = app  # work horses are forks of this process: they run jobs for this app

    class HrcareWorker(Worker):  # type: ignore[misc]
        def run_maintenance_tasks(self) -> None:
            super().run_maintenance_tasks()
            _requeue_quietly(app)

        def handle_job_failure(
            self,
            job: Any,
            queue: Any,
            started_job_registry: Any = None,
            exc_string: str = "",
            execution: Any = None,
        ) -> None:
            super().handle_job_failure(job, queue, started_job_registry, exc_string, execution)
            if job.get_status(refresh=True) == JobStatus.FAILED:
                mark_failed(job.id, (exc_string or "failed").splitlines()[0])

    connection = redis_connection(app)
    _requeue_quietly(app)
    settings = app.extensions["hrcare.settings"]
    return HrcareWorker(
        [Queue(QUEUE_NAME, connection=connection)],
        connection=connection,
        maintenance_interval=settings.job_requeue_seconds,
        # The worker wakes from waiting on the queue every ``worker_ttl - 15`` seconds: often
        # enough to run the maintenance (and the requeue) on time.
        worker_ttl=settings.job_requeue_seconds + 15,
    )


def _requeue_quietly(app: Flask) -> None:
    try:
        with app.app_context(), app.extensions["hrcare.db"].writing():
            count = requeue_delayed(app)
        if count:
            log.warning("queued %s delayed job run(s) again", count)
    except Exception as exc:  # noqa: BLE001 - Redis or the database still down: next round
        log.error("could not queue delayed job runs: %s", describe(exc))
