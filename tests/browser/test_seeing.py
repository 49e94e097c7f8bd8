"""The browser tests' own checks, without a browser: each one can fail, and a missing
Chromium is a notice locally and a failure when required (CI)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.browser.seeing import CODE, RAW_TEMPLATE, ROOT, Visitor, translated_runs

ONE_BROWSER_TEST = "tests/browser/test_roles.py::test_hub_operator_switches_into_a_client_and_back"


def test_english_page_leaks_are_found_and_data_or_glosses_are_not() -> None:
    assert "ログアウト" in translated_runs()  # the catalogs were read
    page = "Sign out ログアウト · 株式会社東海フーズ · Family care leave (介護休業) · 日本語"
    assert Visitor.leaks(page, ("株式会社東海フーズ",)) == ["ログアウト"]
    assert Visitor.leaks("Survey: 仕事と介護の両立に関するアンケート") == [
        "仕事と介護の両立に関するアンケート"
    ]
    assert Visitor.leaks("Care days (介護休暇) — 株式会社東海フーズ") == []


def test_raw_template_syntax_and_internal_codes_are_found() -> None:
    assert RAW_TEMPLATE.findall("回答 {{ n }} 件 %(total)s") == ["{{", "}}", "%(total)s"]
    assert RAW_TEMPLATE.findall("50% of 10–30% {a}") == []
    assert CODE.findall("Question caring_now: yes") == ["caring_now"]
    assert CODE.findall("jinji@tokai-foods.example.jp /c/demo-mid/ report_1.pdf") == []


def _run(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HRCARE_CHROMIUM": "/nonexistent/chromium", **extra}
    return subprocess.run(  # noqa: S603 (this interpreter, one fixed test)
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_BROWSER_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_missing_chromium_is_a_notice_locally() -> None:
    run = _run(HRCARE_REQUIRE_BROWSER="0")
    assert run.returncode == 0, run.stdout[-2000:]
    assert "SKIPPED" in run.stdout and "the browser tests were not run" in run.stdout


def test_missing_chromium_fails_when_required() -> None:
    run = _run(HRCARE_REQUIRE_BROWSER="1")
    assert run.returncode == 1, run.stdout[-2000:]
    assert "HRCARE_REQUIRE_BROWSER=1" in run.stdout
