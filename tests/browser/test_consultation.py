"""A consultation from the employee's request to the staff marking it resolved."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Live
from tests.browser.seeing import Visitor
from tests.browser.test_roles import PLACES

pytestmark = pytest.mark.browser

EMPLOYEE = "shain@tokai-foods.example.jp"
STAFF = "soudan@tokai-foods.example.jp"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_consultation_from_request_to_resolved(
    visitor: Visitor, browser: object, live: Live, lang: str
) -> None:
    visitor.sign_in(EMPLOYEE)
    visitor.choose_language(lang)
    allow = PLACES + (visitor.who(),)
    visitor.nav("/consultations/")
    visitor.look("consult-mine", allow=allow)
    visitor.click_and_wait(visitor.page.locator("main a[href$='/consultations/new']"))
    visitor.look("consult-new", allow=allow)
    visitor.accessibility("consult-new")
    form = visitor.page.locator("main form")
    form.locator("input[name=topics]").first.check()
    body = f"父の介護が始まりました。勤務の調整について相談したいです。({lang})"
    form.locator("textarea[name=body]").fill(body)
    visitor.click_and_wait(form.locator("button.primary"))
    found = re.search(r"/consultations/(\d+)$", visitor.page.url)
    assert found, visitor.page.url
    number = found.group(1)
    visitor.look("consult-sent", allow=(*allow, body))
    visitor.accessibility("consult-sent")

    staff = Visitor(browser, live.base_url)
    try:
        staff.sign_in(STAFF)
        staff.choose_language(lang)
        staff_allow = PLACES + (staff.who(),)
        staff.nav("/desk/")
        staff.look("desk-inbox", allow=staff_allow)
        staff.click_and_wait(staff.page.locator(f"form[action$='/desk/{number}/take'] button"))
        if not staff.page.url.endswith(f"/desk/{number}"):
            staff.go(f"/c/demo-mid/desk/{number}")
        reply = staff.page.locator(f"form[action$='/desk/{number}/reply']")
        reply.locator("textarea[name=body]").fill(
            "ご相談ありがとうございます。面談の日程をご連絡します。"
        )
        staff.click_and_wait(reply.locator("button.primary"))
        status = staff.page.locator(f"form[action$='/desk/{number}/status']")
        status.locator("select[name=status]").select_option("resolved")
        staff.click_and_wait(status.locator("button"))
        staff.look(
            "desk-resolved",
            allow=(*staff_allow, body, "ご相談ありがとうございます。面談の日程をご連絡します。"),
        )
        assert status.locator("select[name=status]").input_value() == "resolved"
    finally:
        staff.close()

    visitor.page.reload()
    text = visitor.look(
        "consult-resolved",
        allow=(*allow, body, "ご相談ありがとうございます。面談の日程をご連絡します。"),
    )
    assert "面談の日程をご連絡します" in text
    assert ("解決" if lang == "ja" else "Resolved") in text
