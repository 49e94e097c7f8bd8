"""HR opens the legal-duty ledger and its printable page on a phone: people's names stay on
one line (a squeezed column once broke them into one character per line), and the printable
page reads in Japanese without sideways scrolling at 375 px."""

from __future__ import annotations

import pytest

from tests.browser.seeing import PHONE, Visitor
from tests.browser.test_roles import PLACES

pytestmark = pytest.mark.browser

HR = "jinji@tokai-foods.example.jp"

#: For each cell holding a person's name: its text and how many lines that text takes.
NAME_LINES = """(selector) => [...document.querySelectorAll(selector)]
  .map((td) => {
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return [td.textContent.trim(), tops.size];
  })"""


def test_ledger_names_stay_on_one_line_on_a_phone(visitor: Visitor) -> None:
    visitor.sign_in(HR)
    visitor.nav("/duties/")
    visitor.look("hr-ledger", allow=PLACES + (visitor.who(),))
    assert visitor.page.viewport_size["width"] == PHONE
    _names_on_one_line(visitor, "table.ledger tbody td.person")


def _names_on_one_line(visitor: Visitor, selector: str) -> None:
    names = visitor.page.evaluate(NAME_LINES, selector)
    assert names, f"no {selector} on the page: the demo's names were not seen"
    broken = [name for name, lines in names if lines > 1]
    assert broken == [], f"names wrapped onto several lines at {PHONE} px: {broken}"


def test_printable_ledger_reads_in_japanese_on_a_phone(visitor: Visitor) -> None:
    visitor.sign_in(HR)
    visitor.nav("/duties/")
    visitor.click_and_wait(visitor.page.locator("main a.button[href$='/duties/print']"))
    assert visitor.page.url.endswith("/duties/print")
    text = visitor.look("hr-ledger-print", allow=PLACES + (visitor.who(),))
    for heading in ("両立支援の取組計画と法定対応", "40歳時の情報提供", "個別の周知・意向確認"):
        assert heading in text, f"the printable page lacks 「{heading}」"
    assert visitor.sideways() == 0  # look() measured it at 375 px; the phone again here
    _names_on_one_line(visitor, ".printable tbody td.person")
