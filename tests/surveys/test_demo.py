"""Demo seeding: a closed wave and an open wave with answers shaped like the national data."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, time, timedelta
from statistics import mean

import pytest
from sqlalchemy import func, insert, select

from hrcare.core.clock import JST
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.surveys.demo import seed_demo_surveys
from hrcare.surveys.models import Survey, SurveyComment, SurveyInvitation, SurveyResponse

TODAY = date(2026, 6, 1)
N = 3000


@pytest.fixture
def seeded(tenant_a):
    rng = random.Random(20260601)
    departments = ["営業部", "開発部", "製造部", "総務部", "人事部", "経理部"]
    rows = []
    for i in range(N):
        age = rng.randint(22, 64)
        rows.append(
            {
                "company_id": tenant_a.company.id,
                "employee_number": f"D{i:05d}",
                "name": f"社員{i}",
                "department": rng.choice(departments),
                "birth_date": TODAY - timedelta(days=age * 365 + rng.randint(0, 364)),
                "is_manager": age >= 40 and rng.random() < 0.25,
                "employment_type": "regular",
                "email": f"d{i}@a.example.jp",
            }
        )
    db.session.execute(insert(Employee), rows)
    seed_demo_surveys(db.session, tenant_a.company, today=TODAY, rng=rng)
    db.session.flush()
    surveys = db.session.scalars(
        select(Survey).where(Survey.company_id == tenant_a.company.id).order_by(Survey.wave)
    ).all()
    return surveys


def responses(survey: Survey) -> list[SurveyResponse]:
    return list(
        db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id))
    )


def test_two_waves_closed_then_open(seeded) -> None:
    wave1, wave2 = seeded
    assert (wave1.wave, wave1.status, wave2.wave, wave2.status) == (1, "closed", 2, "open")
    assert wave1.series == wave2.series
    assert wave1.opens_on < TODAY - timedelta(days=150) and wave1.closes_on < TODAY
    assert wave2.opens_on == TODAY - timedelta(days=7) and wave2.closes_on > TODAY
    for survey, low, high in ((wave1, 0.63, 0.77), (wave2, 0.25, 0.35)):
        invited = db.session.scalar(
            select(func.count()).where(SurveyInvitation.survey_id == survey.id)
        )
        responded = db.session.scalar(
            select(func.count()).where(
                SurveyInvitation.survey_id == survey.id, SurveyInvitation.responded.is_(True)
            )
        )
        assert invited == N
        assert len(responses(survey)) == responded
        assert low <= responded / invited <= high
        assert all(r.consented_at.astimezone(JST).time() == time(0) for r in responses(survey))
    assert db.session.scalar(select(func.count()).select_from(SurveyComment)) > 0


def test_answers_look_like_the_national_data(seeded) -> None:
    answers = [r for r in responses(seeded[0])]
    by_band: dict[str, list[bool]] = {}
    for r in answers:
        band = (
            "<40"
            if r.age_band in ("<=29", "30-34", "35-39")
            else "40s"
            if r.age_band in ("40-44", "45-49")
            else "50s"
            if r.age_band in ("50-54", "55-59")
            else "60+"
        )
        by_band.setdefault(band, []).append(r.answers["caring_now"] == "yes")
    share = {band: mean(values) for band, values in by_band.items()}
    assert share["<40"] < 0.05 and 0.02 < share["40s"] < 0.11 and 0.07 < share["50s"] < 0.18
    assert share["<40"] < share["40s"] < share["50s"] <= share["60+"] + 0.03
    carers = [r.answers for r in answers if r.answers["caring_now"] == "yes"]
    statuses = Counter(a["balancing_status"] for a in carers)
    total = sum(statuses.values())
    assert 0.25 < statuses["balancing_well"] / total < 0.45
    assert 0.03 < statuses["considering_leaving"] / total < 0.13
    scores = [a["performance"] for a in carers if a["performance"] != "prefer_not"]
    assert 6.9 < mean(scores) < 7.7 and min(scores) >= 0 and max(scores) <= 10
    relationships = Counter(d["relationship"] for a in carers for d in a["dependents"])
    parents = sum(relationships[k] for k in ("father", "mother", "father_in_law", "mother_in_law"))
    assert parents / sum(relationships.values()) > 0.7
    insurance = Counter(r.answers["knows_insurance"] for r in answers)
    assert 0.52 < insurance["yes"] / len(answers) < 0.68
    centre = Counter(r.answers["knows_center"] for r in answers)
    assert 0.14 < centre["knows_how"] / len(answers) < 0.27


def test_likely_future_peaks_in_the_late_forties_and_fifties(seeded) -> None:
    answers = responses(seeded[0]) + responses(seeded[1])

    def rate(bands):
        group = [r for r in answers if r.age_band in bands and r.answers["caring_now"] == "no"]
        return mean(r.answers["likely_future"] == "very_likely" for r in group)

    assert rate(("45-49", "50-54", "55-59")) > rate(("<=29", "30-34", "35-39")) + 0.1


def test_seeding_nobody_does_nothing(tenant_b) -> None:
    seed_demo_surveys(db.session, tenant_b.company, today=TODAY, rng=random.Random(1))
    assert (
        db.session.scalar(select(func.count()).where(Survey.company_id == tenant_b.company.id)) == 0
    )
