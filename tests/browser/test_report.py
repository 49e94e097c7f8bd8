"""An executive generates the report, watches its progress bar while a worker builds it, and
downloads the PDF."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser.conftest import ROOT, Live
from tests.browser.seeing import Visitor
from tests.browser.test_roles import PLACES

pytestmark = pytest.mark.browser

BUILD_SECONDS = 300  # the longest wait for the finished report (the machine is shared)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_executive_generates_a_report_and_downloads_the_pdf(
    visitor: Visitor, live: Live, lang: str
) -> None:
    if not live.redis:
        message = "Redis not reachable: without a worker the report is built inline, no progress"
        if os.environ.get("HRCARE_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required (HRCARE_REQUIRE_REDIS=1): {message}")
        pytest.skip(f"{message}: the report flow was not run")
    visitor.sign_in("yakuin@tokai-foods.example.jp")
    visitor.choose_language(lang)
    allow = PLACES + (visitor.who(),)
    visitor.nav("/reports/")
    visitor.look("exec-reports", allow=allow)
    visitor.page.locator("main form select[name=language]").select_option(lang)
    visitor.click_and_wait(visitor.page.locator("main form button[type=submit]"))

    # Queued: no worker runs yet, so the bar is seen for sure. The page refreshes itself every
    # two seconds; for the look, the served page is taken without its refresh.
    bar = visitor.page.locator("main progress")
    assert bar.is_visible() and bar.get_attribute("value") == "0"
    show = visitor.page.url
    visitor.page.route(show, _without_refresh)
    visitor.go(show)
    visitor.look("exec-report-progress", allow=allow)
    visitor.page.unroute(show)
    visitor.go(show)

    worker = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-m", "hrcare.cli", "worker", "--burst"],
        cwd=ROOT,
        env=live.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        pdf_link = visitor.page.locator("main a[href$='/report.pdf']")
        pdf_link.wait_for(timeout=BUILD_SECONDS * 1000)  # the page's own refreshes bring it
    finally:
        output = worker.communicate(timeout=BUILD_SECONDS)[0].decode(errors="replace")
    assert worker.returncode == 0, output[-2000:]
    assert visitor.page.locator("main progress").count() == 0
    visitor.look("exec-report-done", allow=allow)
    with visitor.page.expect_download() as download:
        pdf_link.click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith(f"-{lang}.pdf")


def _without_refresh(route) -> None:  # type: ignore[no-untyped-def]
    response = route.fetch()
    body = response.text()
    start = body.find('<meta http-equiv="refresh"')
    assert start != -1, "the progress page does not refresh itself"
    body = body[:start] + body[body.index(">", start) + 1 :]
    route.fulfill(response=response, body=body)
