"""Two submissions of one link at the same moment, on two database connections (two tabs,
two worker processes): exactly one response is stored, the other submission changes nothing.

This test commits real rows (the race needs two transactions that see each other), so it
creates its own company and deletes it afterwards.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.surveys import campaigns
from hrcare.surveys.common import new_token
from hrcare.surveys.models import SurveyInvitation, SurveyPooledAnswer
from hrcare.surveys.submission import submit_response
from hrcare.tenants.models import Company


def race(engine: Engine, invitation_id: int, token_hash: str) -> list[bool]:
    """Two threads, two connections, released together by a barrier; what each one stored."""
    barrier = threading.Barrier(2)
    outcomes: list[bool] = []
    errors: list[BaseException] = []
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def submit() -> None:
        try:
            # As in a request: the app context gives the key that seals the pooled answer.
            with app.app_context(), Session(engine) as session:
                barrier.wait(timeout=10)
                stored = submit_response(
                    session,
                    invitation_id=invitation_id,
                    token_hash=token_hash,
                    answers={"caring_now": "no"},
                    comments={"comment": "同時送信"},
                    consent_version="2026-1",
                    consented_at=utcnow(),
                )
                session.commit()
                outcomes.append(stored)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return outcomes


def test_simultaneous_submissions_store_exactly_one_response(app) -> None:
    engine = db.engine
    with Session(engine) as setup:
        company = Company(slug="race-co", name="競合テスト株式会社")
        setup.add(company)
        setup.flush()
        setup.add(
            Employee(
                company_id=company.id,
                employee_number="R1",
                name="競合",
                department="営業部",
                birth_date=date(1970, 1, 1),
            )
        )
        setup.flush()
        today = today_jst()
        survey = campaigns.create_survey(
            setup,
            company_id=company.id,
            actor_id=None,
            title="race",
            opens_on=today,
            closes_on=today + timedelta(days=1),
        )
        campaigns.open_survey(setup, survey, actor_id=None, today=today, now=utcnow())
        invitation = setup.scalars(
            select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)
        ).one()
        _token, token_hash = new_token()
        invitation.token_hash = token_hash
        setup.commit()
        company_id, survey_id, invitation_id = company.id, survey.id, invitation.id
    try:
        for round_ in range(3):
            outcomes = race(engine, invitation_id, token_hash)
            assert sorted(outcomes) == ([False, True] if round_ == 0 else [False, False])
            with Session(engine) as check:
                assert (
                    check.scalar(
                        select(func.count())
                        .select_from(SurveyPooledAnswer)
                        .where(SurveyPooledAnswer.survey_id == survey_id)
                    )
                    == 1
                )
    finally:
        with Session(engine) as cleanup:
            cleanup.execute(delete(Company).where(Company.id == company_id))
            cleanup.commit()
