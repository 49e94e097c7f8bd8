"""Results fixtures: surveys, invitations and responses inserted directly with the models.

Deliberately independent of the survey services (built concurrently): what results read is
the stored shape documented in hrcare/surveys/models.py.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert

from hrcare.core.db import utcnow
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.surveys.models import (
    Survey,
    SurveyComment,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from hrcare.surveys.questionnaire import (
    AGE_BANDS,
    DEPENDENT_FIELDS,
    PREFER_NOT,
    QUESTIONS_V1,
)
from hrcare.surveys.results.aggregates import SurveyMeta, SurveyResults, compute
from hrcare.surveys.results.definitions import question_defs
from hrcare.surveys.results.services import release_survey
from tests.surveys.results.checker import Person

CANARY = "CANARY-自由記述-7f3a9c"


def standard_question_rows(company_id: int, survey_id: int) -> list[dict[str, Any]]:
    rows = []
    """Version 1's questions (the answers below have its shape), as stored before version 2."""
    for position, q in enumerate(QUESTIONS_V1, start=1):
        options: Any = [{"code": o.code, "ja": o.ja, "en": o.en} for o in q.options]
        if q.kind == "scale":
            options = {"min": q.scale_min, "max": q.scale_max}
        rows.append(
            dict(
                company_id=company_id,
                survey_id=survey_id,
                code=q.code,
                kind=q.kind,
                position=position,
                is_core=True,
                text_ja=q.ja,
                text_en=q.en,
                options=options,
                settings={},
            )
        )
    # HR's own questions: one counted, one free text (never shown in results).
    rows.append(
        dict(
            company_id=company_id,
            survey_id=survey_id,
            code="custom_telework",
            kind="single",
            position=90,
            is_core=False,
            text_ja="在宅勤務の頻度",
            text_en="Telework frequency",
            options=[
                {"code": "opt_1", "ja": "週1日以上", "en": "Weekly"},
                {"code": "opt_2", "ja": "ほとんどしない", "en": "Rarely"},
            ],
            settings={"section": "custom", "caregivers_only": False},
        )
    )
    rows.append(
        dict(
            company_id=company_id,
            survey_id=survey_id,
            code="custom_note",
            kind="text",
            position=91,
            is_core=False,
            text_ja="その他ご意見",
            text_en="Other remarks",
            options=[],
            settings={"section": "custom"},
        )
    )
    return rows


def random_answers(rng: random.Random, caring: str | None = None) -> dict[str, Any]:
    """A plausible set of answers (the shape the answering flow stores)."""
    caring = caring or rng.choices(["yes", "no", "prefer_not"], [3, 12, 1])[0]
    answers: dict[str, Any] = {"caring_now": caring}
    if caring == "yes":
        count = rng.choice(["1", "1", "2", "3_plus", PREFER_NOT])
        answers["dependent_count"] = count
        answers["dependents"] = [
            {
                name: rng.choice([o.code for o in opts] + [PREFER_NOT])
                for name, opts in DEPENDENT_FIELDS.items()
            }
            for _ in range({"1": 1, "2": 2, "3_plus": 3}.get(count, 0))
        ]
        answers["balancing_status"] = rng.choice(
            [
                "balancing_well",
                "managing",
                "managing",
                "very_hard",
                "considering_leaving",
                PREFER_NOT,
            ]
        )
        answers["performance"] = rng.choice([*range(3, 11), PREFER_NOT])
        answers["care_hours"] = rng.choice(["under_5", "5_10", "10_20", "20_plus"])
        answers["care_leave_days"] = rng.choice(["0", "1_5", "6_20", "21_plus"])
    answers["likely_future"] = rng.choice(["very_likely", "possible", "no", PREFER_NOT])
    answers["anxiety"] = rng.choice(["very_anxious", "anxious", "a_little", "not_anxious"])
    answers["knows_insurance"] = rng.choice(["yes", "name_only", "no"])
    answers["knows_center"] = rng.choice(["knows_how", "name_only", "no"])
    answers["knows_measures"] = rng.choice(["yes", "some", "no", "unsure_exist"])
    answers["can_talk"] = rng.choice(["yes", "no", "not_sure"])
    answers["can_continue"] = rng.choice(["yes", "no", "dont_know", PREFER_NOT])
    answers["helpful_support"] = rng.choice(
        [
            ["flexible_hours", "telework"],
            ["leave"],
            ["information", "consultation"],
            [PREFER_NOT],
            ["none"],
        ]
    )
    answers["custom_telework"] = rng.choice(["opt_1", "opt_2"])
    answers["custom_note"] = CANARY  # a custom free-text answer left in the JSON on purpose
    return answers


