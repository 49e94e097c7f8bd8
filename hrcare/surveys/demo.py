"""Demo surveys: a closed wave 1 (about six months ago, questionnaire version 1) and an open
wave 2 (opened a week ago, version 2), so every page shows both versions.

The answers are ``demo_answers``'s (shaped like the national data). Everything is drawn from
``rng`` (reproducible) and written with bulk inserts (a 3,000-person company takes well
under a second of SQL).
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from hrcare.core.clock import JST
from hrcare.roster import services as roster
from hrcare.roster.services import Employee
from hrcare.surveys import campaigns, pool
from hrcare.surveys.common import hash_token
from hrcare.surveys.demo_answers import COMMENTS, synthetic_answers
from hrcare.surveys.models import Survey, SurveyComment, SurveyInvitation, SurveyResponse
from hrcare.surveys.questionnaire import age_band
from hrcare.surveys.submission import consent_timestamp


def _moment(rng: random.Random, first: date, last: date) -> datetime:
    """A plausible answering moment between two days, kept as consent is kept (to the day)."""
    day = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
    local = datetime.combine(day, time(rng.randint(8, 22), rng.randint(0, 59)), tzinfo=JST)
    return consent_timestamp(local)


def _seed_wave(
    session: Session,
    survey: Survey,
    employees: list[Employee],
    *,
    rng: random.Random,
    invited_on: date,
    answered_until: date,
    rate: float,
) -> None:
    wave_at = pool.wave_timestamp(survey)
    invitations: list[dict[str, Any]] = []
    responses: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    for e in employees:
        age = roster.age_on(e.birth_date, invited_on)
        snapshot = {
            "department": e.department or "",
            "age_band": age_band(age),
            "is_manager": bool(e.is_manager),
            "employment_type": e.employment_type,
        }
        responded = rng.random() < rate
        invitations.append(
            {
                "company_id": survey.company_id,
                "survey_id": survey.id,
                "employee_id": e.id,
                "token_hash": hash_token(f"demo:{rng.getrandbits(128):032x}"),
                "invited_on": invited_on,
                "link_issued_on": invited_on,
                "responded": responded,
                **snapshot,
            }
        )
        if not responded:
            continue
        responses.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "company_id": survey.company_id,
                "survey_id": survey.id,
                "consent_version": survey.consent_version,
                # The draw is kept so the demo's figures stay as they were; what is stored
                # is the wave's timestamp, as for real answers (pool.wave_timestamp).
                "consented_at": _moment(rng, invited_on, answered_until) and wave_at,
                "answers": synthetic_answers(
                    rng, age, bool(e.is_manager), survey.wave, survey.questionnaire_version
                ),
                **snapshot,
            }
        )
        if rng.random() < 0.04:
            comments.append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "company_id": survey.company_id,
                    "survey_id": survey.id,
                    "question_code": "comment",
                    "text": rng.choice(COMMENTS),
                }
            )
    rng.shuffle(responses)  # storage order tells nothing about who answered when
    for model, rows in (
        (SurveyInvitation, invitations),
        (SurveyResponse, responses),
        (SurveyComment, comments),
    ):
        if rows:
            session.execute(insert(model), rows)


def _at_nine(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=JST)


def seed_demo_surveys(session: Session, company: Any, *, today: date, rng: random.Random) -> None:
    """A closed wave 1 (about six months ago, ~65–75 % answered) and an open wave 2 (opened a
    week ago, ~30 % answered so far) for ``company``'s active roster. Flushes, never commits."""
    employees = roster.active_employees(session, company.id)
    if not employees:
        return
    opens_1 = today - timedelta(days=182)
    closes_1 = opens_1 + timedelta(days=20)
    wave1 = campaigns.create_survey(
        session,
        company_id=company.id,
        actor_id=None,
        title=campaigns.DEFAULT_TITLE,
        title_en=campaigns.DEFAULT_TITLE_EN,
        opens_on=opens_1,
        closes_on=closes_1,
        version=1,
    )
    wave1.status, wave1.opened_at = "open", _at_nine(opens_1)
    session.flush()
    _seed_wave(
        session,
        wave1,
        employees,
        rng=rng,
        invited_on=opens_1,
        answered_until=closes_1,
        rate=rng.uniform(0.65, 0.75),
    )
    # Closed as HR closes a wave: the release is computed then, once.
    campaigns.close_survey(
        session, wave1, actor_id=None, now=_at_nine(closes_1 + timedelta(days=1))
    )

    wave2 = campaigns.new_wave(session, wave1, actor_id=None)
    opens_2 = today - timedelta(days=7)
    wave2.opens_on, wave2.closes_on = opens_2, today + timedelta(days=14)
    wave2.status, wave2.opened_at = "open", _at_nine(opens_2)
    session.flush()
    _seed_wave(
        session,
        wave2,
        employees,
        rng=rng,
        invited_on=opens_2,
        answered_until=today - timedelta(days=1),
        rate=rng.uniform(0.27, 0.33),
    )
