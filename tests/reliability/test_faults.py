"""Short versions of ``scripts/faults``: each fault injected on a live stack on loopback
(gunicorn -w 2, an RQ worker, a redis-server of the test's own, an SMTP sink), small numbers.

Every scenario must end with lost = 0 and duplicated = 0 (SECURITY.md item 15, issue 15).
The stack uses SQLite, or — with ``HRCARE_TEST_DATABASE_URL`` set to PostgreSQL — a
throwaway PostgreSQL cluster of its own (``PgCluster``: initdb into a temporary directory as
the ``postgres`` OS user, a free loopback port; needs root), and then runs the PostgreSQL
scenarios too: connections cut, and that cluster restarted for real (the restart itself takes
well under a second; building the stack is what costs time, so it shares this module's
stack). Without root it falls back to a database of its own beside the test database
(``<name>_faults``) and the restart is not run: the shared server is never restarted.
No assertion is on time.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import TEST_DATABASE_URL
from tests.reliability import scenarios
from tests.reliability.harness import Figures, PgCluster, Stack, can_run_cluster, free_port

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None or shutil.which("redis-cli") is None,
    reason="redis-server is not installed: the live fault scenarios were not run",
)

POSTGRES = TEST_DATABASE_URL if TEST_DATABASE_URL.startswith("postgresql") else None
NO_CLUSTER = "SQLite run: the PostgreSQL pass runs it" if POSTGRES is None else can_run_cluster()


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    cluster = PgCluster() if NO_CLUSTER is None else None
    try:
        url = f"{POSTGRES}_faults" if POSTGRES and cluster is None else None
        live = Stack(
            postgres=url, cluster=cluster, redis_port=free_port(), scale=0.02, mail_delay=0.02
        )
        try:
            yield live
        finally:
            live.stop()
    finally:
        if cluster is not None:
            cluster.stop()


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


@pytest.mark.skipif(NO_CLUSTER is not None, reason=f"PostgreSQL restart not run: {NO_CLUSTER}")
def test_postgres_restarted_mid_traffic(stack: Stack) -> None:
    """Last in the module: the stack's own cluster is restarted (``pg_ctl restart -m fast``)."""
    figures = scenarios.postgres_restart(stack, answers=6, restarts=1)
    _clean(figures)
    notes = figures.notes
    assert notes["server restarted"] is True  # a new postmaster: it really went down
    assert notes["partial writes"] == 0
    assert notes["failed reads with internals"] == 0
    assert set(notes["failure statuses"]) <= {500, 503}  # the outage: an error page
    assert notes["failed reads begun after the server was back"] == 0  # pre-ping recovered
    assert notes["refused, begun after the server was back"] == 0
    assert notes["pages after the restart"] == "all 200"
    assert notes["report after the restart"].endswith("run finished"), notes
    assert notes["app processes restarted"] is False
