"""Issue 12: the plan and legal duties (progress by step, the ledger's status, overdue items
named), the three next actions on the summary, and 効果検証 (the tracked indicators across
two released waves) — in Japanese and English; the report reads releases only."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from hrcare.checklists import ledger, plan
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.reports.build import build_report
from hrcare.reports.services import inputs_key, report_inputs
from hrcare.surveys import services as surveys
from hrcare.surveys.models import Survey
from tests.conftest import Tenant

from .conftest import pdf_text

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
OVERDUE_NUMBER = "OVD-4040"
HEADINGS = {
    "ja": (
        "両立支援の計画と法定対応",
        "ガイドラインの取組の進捗",
        "法定対応の状況",
        "期限を過ぎている項目",
        "次に取り組むこと",
        "効果検証",
    ),
    "en": (
        "Work–care plan and legal duties",
        "Progress of the guideline actions",
        "Legal duties",
        "Overdue items",
        "Next actions",
        "Evaluation of effect",
    ),
}
OVERDUE_ACTION = {"ja": "1-2 経営者からのメッセージ発信", "en": "1-2"}


@pytest.fixture
def with_plan(planted: Tenant, make_employee) -> Tenant:  # type: ignore[no-untyped-def]
    """Tenant A with an overdue action, an employee whose age-40 window closed uninformed,
    one environment measure, tracked indicators, and both waves closed (two releases)."""
    company = planted.company
    hr = Actor(planted.users[Role.HR_ADMIN].id, "hr_admin", company.id)
    make_employee(company, employee_number=OVERDUE_NUMBER, birth_date=date(1985, 6, 15))
    plan.update_action(
        db.session,
        hr,
        company,
        "1-2",
        status="in_progress",
        owner_id=planted.users[Role.HR_ADMIN].id,
        due_date=date(2026, 10, 1),
        notes="",
        na_reason="",
        details={},
        today=date(2026, 9, 1),
        now=NOW,
    )
    plan.update_action(
        db.session,
        hr,
        company,
        "1-1",
        status="done",
        owner_id=None,
        due_date=None,
        notes="",
        na_reason="",
        details={},
        today=TODAY,
        now=NOW,
    )
    ledger.save_measure(
        db.session,
        hr,
        company,
        code="desk",
        in_place=True,
        since=date(2025, 4, 1),
        note="",
        today=TODAY,
        now=NOW,
    )
    plan.set_indicators(
        db.session,
        hr,
        company,
        {"response_rate": 80.0, "caregiver_share": None},
        chosen={"response_rate", "caregiver_share"},
        now=NOW,
    )
    for survey in db.session.scalars(
        select(Survey).where(Survey.company_id == company.id, Survey.status == "open")
    ):
        surveys.close_survey(db.session, survey, actor_id=None, now=NOW)
    db.session.flush()
    return planted


def _build(tenant: Tenant, language: str):  # type: ignore[no-untyped-def]
    set_current_company(db.session, tenant.company)
    return build_report(db.session, tenant.company, language=language, today=TODAY)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_plan_section_next_actions_and_effect(with_plan: Tenant, language: str) -> None:
    built = _build(with_plan, language)
    text = pdf_text(built.pdf)
    flat = text.replace("\n", "")
    for heading in HEADINGS[language]:
        assert heading in flat, heading
    assert OVERDUE_ACTION[language] in flat  # the overdue plan action, named
    assert OVERDUE_NUMBER in flat  # the age-40 entry whose window closed uninformed
    assert "2026-10-01" in flat  # with its due date
    plan_section = built.content.plan
    assert plan_section is not None and plan_section.done == 1
    assert plan_section.overdue is not None
    items = [row[1] for row in plan_section.overdue.rows]
    assert items[0].startswith("1-2 ") and any(OVERDUE_NUMBER in item for item in items)
    assert 1 <= len(built.content.next_actions) <= 3
    # 効果検証: two released waves, so each tracked indicator has a change
    assert plan_section.effect is not None
    rows = {row[0]: row for row in plan_section.effect.rows}
    assert len(rows) == 2 and all(row[2] is not None for row in rows.values())
    assert "→" in flat
    if language == "en":
        assert "経営者からのメッセージ発信" not in flat


def test_report_inputs_name_the_release_and_follow_the_plan(with_plan: Tenant) -> None:
    company = with_plan.company
    first = report_inputs(db.session, company, "ja", TODAY)
    latest = surveys.latest_survey_for_loss(db.session, company.id)
    assert latest is not None and first["release"][0] == latest.id
    assert report_inputs(db.session, company, "ja", TODAY) == first  # same inputs, same key
    hr = Actor(with_plan.users[Role.HR_ADMIN].id, "hr_admin", company.id)
    plan.update_action(
        db.session,
        hr,
        company,
        "1-2",
        status="done",
        owner_id=None,
        due_date=None,
        notes="",
        na_reason="",
        details={},
        today=TODAY,
        now=NOW,
    )
    changed = report_inputs(db.session, company, "ja", TODAY)
    assert inputs_key(changed) != inputs_key(first)  # the plan section would say otherwise
    assert changed["release"] == first["release"]
