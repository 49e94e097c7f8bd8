"""The one adapter to survey results: published figures only, per wave; the demo end to end."""

from __future__ import annotations

import random
from datetime import date

from hrcare.checklists import demo, figures, ledger, plan, recommend
from hrcare.extensions import db
from hrcare.surveys.demo import seed_demo_surveys
from hrcare.surveys.questionnaire import CARING
from hrcare.surveys.results.services import release_for

TODAY = date(2026, 6, 1)


def _company_with_waves(tenant, make_employee, n: int):
    rng = random.Random(7)
    for i in range(n):
        make_employee(
            tenant.company,
            birth_date=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            department=("営業部", "製造部", "総務部")[i % 3],
            hire_date=date(2015, 4, 1),
        )
    seed_demo_surveys(db.session, tenant.company, today=TODAY, rng=rng)


def test_waves_carry_published_figures_only(session, tenant_a, make_employee) -> None:
    _company_with_waves(tenant_a, make_employee, 120)
    waves = figures.company_waves(session, tenant_a.company)
    assert [w.wave for w in waves] == [1, 2]
    closed, open_ = waves
    assert closed.closed and not open_.closed
    assert {"response_rate", "caregiver_share", "knows_legal_share"} <= set(closed.figures)
    # while a wave is open only participation is published
    assert set(open_.figures) <= {"response_rate"}
    assert figures.latest_released(waves) is closed
    n = closed.figures["caregiver_share"].n
    assert n == closed.respondents


def test_nothing_below_the_threshold(session, tenant_a, make_employee) -> None:
    tenant_a.company.anonymity_threshold = 200  # in force when the wave closes and is released
    _company_with_waves(tenant_a, make_employee, 60)
    waves = figures.company_waves(session, tenant_a.company)
    assert [w.wave for w in waves] == [1, 2]
    assert all(w.figures == {} for w in waves)
    assert [r.rule.code for r in recommend.recommendations(session, tenant_a.company)] == [
        "no_release",
        "no_indicators",
    ]


def test_figures_come_from_the_frozen_release(session, tenant_a, make_employee) -> None:
    """A threshold change after the release changes nothing already published: the figures and
    the recommendations read the release, not the answers."""
    _company_with_waves(tenant_a, make_employee, 120)
    before = recommend.recommendations(session, tenant_a.company)
    closed = figures.latest_released(figures.company_waves(session, tenant_a.company))
    assert closed is not None
    released = release_for(session, tenant_a.company.id, closed.survey_id)
    assert released is not None and released.threshold == 5
    share = released.results.question(CARING).pct("yes")
    assert closed.figures["caregiver_share"].pct == float(share)

    tenant_a.company.anonymity_threshold = 200  # nobody's group would reach it now
    after = figures.latest_released(figures.company_waves(session, tenant_a.company))
    assert after == closed
    assert [
        (r.rule.code, r.value, r.n) for r in recommend.recommendations(session, tenant_a.company)
    ] == [(r.rule.code, r.value, r.n) for r in before]


def test_demo_seeder_gives_a_partly_done_plan_and_a_ledger(
    session, tenant_a, make_employee
) -> None:
    _company_with_waves(tenant_a, make_employee, 120)
    tenant_a.company.consultation_contact = "人事部 両立支援担当 内線1234"
    demo.seed_demo_plan(session, tenant_a.company, today=TODAY, rng=random.Random(1))
    progress = plan.progress(session, tenant_a.company.id)
    assert 0 < progress.done < progress.applicable
    assert plan.tracked_indicators(session, tenant_a.company.id)
    assert ledger.measures(session, tenant_a.company.id).environment_duty_met
    assert ledger.individual_notices(session, tenant_a.company.id)
    entries = ledger.age40_entries(session, tenant_a.company, TODAY, scope="audit")
    statuses = {e.status for e in entries}
    assert "overdue" in statuses and "informed" in statuses
