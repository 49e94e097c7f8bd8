"""An employee answers the survey on a phone, in Japanese and in English: the personal link
(handed out by HR as the in-house CSV), consent, every page, thanks, where to consult."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest

from hrcare.surveys.campaigns import DEFAULT_TITLE, DEFAULT_TITLE_EN
from tests.browser.conftest import Live
from tests.browser.seeing import Visitor

pytestmark = pytest.mark.browser

HR = "jinji@tokai-foods.example.jp"
COMPANY = "株式会社東海フーズ"
MAX_PAGES = 15


@pytest.fixture(scope="module")
def links(browser: object, live: Live) -> Iterator[list[str]]:
    """HR downloads the in-house list of personal links of the open wave (unanswered ones)."""
    hr = Visitor(browser, live.base_url)
    try:
        hr.sign_in(HR)
        hr.click_and_wait(hr.page.get_by_role("link", name="アンケートを管理"))
        hr.look("hr-surveys")
        hr.click_and_wait(
            hr.page.locator("main tbody tr", has=hr.page.locator(".badge-open")).locator("a").first
        )
        hr.look("hr-survey-open")
        hr.click_and_wait(hr.page.get_by_role("link", name="リンク一覧（社内配布用）"))
        hr.look("hr-survey-links")
        hr.page.get_by_label("対象", exact=True).select_option("not_responded")
        hr.page.get_by_label(re.compile("本人以外に渡してはならない")).check()
        with hr.page.expect_download() as download:
            hr.page.get_by_role("button", name="リンクを発行してCSVをダウンロード").click()
        raw = download.value.path().read_bytes().decode("utf-8-sig")
    finally:
        hr.close()
    rows = list(csv.DictReader(io.StringIO(raw)))
    urls = [row["回答用リンク"] for row in rows]
    assert len(urls) >= 2 and all(u.startswith(live.base_url + "/s/") for u in urls), urls[:2]
    yield urls


def _answer_page(visitor: Visitor) -> None:
    """Answer as a caregiver would: the first choice of every question, one family member."""
    page = visitor.page
    for group in page.locator("fieldset.question").all():
        radios = group.locator("input[type=radio]")
        names = dict.fromkeys(radios.evaluate_all("(rs) => rs.map((r) => r.name)"))
        for name in names:
            group.locator(f"input[type=radio][name='{name}']").first.check()
        boxes = group.locator("input[type=checkbox]")
        if boxes.count():
            boxes.first.check()
        for select in group.locator("select[name^=dep1_]").all():
            if not select.input_value():
                select.select_option(index=1)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_employee_answers_the_survey_on_a_phone(visitor: Visitor, links: list[str], lang) -> None:  # type: ignore[no-untyped-def]
    visitor.go(links[0] if lang == "ja" else links[1])
    assert visitor.page.url.endswith("/s/start")  # the token left the address at once
    visitor.choose_language(lang)
    text = visitor.look("survey-consent", allow=(COMPANY,))
    visitor.accessibility("survey-consent")
    if lang == "en":
        assert DEFAULT_TITLE_EN in text and DEFAULT_TITLE not in text
    else:
        assert DEFAULT_TITLE in text
    visitor.page.locator("input[name=agree]").check()
    visitor.click_and_wait(visitor.page.locator("main form button.primary"))

    seen: list[str] = []
    while "/s/answer" in visitor.page.url:
        assert len(seen) < MAX_PAGES, f"the survey never ends: {seen}"
        n = len(seen) + 1
        text = visitor.look(f"survey-page{n}", allow=(COMPANY,))
        visitor.accessibility(f"survey-page{n}")
        progress = re.search(r"(\d+) / (\d+)", text)
        assert progress is not None, "no page count shown"
        seen.append(progress.group(0))
        if lang == "en":
            assert DEFAULT_TITLE_EN in text and DEFAULT_TITLE not in text
        _answer_page(visitor)
        visitor.click_and_wait(visitor.page.locator("main form button[name=nav][value=next]"))
        assert visitor.page.locator("p.error[role=alert]").count() == 0, visitor.page.inner_text(
            "main"
        )
    numbers = [tuple(map(int, s.split(" / "))) for s in seen]
    assert [n for n, _ in numbers] == sorted({n for n, _ in numbers}), seen  # only forward
    assert len({total for _, total in numbers}) == 1, seen  # the total never grows
    assert visitor.page.url.endswith("/s/thanks")
    visitor.look("survey-thanks", allow=(COMPANY,))
    visitor.accessibility("survey-thanks")

    visitor.click_and_wait(visitor.page.locator("main .consult-box p a"))
    visitor.look("survey-consult", allow=(COMPANY,))
    visitor.accessibility("survey-consult")
