"""SQLite write transactions begin with ``BEGIN IMMEDIATE`` (hrcare/core/db.py): two writers
at the same moment both succeed, the second waiting for the first instead of being refused.

Each test uses a database file and an engine of its own (not the suite's outer transaction):
the writers need real, committed transactions on two connections.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import Engine

from hrcare.core.db import Database, sqlite_begin_statement


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Database]:
    database = Database()
    engine = database.init_engine(f"sqlite:///{tmp_path / 'writers.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE tally (writer TEXT NOT NULL, seen INTEGER NOT NULL)"))
    yield database
    engine.dispose()


def _two_writers(
    engine: Engine, unit: Callable[[], AbstractContextManager[None]]
) -> tuple[list[str], list[str]]:
    """Two threads, each on its own connection: read the table, wait until the other has read
    too (so both transactions are open at once), then write and commit. Returns (done,
    errors)."""
    # A writer blocked on BEGIN IMMEDIATE never reaches the barrier: the first stops waiting.
    both_read = threading.Barrier(2, timeout=1)
    done: list[str] = []
    errors: list[str] = []

    def writer(name: str) -> None:
        try:
            with unit():
                with engine.connect() as conn, conn.begin():
                    seen = conn.execute(text("SELECT count(*) FROM tally")).scalar_one()
                    try:
                        both_read.wait()
                    except threading.BrokenBarrierError:
                        pass  # the other writer waits for our lock: it has not read yet
                    conn.execute(
                        text("INSERT INTO tally (writer, seen) VALUES (:w, :s)"),
                        {"w": name, "s": seen},
                    )
            done.append(name)
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            errors.append(f"{name}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return done, errors


def test_two_concurrent_writers_both_succeed(store: Database) -> None:
    assert store.engine is not None
    done, errors = _two_writers(store.engine, store.writing)
    assert errors == []
    assert sorted(done) == ["first", "second"]
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT writer, seen FROM tally ORDER BY seen")).all()
    # Serialised: the second writer began after the first committed, and saw its row.
    assert [seen for _, seen in rows] == [0, 1]


def test_deferred_writers_are_refused_the_reason_for_immediate(store: Database) -> None:
    """The control: outside ``writing()`` (a deferred ``BEGIN``), the same two writers meet
    "database is locked" at once, whatever the busy timeout."""
    assert store.engine is not None
    done, errors = _two_writers(store.engine, nullcontext)
    assert len(done) == 1
    assert len(errors) == 1 and "database is locked" in errors[0]


def test_requests_that_change_something_begin_as_writers(app: Flask) -> None:
    for method, statement in [
        ("GET", "BEGIN"),
        ("HEAD", "BEGIN"),
        ("POST", "BEGIN IMMEDIATE"),
        ("PUT", "BEGIN IMMEDIATE"),
        ("DELETE", "BEGIN IMMEDIATE"),
    ]:
        with app.test_request_context("/", method=method):
            assert sqlite_begin_statement() == statement, method
    assert sqlite_begin_statement() == "BEGIN"  # a CLI command's reads
    with Database.writing():
        assert sqlite_begin_statement() == "BEGIN IMMEDIATE"  # a job
    assert sqlite_begin_statement() == "BEGIN"


def test_the_busy_timeout_is_set(store: Database) -> None:
    assert store.engine is not None
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        timeout_ms = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    assert timeout_ms == 15_000
