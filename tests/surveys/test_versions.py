"""Questionnaire versions: a wave keeps its version, new waves use the newest, codes that keep
their meaning stay comparable, and results and the loss engine read both versions alike."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text

from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.surveys import campaigns
from hrcare.surveys.demo import seed_demo_surveys
from hrcare.surveys.models import Survey, SurveyQuestion
from hrcare.surveys.questionnaire import (
    CURRENT_VERSION,
    KNOWS_LAW_CODES,
    QUESTIONS_V1,
    QUESTIONS_V2,
)
from hrcare.surveys.results.loss_input import loss_frame
from hrcare.surveys.results.queries import load_results
from hrcare.surveys.results.waves import compare

TODAY = date(2026, 6, 1)


def test_codes_that_keep_their_meaning_keep_their_name() -> None:
    v1 = {q.code: q for q in QUESTIONS_V1}
    v2 = {q.code: q for q in QUESTIONS_V2}
    # A changed meaning gets new codes: version 1's mixed "company measures" item is gone.
    assert "knows_measures" in v1 and "knows_measures" not in v2
    assert set(KNOWS_LAW_CODES) | {"knows_company_support"} <= set(v2)
    for code in set(v1) & set(v2):
        assert v1[code].kind == v2[code].kind, code
        assert [o.code for o in v1[code].options] == [o.code for o in v2[code].options], code
    assert v2["dependent_count"].asked_of == "everyone" == v2["dependents"].asked_of
    assert v1["dependent_count"].asked_of == "caregivers"
    assert v2["likely_future"].asked_of == "non_caregivers"
    # Both versions count the five-year item among those not caring now (as the loss does).
    assert v1["likely_future"].base == v2["likely_future"].base == "non_caregivers"


def test_new_surveys_use_the_newest_version_and_old_waves_move_up(tenant_a) -> None:
    company_id = tenant_a.company.id
    old = campaigns.create_survey(
        db.session,
        company_id=company_id,
        actor_id=None,
        title="旧版",
        opens_on=None,
        closes_on=None,
        version=1,
    )
    old.questions.append(
        SurveyQuestion(
            company_id=company_id,
            code="custom_1",
            kind="text",
            position=10_010,
            is_core=False,
            text_ja="独自の設問",
            settings={"section": "custom"},
        )
    )
    old.status = "closed"
    db.session.flush()
    assert old.questionnaire_version == 1
    assert "knows_measures" in {q.code for q in old.questions}
    nxt = campaigns.new_wave(db.session, old, actor_id=None)
    assert nxt.questionnaire_version == CURRENT_VERSION == 2
    codes = [q.code for q in nxt.questions]
    assert codes[: len(QUESTIONS_V2)] == [q.code for q in QUESTIONS_V2]
    assert codes[-1] == "custom_1"  # HR's own items come along
    fresh = campaigns.create_survey(
        db.session, company_id=company_id, actor_id=None, title="新", opens_on=None, closes_on=None
    )
    assert fresh.questionnaire_version == 2
    hours = next(q for q in fresh.questions if q.code == "care_hours")
    assert hours.options[1]["ja"] == "5時間以上10時間未満"


def test_existing_surveys_are_version_one_in_the_database(tenant_a) -> None:
    """The migration's server default: rows written without a version read as version 1."""
    db.session.execute(
        text(
            "INSERT INTO surveys (company_id, title, title_en, series, wave, status, audience,"
            " consent_version, created_at) VALUES (:c, '移行前', '', 'old', 1, 'closed', '{}',"
            " '2026-1', :t)"
        ),
        {"c": tenant_a.company.id, "t": datetime(2026, 1, 1, tzinfo=UTC)},
    )
    version = db.session.scalar(select(Survey.questionnaire_version).where(Survey.series == "old"))
    assert version == 1


@pytest.fixture
def both_versions(tenant_a):
    rng = random.Random(7)
    rows = []
    for i in range(600):
        age = rng.randint(22, 64)
        rows.append(
            {
                "company_id": tenant_a.company.id,
                "employee_number": f"V{i:05d}",
                "name": f"社員{i}",
                "department": rng.choice(["営業部", "製造部", "総務部"]),
                "birth_date": TODAY - timedelta(days=age * 365 + rng.randint(0, 364)),
                "is_manager": age >= 40 and rng.random() < 0.25,
                "employment_type": "regular",
                "email": f"v{i}@a.example.jp",
            }
        )
    db.session.execute(insert(Employee), rows)
    seed_demo_surveys(db.session, tenant_a.company, today=TODAY, rng=rng)
    waves = db.session.scalars(
        select(Survey).where(Survey.company_id == tenant_a.company.id).order_by(Survey.wave)
    ).all()
    waves[1].status = "closed"  # so that its answers are published too
    db.session.flush()
    return tenant_a.company, waves


def test_the_demo_has_a_wave_of_each_version(both_versions) -> None:
    _company, (wave1, wave2) = both_versions
    assert (wave1.questionnaire_version, wave2.questionnaire_version) == (1, 2)


def test_results_and_loss_agree_on_the_five_year_question_in_both_versions(both_versions) -> None:
    company, waves = both_versions
    results = load_results(db.session, company.id, 5, waves)
    for survey in waves:
        future = results[survey.id].question("likely_future")
        assert future is not None and future.question.base == "non_caregivers"
        very = next(o.count for o in future.options if o.code == "very_likely")
        frame = loss_frame(db.session, company.id, survey.id)
        assert very == int(frame["future_caregiver"].fillna(False).sum()), (
            survey.questionnaire_version
        )
        not_caring = int((frame["is_caregiver"] == False).sum())  # noqa: E712
        assert future.base == not_caring


def test_relatives_of_everyone_in_version_two(both_versions) -> None:
    company, (wave1, wave2) = both_versions
    results = load_results(db.session, company.id, 5, [wave1, wave2])
    old, new = results[wave1.id], results[wave2.id]
    assert old.dependents is not None and old.dependents.base == "caregivers"
    assert old.dependents.caregivers == old.caregivers
    assert new.dependents is not None and new.dependents.base == "everyone"
    assert new.dependents.caregivers == new.respondents
    assert new.question("dependent_count").base == new.respondents


def test_waves_of_different_versions_compare_item_by_item(both_versions) -> None:
    company, waves = both_versions
    results = load_results(db.session, company.id, 5, waves)
    comparison = compare([results[s.id] for s in waves])
    blocks = {b.code: b for b in comparison.blocks}
    # Unchanged codes: a figure in each wave.
    assert all(v is not None for v in blocks["knows_insurance"].rows[0].values)
    assert blocks["likely_future"].base == "non_caregivers"
    # Version 1's mixed item only in wave 1, the legal systems only in wave 2.
    assert blocks["knows_measures"].rows[0].values[1] is None
    assert blocks["knows_law_care_leave"].rows[0].values[0] is None
    assert blocks["knows_law_care_leave"].rows[0].values[1] is not None


def test_hr_survey_page_names_whom_each_item_asks_without_codes(hr, draft, tenant_a) -> None:
    html = hr.get(f"/c/{tenant_a.slug}/surveys/{draft.id}").get_data(as_text=True)
    assert "caring_now" not in html and "likely_future" not in html  # codes stay in exports
    assert "介護をしていない方" in html and "介護をしている方" in html and "全員" in html
