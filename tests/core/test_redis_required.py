"""Without Redis the worker tests skip with a notice; CI (HRCARE_REQUIRE_REDIS=1) fails instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKER_TEST = "tests/core/test_jobs.py::test_worker_process_runs_the_job"


def _run(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HRCARE_TEST_DATABASE_URL": "",
        "HRCARE_TEST_REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "HRCARE_REQUIRE_REDIS": "0",
        **extra,
    }
    return subprocess.run(  # noqa: S603 (fixed arguments: this interpreter and one test)
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", WORKER_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_missing_redis_is_a_notice_locally() -> None:
    run = _run()
    assert run.returncode == 0, run.stdout[-2000:]
    assert "SKIPPED" in run.stdout and "Redis not reachable" in run.stdout


def test_missing_redis_fails_when_required() -> None:
    run = _run(HRCARE_REQUIRE_REDIS="1")
    assert run.returncode == 1, run.stdout[-2000:]
    assert "Redis is required" in run.stdout