class SurveyFactory:
    """Creates surveys and their population in one flush per call."""

    def __init__(self) -> None:
        self.counter = 0

    def survey(
        self,
        company: Any,
        *,
        status: str = "closed",
        wave: int = 1,
        series: str = "caregiving",
        title: str = "介護の実態把握調査",
        questions: bool = True,
        opened_days_ago: int = 30,
    ) -> Survey:
        survey = Survey(
            company_id=company.id,
            title=title,
            title_en="Caregiving survey",
            series=series,
            wave=wave,
            status=status,
            opens_on=date.today() - timedelta(days=opened_days_ago),
            closes_on=date.today() - timedelta(days=1) if status == "closed" else None,
            opened_at=utcnow() - timedelta(days=opened_days_ago) if status != "draft" else None,
            closed_at=utcnow() if status == "closed" else None,
            questionnaire_version=1,
        )
        db.session.add(survey)
        db.session.flush()
        if questions:
            db.session.execute(
                insert(SurveyQuestion), standard_question_rows(company.id, survey.id)
            )
        return survey

    def populate(
        self,
        company: Any,
        survey: Survey,
        people: Sequence[Person],
        *,
        seed: int = 1,
        answers: Sequence[dict[str, Any]] | None = None,
        release: bool = True,
    ) -> None:
        """Employees, one invitation each, and a response for those who answered; a closed
        survey is then released (as closing it does), unless ``release`` is False."""
        rng = random.Random(seed)
        base = self.counter
        self.counter += len(people)
        employees = [
            Employee(
                company_id=company.id,
                employee_number=f"R{survey.id}-{base + i:06d}",
                name=f"回答者{base + i}",
                department=p.department,
                birth_date=date(1975, 1, 1),
                is_manager=p.is_manager,
            )
            for i, p in enumerate(people)
        ]
        db.session.add_all(employees)
        db.session.flush()
        invitations, responses = [], []
        for i, (p, e) in enumerate(zip(people, employees, strict=True)):
            invitations.append(
                dict(
                    company_id=company.id,
                    survey_id=survey.id,
                    employee_id=e.id,
                    token_hash=f"{survey.id:08d}{base + i:056d}",
                    department=p.department,
                    age_band=p.age_band,
                    is_manager=p.is_manager,
                    employment_type="regular",
                    invited_on=date.today(),
                    responded=p.responded,
                )
            )
            if p.responded:
                given = answers[i] if answers is not None else random_answers(rng, p.caring)
                responses.append(
                    dict(
                        company_id=company.id,
                        survey_id=survey.id,
                        department=p.department,
                        age_band=p.age_band,
                        is_manager=p.is_manager,
                        employment_type="regular",
                        consent_version="2026-1",
                        consented_at=utcnow(),
                        answers=given,
                    )
                )
        if invitations:
            db.session.execute(insert(SurveyInvitation), invitations)
        if responses:
            db.session.execute(insert(SurveyResponse), responses)
        if survey.status == "closed" and release:
            # A closed wave is published only through its release, made at close.
            release_survey(db.session, survey, today=date.today())

    def comment(self, company: Any, survey: Survey, text: str = CANARY) -> None:
        db.session.add(
            SurveyComment(
                company_id=company.id, survey_id=survey.id, question_code="comment", text=text
            )
        )
        db.session.flush()


@pytest.fixture
def survey_factory(app: Any) -> SurveyFactory:
    return SurveyFactory()


def simple_org(sizes: dict[str, int], *, caring_every: int = 4, seed: int = 3) -> list[Person]:
    """Departments of the given sizes, ages spread over the bands, every 5th a manager."""
    rng = random.Random(seed)
    people = []
    for dept, size in sizes.items():
        for i in range(size):
            people.append(
                Person(
                    dept,
                    rng.choice(AGE_BANDS[2:]),
                    i % 5 == 0,
                    True,
                    "yes" if i % caring_every == 0 else "no",
                )
            )
    return people


@pytest.fixture
def count_queries(app: Any) -> Iterator[list[str]]:
    """SQL statements executed while the fixture is active."""
    statements: list[str] = []

    def listener(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    yield statements
    event.remove(engine, "before_cursor_execute", listener)


def wave_results(
    wave: int, status: str, threshold: int, people: list[Person], seed: int
) -> SurveyResults:
    """Results computed straight from a random organisation (no database): each responding
    person with random answers, the invitation counts from everyone."""
    rng = random.Random(seed)
    responses = [
        (p.department, p.age_band, p.is_manager, random_answers(rng, p.caring))
        for p in people
        if p.responded
    ]
    invitations: dict[tuple[str, str, bool], int] = {}
    for p in people:
        key = (p.department, p.age_band, p.is_manager)
        invitations[key] = invitations.get(key, 0) + 1
    meta = SurveyMeta(wave, "調査", "Survey", "caregiving", wave, status)
    return compute(meta, question_defs([], 1), responses, invitations, threshold)
