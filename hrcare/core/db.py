"""Database base class, mixins and the per-app session.

Plain SQLAlchemy 2.x: one engine per app, one scoped session removed at the end of each
request or job. Tests rebind the session to a connection inside an outer transaction so
each test rolls back (see tests/conftest.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import DateTime, ForeignKey, Integer, MetaData, create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    SessionTransaction,
    declared_attr,
    mapped_column,
    scoped_session,
    sessionmaker,
)
from sqlalchemy.types import TypeDecorator

from hrcare.core.logsafe import describe

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC was expected")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TenantMixin:
    """A row owned by one company. Loads go through ``tenancy.get_or_404``."""

    @declared_attr
    def company_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(Integer, ForeignKey("companies.id", ondelete="CASCADE"), index=True)


class Database:
    """Engine + scoped session for one app. ``db.session`` is what code uses."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.session_factory = sessionmaker(expire_on_commit=False)
        self.session = scoped_session(self.session_factory)
        install_after_commit(self.session_factory)

    def init_engine(self, url: str) -> Engine:
        # Bound values are names, e-mail addresses and care answers: keep them out of error
        # messages, which reach logs and the failed-job registry (SECURITY.md item 12).
        kwargs: dict[str, Any] = {"future": True, "hide_parameters": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {
                "check_same_thread": False,
                "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
            }
        else:
            kwargs["pool_pre_ping"] = True
        engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(engine, "connect", _sqlite_pragmas)
            # pysqlite's own transaction handling breaks SAVEPOINT; let SQLAlchemy drive it
            # (SQLAlchemy's pysqlite recipe: isolation_level=None and a ``begin`` listener).
            event.listen(engine, "begin", _sqlite_begin)
        self.engine = engine
        self.session_factory.configure(bind=engine)
        return engine

    def bind(self, bind: Any, **options: Any) -> None:
        """Rebind the session (tests use a connection in an outer transaction)."""
        self.session.remove()
        self.session_factory.configure(bind=bind, **options)

    @staticmethod
    @contextmanager
    def writing() -> Iterator[None]:
        """Transactions begun in the block are write transactions (``BEGIN IMMEDIATE`` on
        SQLite, see ``_sqlite_begin``); jobs and the worker's maintenance run in one."""
        token = _WRITING.set(True)
        try:
            yield
        finally:
            _WRITING.reset(token)

    @contextmanager
    def separate_session(self) -> Iterator[Session]:
        """A session of its own for the duration of the block, also as ``db.session``.

        Inline jobs run in one (as in a worker, outside the request's unit of work, which is
        in the middle of committing when they start); tests' rebinding applies to it too.
        """
        registry = self.session.registry
        previous = registry() if registry.has() else None
        fresh = self.session_factory()
        registry.set(fresh)
        try:
            yield fresh
        finally:
            fresh.close()
            if previous is None:
                registry.clear()
            else:
                registry.set(previous)


# SQLite: one writer at a time (decided 2026-12, issue 15). A deferred ``BEGIN`` that read
# first and writes later is refused at once ("database is locked", busy timeout not applied:
# WAL cannot upgrade a read snapshot older than another writer's commit), which is how a
# sign-in met the worker's maintenance writes. A write transaction therefore begins with
# ``BEGIN IMMEDIATE``: it takes the write lock before reading, and a second writer waits for
# it (up to the busy timeout) instead of failing. Reads (GET, HEAD, OPTIONS requests) keep a
# deferred ``BEGIN`` so pages are not queued behind writers (a report job's transaction, say);
# the few writes a page makes (the session's last-seen stamp, at most once per resolution
# period; audit records of reads) can still meet a concurrent writer and get an error page.
# Jobs are writers: a job's transaction may hold the lock while it builds, and requests that
# write wait for it. The timeout stays under gunicorn's 30-second worker timeout, so a writer
# that waits too long gets an error page, not a killed worker. PostgreSQL is unchanged (row locks; no database-wide writer lock).
SQLITE_BUSY_TIMEOUT_SECONDS = 15
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITING: ContextVar[bool] = ContextVar("hrcare_db_writing", default=False)


def sqlite_begin_statement() -> str:
    """``BEGIN IMMEDIATE`` for a unit of work that may write, else ``BEGIN``: a request
    with a method that changes something, or code inside ``Database.writing()``."""
    if _WRITING.get() or (has_request_context() and request.method not in _READ_METHODS):
        return "BEGIN IMMEDIATE"
    return "BEGIN"


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql(sqlite_begin_statement())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def session_company_id(session: Session) -> int | None:
    return session.info.get("company_id")


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback()`` once the current unit of work has been committed; drop it if the
    unit of work (or the savepoint it was queued in) rolls back.

    Jobs and e-mails are dispatched this way, so nothing runs on rolled-back data. It holds
    whichever way the session commits or rolls back (``session.commit()``, an error handler's
    ``rollback()``, ``close()`` at the end of the request): the session events below do it.
    """
    if isinstance(session, scoped_session):
        session = session()
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append((transaction, callback))


_PENDING = "hrcare.after_commit"


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _run_pending(session: Session) -> None:
    # Fired by every commit, savepoints' included: only the outermost one is the commit.
    if session.get_nested_transaction() is not None:
        return
    pending = session.info.pop(_PENDING, [])
    for _transaction, callback in pending:
        try:
            callback()
        except Exception as exc:  # the commit happened: the caller's work stands
            log.error("after-commit work failed: %s", describe(exc))


def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    pending = session.info.get(_PENDING)
    if not pending:
        return
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
        return
    session.info[_PENDING] = [
        (transaction, callback)
        for transaction, callback in pending
        if not _within(transaction, previous_transaction)
    ]


def _drop_on_end(session: Session, transaction: SessionTransaction) -> None:
    # ``close()`` ends the outermost transaction without a rollback event: nothing queued in
    # it may survive into the next one.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def install_after_commit(target: Any) -> None:
    """Listen on ``target`` (a sessionmaker or Session class) for the after-commit queue."""
    event.listen(target, "after_commit", _run_pending)
    event.listen(target, "after_soft_rollback", _drop_rolled_back)
    event.listen(target, "after_transaction_end", _drop_on_end)
