"""Each role's pages in a real browser: every README account's home, HR's results and loss
pages, the hub operator switching into a client and back."""

from __future__ import annotations

import re

import pytest

from tests.browser.seeing import ROOT, Visitor

pytestmark = pytest.mark.browser

#: Names that are data (companies, the hub): they stay Japanese on English pages.
PLACES = ("株式会社東海フーズ", "東海中小企業両立支援ハブ")


def readme_accounts() -> list[tuple[str, str]]:
    """(role, e-mail) of every account the README's demo table lists."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Demo accounts", 1)[1].split("\n\n", 2)[1]
    found = re.findall(
        r"^\|\s*([^|(]+?)\s*(?:\([^|]*\))?\s*\|\s*([\w.+-]+@[\w.-]+)\s*\|", table, re.M
    )
    return [(role.replace(" ", "-"), email) for role, email in found]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("role", "email"), readme_accounts())
def test_every_role_home(visitor: Visitor, role: str, email: str, lang: str) -> None:
    visitor.sign_in(email)
    visitor.choose_language(lang)
    visitor.look(f"home-{role}", allow=PLACES + (visitor.who(),))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_hr_opens_the_results_and_the_loss_page(visitor: Visitor, lang: str) -> None:
    visitor.sign_in("jinji@tokai-foods.example.jp")
    visitor.choose_language(lang)
    allow = PLACES + (visitor.who(),)
    visitor.nav("/surveys/results/")
    visitor.look("hr-results", allow=allow)
    closed = visitor.page.locator("main tbody tr", has=visitor.page.locator(".badge-closed"))
    visitor.click_and_wait(closed.first.locator("a").first)  # the released wave
    text = visitor.look("hr-results-wave", allow=allow)
    assert visitor.page.locator("main .sr-key-list li").count(), "no key figures shown"
    assert ("介護" if lang == "ja" else "care") in text
    visitor.nav("/loss/")
    visitor.look("hr-loss", allow=allow)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_hub_operator_switches_into_a_client_and_back(visitor: Visitor, lang: str) -> None:
    visitor.sign_in("hub@tokai-hub.example.jp")
    visitor.choose_language(lang)
    allow = PLACES + (visitor.who(),)
    visitor.look("hub-clients", allow=allow)
    row = visitor.page.locator("table.hub-clients tbody tr", has_text="株式会社東海フーズ")
    visitor.click_and_wait(row.locator("button"))
    assert visitor.page.url.endswith("/c/demo-mid/"), visitor.page.url
    visitor.look("hub-in-client", allow=allow)
    visitor.nav("/hub/")
    assert visitor.page.url.endswith("/hub/"), visitor.page.url
    row = visitor.page.locator("table.hub-clients tbody tr", has_text="株式会社東海フーズ")
    assert row.locator("small.hint").count() == 1  # marked as the client being worked in
    visitor.look("hub-back", allow=allow)
