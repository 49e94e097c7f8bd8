"""The law as the pages state it (GUIDELINE_AND_LAW.md, CONSULTATION.md): the age-40
information duty, 介護休暇 per family member, 介護保険 from 40 only for 特定疾病."""

from __future__ import annotations

import re

from hrcare.core.roles import Role

AGE40_DUTY = ("介護休業", "両立支援制度等", "申出先", "介護休業給付金")


def text(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_age40_duty_on_the_hr_dashboard(client, tenant_a, login_as) -> None:
    login_as(Role.HR_ADMIN)
    page = text(client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True))
    duty = page[page.index("40歳に達する従業員") :][:200]
    for item in AGE40_DUTY:
        assert item in duty, item
    # 介護保険制度 is recommended, not listed first as a duty.
    assert duty.index("介護休業") < duty.index("介護保険制度")
    assert "望まれます" in duty


def test_age40_duty_on_the_settings_page(client, tenant_a, login_as) -> None:
    login_as(Role.HR_ADMIN)
    page = text(client.get(f"/c/{tenant_a.slug}/settings").get_data(as_text=True))
    hint = page[page.index("40歳になる従業員へ") :][:250]
    for item in AGE40_DUTY:
        assert item in hint, item
    assert hint.index("介護休業") < hint.index("介護保険制度") and "望まれます" in hint


def test_employee_home_states_care_days_and_insurance_exactly(client, tenant_a, login_as) -> None:
    login_as(Role.EMPLOYEE)
    page = text(client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True))
    assert "対象家族1人につき年5日、2人以上は年10日" in page
    assert "介護休暇（年5日、" not in page
    assert "40〜64歳で16の特定疾病" in page and "65歳以上" in page
