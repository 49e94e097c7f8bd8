"""Survey fixtures: a small roster, surveys in each state, personal links with known tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.surveys import campaigns
from hrcare.surveys.common import new_token
from hrcare.surveys.models import Survey, SurveyInvitation
from hrcare.surveys.questionnaire import KNOWS_LAW_CODES
from tests.conftest import Tenant, sign_in

# department, birth date, manager, employment type, e-mail?
ROSTER = [
    ("営業部", date(1960, 5, 1), True, "regular", True),
    ("営業部", date(1970, 6, 2), False, "regular", True),
    ("営業部", date(1975, 7, 3), False, "contract", True),
    ("営業部", date(1985, 8, 4), False, "regular", True),
    ("営業部", date(1995, 9, 5), False, "part_time", False),
    ("営業部", date(1990, 1, 6), False, "regular", True),
    ("開発部", date(1968, 2, 7), True, "regular", True),
    ("開発部", date(1980, 3, 8), False, "regular", True),
    ("開発部", date(1988, 4, 9), False, "regular", False),
    ("開発部", date(1992, 5, 10), False, "contract", True),
    ("開発部", date(1999, 6, 11), False, "regular", True),
    ("総務部", date(1966, 7, 12), False, "regular", True),
    ("総務部", date(1979, 8, 13), False, "part_time", True),
    ("法務部", date(1972, 9, 14), False, "regular", True),
]


@pytest.fixture
def roster(tenant_a: Tenant, make_employee: Callable[..., Employee]) -> list[Employee]:
    people = []
    for i, (dept, birth, manager, kind, has_email) in enumerate(ROSTER, start=1):
        people.append(
            make_employee(
                tenant_a.company,
                employee_number=f"A{i:03d}",
                name=f"社員{i}",
                department=dept,
                birth_date=birth,
                is_manager=manager,
                employment_type=kind,
                email=f"a{i}@a.example.jp" if has_email else None,
            )
        )
    # Someone who left: never invited.
    make_employee(
        tenant_a.company,
        employee_number="A999",
        name="退職者",
        department="営業部",
        email="gone@a.example.jp",
        left_at=utcnow(),
    )
    return people


@pytest.fixture
def today() -> date:
    return today_jst()


@pytest.fixture
def draft(tenant_a: Tenant, roster: list[Employee], today: date) -> Survey:
    return campaigns.create_survey(
        db.session,
        company_id=tenant_a.company.id,
        actor_id=tenant_a.users[Role.HR_ADMIN].id,
        title="介護アンケート",
        title_en="Care survey",
        opens_on=today,
        closes_on=today + timedelta(days=14),
    )


@pytest.fixture
def opened(draft: Survey, tenant_a: Tenant, today: date) -> Survey:
    campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())
    db.session.commit()
    return draft


def invitations(survey: Survey) -> list[SurveyInvitation]:
    return list(
        db.session.scalars(
            select(SurveyInvitation)
            .where(SurveyInvitation.survey_id == survey.id)
            .order_by(SurveyInvitation.id)
        )
    )


@pytest.fixture
def issue() -> Callable[[SurveyInvitation], str]:
    """Give an invitation a link whose token the test knows (as the e-mail job would)."""

    def _issue(invitation: SurveyInvitation) -> str:
        token, token_hash = new_token()
        invitation.token_hash = token_hash
        invitation.link_issued_on = today_jst()
        db.session.commit()
        return token

    return _issue


@pytest.fixture
def token(opened: Survey, issue: Callable[[SurveyInvitation], str]) -> str:
    return issue(invitations(opened)[0])


@pytest.fixture
def hr(client: FlaskClient, tenant_a: Tenant) -> FlaskClient:
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    return client


_LAW_KNOWN = {code: "name_only" for code in KNOWS_LAW_CODES}

# A complete set of answers for a caregiver with two relatives, page by page (version 2).
CAREGIVER_PAGES: dict[str, dict[str, Any]] = {
    "now": {"caring_now": "yes"},
    "relatives": {"dependent_count": "2", "parents_75_plus": "1", "parents_far": "no"},
    "care": {
        "balancing_status": "managing",
        "performance": "7",
        "care_hours": "5_10",
        "care_leave_days": "1_5",
    },
    "dependents": {
        "dep1_relationship": "mother",
        "dep1_age_band": "85_plus",
        "dep1_residence": "far",
        "dep1_care_level": "care_2",
        "dep1_main_carer": "professional",
        "dep1_prefecture": "01",
        "dep2_relationship": "father_in_law",
        "dep2_age_band": "75_84",
        "dep2_residence": "near",
        "dep2_care_level": "prefer_not",
        "dep2_main_carer": "spouse",
        "dep2_prefecture": "",
    },
    "ahead": {"anxiety": "anxious"},
    "knowledge": {
        "knows_insurance": "yes",
        "knows_center": "name_only",
        **_LAW_KNOWN,
        "knows_law_care_leave": "content",
        "knows_company_support": "some",
        "can_talk": "prefer_not",
        "can_continue": "dont_know",
        "helpful_support": ["telework", "information"],
    },
    "other": {"comment": "上司に相談しにくいです。"},
}
NON_CAREGIVER_PAGES: dict[str, dict[str, Any]] = {
    "now": {"caring_now": "no"},
    "relatives": {"dependent_count": "0", "parents_75_plus": "0", "parents_far": "none"},
    "ahead": {"likely_future": "possible", "anxiety": "a_little"},
    "knowledge": {
        "knows_insurance": "name_only",
        "knows_center": "no",
        **_LAW_KNOWN,
        "knows_company_support": "unsure_exist",
        "can_talk": "yes",
        "can_continue": "yes",
        "helpful_support": ["none"],
    },
    "other": {"comment": ""},
}
# Version 1 (waves opened before version 2 keep asking it).
CAREGIVER_PAGES_V1: dict[str, dict[str, Any]] = {
    "now": {"caring_now": "yes"},
    "care": {"dependent_count": "2", **CAREGIVER_PAGES["care"]},
    "dependents": CAREGIVER_PAGES["dependents"],
    "ahead": {"likely_future": "very_likely", "anxiety": "anxious"},
    "knowledge": {
        "knows_insurance": "yes",
        "knows_center": "name_only",
        "knows_measures": "some",
        "can_talk": "prefer_not",
        "can_continue": "dont_know",
        "helpful_support": ["telework", "information"],
    },
    "other": {"comment": "上司に相談しにくいです。"},
}


def consent(client: FlaskClient, token: str) -> Any:
    return client.post(f"/s/{token}", data={"agree": "y"})


def answer_all(client: FlaskClient, token: str, pages: dict[str, dict[str, Any]]) -> Any:
    """Consent, then submit every page in order; returns the last response."""
    consent(client, token)
    response = None
    for key, data in pages.items():
        response = client.post(f"/s/answer?p={key}", data={**data, "nav": "next"})
        assert response.status_code == 302, (
            key,
            response.status_code,
            response.get_data(as_text=True)[:2000],
        )
    return response


def write_pool(survey: Any) -> None:
    """Write the pooled answers as responses, as the close does (answers wait in a pool
    until the threshold number have come in: see hrcare/surveys/pool.py)."""
    from hrcare.extensions import db
    from hrcare.surveys import pool

    pool.flush(db.session, survey, minimum=1)
    db.session.commit()
