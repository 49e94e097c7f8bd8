"""The browser tests' world: one live hrcare on a free loopback port, Debian's Chromium.

The app runs as a separate process (``hrcare run``) on a temporary SQLite database migrated
and loaded with the demo data once per test session, so every flow sees what a newcomer sees
after ``scripts/run``. When the Redis of ``HRCARE_TEST_REDIS_URL`` answers, the server queues
its jobs there and a test starts a worker when it wants the job to run (the report's progress
bar is then really seen); otherwise jobs run inline.

Without Chromium (``HRCARE_CHROMIUM``, default ``/usr/bin/chromium``) the tests skip with a
notice; ``HRCARE_REQUIRE_BROWSER=1`` (CI) makes that a failure. Playwright never downloads a
browser of its own here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis

from tests.browser.seeing import Visitor
from tests.conftest import TEST_REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HRCARE_CHROMIUM", "/usr/bin/chromium")
SERVER_START_SECONDS = 60


@dataclass
class Live:
    """The running app: its address, the environment its processes share, its log."""

    base_url: str
    env: dict[str, str]
    log: Path
    redis: bool
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``hrcare ARGS`` on the live app's database (setup, and the report's worker)."""
        return subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-m", "hrcare.cli", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redis_answers() -> bool:
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError:
        return False
    return True


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("HRCARE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser tests are required (HRCARE_REQUIRE_BROWSER=1): {message}")
    pytest.skip(f"{message}: the browser tests were not run")


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[Live]:
    instance = tmp_path_factory.mktemp("live")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRCARE_")}
    env.update(
        HRCARE_ENV="development",
        HRCARE_INSTANCE_PATH=str(instance),
        HRCARE_PORT=str(port),
        HRCARE_MAIL_BACKEND="outbox",
        PYTHONPATH=str(ROOT),
    )
    live = Live(f"http://127.0.0.1:{port}", env, instance / "server.log", redis=False)
    for step in (("db", "upgrade"), ("demo", "load")):
        done = live.cli(*step)
        assert done.returncode == 0, (step, done.stdout, done.stderr)
    if _redis_answers():
        redis.Redis.from_url(TEST_REDIS_URL).flushdb()
        env["HRCARE_REDIS_URL"] = TEST_REDIS_URL
        live.redis = True
    with live.log.open("wb") as log:
        live.process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-m", "hrcare.cli", "run", "--host", "127.0.0.1"]
            + ["--port", str(port), "--with-threads"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(live)
        yield live
    finally:
        live.process.terminate()
        live.process.wait(timeout=30)
        if live.redis:
            redis.Redis.from_url(TEST_REDIS_URL).flushdb()


def _wait_until_serving(live: Live) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        assert live.process is not None
        if live.process.poll() is not None:
            pytest.fail(f"the server stopped: {live.log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(live.base_url + "/login", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within {SERVER_START_SECONDS} s")


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path)
        yield launched
        launched.close()


@pytest.fixture
def visitor(browser: object, live: Live) -> Iterator[Visitor]:
    """A fresh browser (no cookies) on a 375 px phone; ``visitor.look`` also looks at 1280 px."""
    person = Visitor(browser, live.base_url)
    yield person
    person.close()
