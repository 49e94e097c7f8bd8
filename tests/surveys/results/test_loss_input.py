"""The loss engine's input: one row per invitation, no identities."""

from __future__ import annotations

import pandas as pd

from hrcare.extensions import db
from hrcare.loss.model import estimate
from hrcare.surveys.results.loss_input import COLUMNS, latest_survey_for_loss, loss_frame
from tests.conftest import Tenant
from tests.surveys.results.checker import Person
from tests.surveys.results.conftest import SurveyFactory


def test_frame_has_respondents_and_non_respondents(
    tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    survey = survey_factory.survey(tenant_a.company)
    people = [
        Person("営業部", "50-54", True),
        Person("営業部", "40-44", False),
        Person("開発部", "30-34", False),
        Person("開発部", "55-59", False, responded=False),
        Person("総務部", ">=60", True, responded=False),
    ]
    answers = [
        {"caring_now": "yes", "balancing_status": "considering_leaving", "performance": 6},
        {"caring_now": "no", "likely_future": "very_likely", "balancing_status": "very_hard"},
        {"caring_now": "prefer_not", "likely_future": "very_likely"},
        {},
        {},
    ]
    survey_factory.populate(tenant_a.company, survey, people, answers=answers)
    frame = loss_frame(db.session, tenant_a.company.id, survey.id)
    assert tuple(frame.columns) == COLUMNS and len(frame) == 5
    assert "employee_id" not in frame.columns and "name" not in frame.columns
    respondents = frame[frame["responded"]].sort_values("age_band").reset_index(drop=True)
    assert list(respondents["age_band"]) == ["30-34", "40-44", "50-54"]
    carer = respondents.iloc[2]
    assert carer["is_caregiver"] == True and carer["balancing_status"] == "considering_leaving"  # noqa: E712
    assert carer["performance_score"] == 6.0 and carer["future_caregiver"] == False  # noqa: E712
    not_caring = respondents.iloc[1]
    assert not_caring["is_caregiver"] == False and pd.isna(not_caring["balancing_status"])  # noqa: E712
    assert not_caring["future_caregiver"] == True  # noqa: E712
    unknown = respondents.iloc[0]
    assert pd.isna(unknown["is_caregiver"]) and pd.isna(unknown["future_caregiver"])
    others = frame[~frame["responded"]]
    assert len(others) == 2 and others["is_caregiver"].isna().all()
    assert set(others["department"]) == {"開発部", "総務部"}
    assert frame["value_added_yen"].isna().all()
    result = estimate(frame)  # the engine accepts it as is
    assert result is not None


def test_latest_survey_for_loss(tenant_a: Tenant, survey_factory: SurveyFactory) -> None:
    company = tenant_a.company
    assert latest_survey_for_loss(db.session, company.id) is None
    empty_closed = survey_factory.survey(company, wave=1)
    opened = survey_factory.survey(company, wave=3, status="open")
    survey_factory.populate(company, opened, [Person("営業部", "40-44", False)])
    assert empty_closed is not None
    assert latest_survey_for_loss(db.session, company.id) is None  # open answers are never read
    closed = survey_factory.survey(company, wave=2)
    survey_factory.populate(company, closed, [Person("営業部", "40-44", False)])
    assert latest_survey_for_loss(db.session, company.id) == closed
    survey_factory.survey(company, wave=4, status="draft")
    assert latest_survey_for_loss(db.session, company.id) == closed


def test_other_companies_are_not_read(
    tenant_a: Tenant, tenant_b: Tenant, survey_factory: SurveyFactory
) -> None:
    survey = survey_factory.survey(tenant_b.company)
    survey_factory.populate(tenant_b.company, survey, [Person("営業部", "40-44", False)])
    assert len(loss_frame(db.session, tenant_a.company.id, survey.id)) == 0
    assert latest_survey_for_loss(db.session, tenant_a.company.id) is None
