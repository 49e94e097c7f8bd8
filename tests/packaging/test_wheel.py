"""The wheel is the whole app: built from the repository and installed into a fresh virtualenv
in a folder outside the checkout, it migrates, loads the demo and serves it, in English too.

Slow (a few seconds of building and a real server) and independent of the test database, so
``scripts/test`` runs it in the SQLite pass only. Offline: the fresh virtualenv gets hrcare
from the wheel alone (``--no-deps --no-index``); its third-party dependencies are the
project's locked ones, reached through a path file, not installed a second time.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hrcare.demo import loader

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
HR_ADMIN = "jinji@tokai-foods.example.jp"


def _run(args: list[str | Path], **kwargs: object) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and files
        [str(a) for a in args], capture_output=True, text=True, timeout=120, **kwargs
    )
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build from a clean copy of what the package is made of (no stray .mo, no build/ left
    in the checkout)."""
    src = tmp_path_factory.mktemp("src")
    skip = shutil.ignore_patterns("__pycache__", "*.mo", "*.pyc")
    shutil.copytree(REPO / "hrcare", src / "hrcare", ignore=skip)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--no-index", "-w", dist, src])  # fmt: skip
    (built,) = dist.glob("hrcare-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", root])
    python = root / "bin" / "python"
    site = Path(
        _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip()
    )
    (site / "_hrcare_locked_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
          "--no-index", wheel])  # fmt: skip
    return root


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("outside")


def _env() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("HRCARE_", "PYTHON"))}
    return {**keep, "HRCARE_ENV": "development"}


def test_wheel_ships_templates_migrations_and_compiled_catalogs(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    catalogs = {n for n in names if n.endswith("/messages.po")}
    assert catalogs, "no catalogs in the wheel"
    assert {c.removesuffix(".po") + ".mo" for c in catalogs} <= names
    assert {
        "hrcare/templates/base.html",
        "hrcare/migrations/env.py",
        "hrcare/static/app.css",
    } <= names
    assert any(n.startswith("hrcare/migrations/versions/") for n in names)


def test_installed_app_is_the_wheel_not_the_checkout(venv: Path, outside: Path) -> None:
    where = _run([venv / "bin/python", "-c", "import hrcare; print(hrcare.__file__)"],
                 cwd=outside, env=_env())  # fmt: skip
    assert Path(where.strip()).is_relative_to(venv)


@pytest.fixture(scope="module")
def served(venv: Path, outside: Path) -> Iterator[str]:
    hrcare = venv / "bin" / "hrcare"
    _run([hrcare, "db", "upgrade"], cwd=outside, env=_env())
    _run([hrcare, "demo", "load"], cwd=outside, env=_env())
    # The instance folder is the working directory's, not site-packages.
    assert (outside / "instance" / "hrcare.sqlite3").is_file()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [venv / "bin/python", "-m", "gunicorn", "--workers", "1", "--bind",
         f"127.0.0.1:{port}", "hrcare:create_app()"],
        cwd=outside, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # until it listens (bounded), not a timing assertion
            if server.poll() is not None:
                pytest.fail(f"server exited: {server.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                urllib.request.urlopen(base + "/login", timeout=5).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_wheel_installed_app_serves_the_demo(served: str) -> None:
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def get(path: str) -> str:
        with browser.open(served + path, timeout=30) as response:
            assert response.status == 200
            return response.read().decode()

    def post(path: str, **fields: str) -> str:
        data = urllib.parse.urlencode(fields).encode()
        with browser.open(served + path, data=data, timeout=30) as response:
            assert response.status == 200
            return response.read().decode()

    login = get("/login")
    assert "ログイン" in login
    get("/static/app.css")
    # English comes from the compiled catalogs inside the wheel.
    login_en = post("/language", csrf_token=_csrf(login), locale="en", next="/login")
    assert "ログイン" not in login_en and "Sign in" in login_en
    home = post("/login", csrf_token=_csrf(login_en), email=HR_ADMIN,
                password=loader.DEMO_PASSWORD, next="")  # fmt: skip
    assert "Sign out" in home
