"""Short versions of ``scripts/faults``: each fault injected on a live stack on loopback
(gunicorn -w 2, an RQ worker, a redis-server of the test's own, an SMTP sink), small numbers.

Every scenario must end with lost = 0 and duplicated = 0 (SECURITY.md item 15, issue 15).
The stack uses SQLite, or — with ``HRCARE_TEST_DATABASE_URL`` set to PostgreSQL — a database
of its own beside the test database (``<name>_faults``, dropped and re-created), and then
runs the PostgreSQL scenario too. No assertion is on time.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import TEST_DATABASE_URL
from tests.reliability import scenarios
from tests.reliability.harness import Figures, Stack, free_port

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None or shutil.which("redis-cli") is None,
    reason="redis-server is not installed: the live fault scenarios were not run",
)

POSTGRES = TEST_DATABASE_URL if TEST_DATABASE_URL.startswith("postgresql") else None


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    url = f"{POSTGRES}_faults" if POSTGRES else None
    live = Stack(postgres=url, redis_port=free_port(), scale=0.02, mail_delay=0.02)
    try:
        yield live
    finally:
        live.stop()


def _clean(figures: Figures) -> None:
    print(f"figure: {figures.line()}")
    assert (figures.lost, figures.duplicated) == (0, 0), figures.line()


def test_redis_stopped_while_answering_and_starting_jobs(stack: Stack) -> None:
    answers, jobs = scenarios.redis_outage(stack, answers=4)
    _clean(answers)
    _clean(jobs)
    assert answers.stored == answers.sent == 4  # answers do not need the queue
    assert jobs.notes["delayed while Redis was down"] == jobs.sent == 3
    assert jobs.stored == 3  # all ran once Redis was back


@pytest.mark.skipif(POSTGRES is None, reason="PostgreSQL scenario: HRCARE_TEST_DATABASE_URL")
def test_postgres_connections_cut_mid_traffic(stack: Stack) -> None:
    figures = scenarios.postgres_outage(stack, answers=6, cuts=4)
    _clean(figures)
    assert figures.notes["failed reads with internals"] == 0
    assert figures.notes["pages after the outage"] == "all 200"


def test_worker_killed_mid_report(stack: Stack) -> None:
    figures = scenarios.killed_report(stack)
    _clean(figures)
    assert figures.notes["killed while running"] is True
    assert figures.notes["final status"] in ("finished", "failed")
    assert figures.notes["temporary files left"] == 0


def test_worker_killed_mid_mail_batch(stack: Stack) -> None:
    figures = scenarios.killed_mail_batch(stack)
    _clean(figures)
    assert figures.notes["killed while sending"] is True
    assert figures.notes["final status"] == "finished"


@pytest.mark.skipif(os.geteuid() != 0, reason="mount and chattr need root")
def test_store_full_or_unwritable(stack: Stack) -> None:
    results = scenarios.store_faults(stack)
    ran = [f for f in results if "not run" not in f.notes]
    assert ran, [f.line() for f in results]
    for figures in ran:
        _clean(figures)
        assert figures.stored == 0
        assert figures.notes["half-written files"] == 0
