"""Following a personal link, and storing one anonymous response.

The token is the employee's only credential: it is looked up by its sha256 (never stored in
clear). Storing a response is one transaction: the invitation is marked responded with a
conditional UPDATE (``… WHERE responded = false AND the link is its own … AND survey is open``), so
of two simultaneous submissions — two tabs, two processes — exactly one changes a row and
stores a response; the other stores nothing and is told the survey was already answered.
The response gets a copy of the invitation's roster snapshot, never the invitation, the
employee or the token; free-text answers become ``SurveyComment`` rows linked to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from hrcare.core.clock import JST, today_jst
from hrcare.surveys.campaigns import close_survey
from hrcare.surveys.common import MAX_TOKEN_LENGTH, effective_status, hash_token, is_past_deadline
from hrcare.surveys.models import (
    Survey,
    SurveyComment,
    SurveyInvitation,
    SurveyPreviousLink,
    SurveyResponse,
)
from hrcare.tenants.models import Company

UNKNOWN = "unknown"  # no such link (mistyped)
NOT_OPEN = "not_open"  # the survey has not started
CLOSED = "closed"  # past the last day, or closed by HR
ANSWERED = "answered"  # this link was already used to answer


@dataclass(frozen=True)
class Link:
    problem: str | None
    token_hash: str = ""
    invitation: SurveyInvitation | None = None
    survey: Survey | None = None
    company: Company | None = None


def resolve_link(session: Session, token: str, today: date) -> Link:
    """What a personal link leads to, or which problem it has. Reads only."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return Link(UNKNOWN)
    token_hash = hash_token(token)
    earlier = select(SurveyPreviousLink.invitation_id).where(
        SurveyPreviousLink.token_hash == token_hash
    )
    row = session.execute(
        select(SurveyInvitation, Survey, Company)
        .join(Survey, Survey.id == SurveyInvitation.survey_id)
        .join(Company, Company.id == SurveyInvitation.company_id)
        .where(or_(SurveyInvitation.token_hash == token_hash, SurveyInvitation.id.in_(earlier)))
        .execution_options(all_tenants=True)
    ).first()
    if row is None:
        return Link(UNKNOWN)
    invitation, survey, company = row
    problem = None
    if survey.status == "draft":
        problem = NOT_OPEN
    elif invitation.responded:
        problem = ANSWERED
    elif effective_status(survey, today) == "closed":
        problem = CLOSED
    return Link(problem, token_hash, invitation, survey, company)


def close_if_expired(session: Session, survey: Survey, *, today: date, now: datetime) -> bool:
    """Record the close of an open survey past its last day (called on an employee's POST:
    a GET never changes state, so until then the survey is only *effectively* closed)."""
    if survey.status == "open" and is_past_deadline(survey, today):
        close_survey(session, survey, actor_id=None, now=now)
        return True
    return False


def consent_timestamp(now: datetime) -> datetime:
    """Consent time kept to the day (the start of the Japanese day): enough to prove consent
    preceded the answer (SECURITY.md item 13), and as coarse as the invitation's own record,
    so that in a small company the time cannot be matched to a log line of the link's use."""
    return datetime.combine(today_jst(now), time(0), tzinfo=JST)


def submit_response(
    session: Session,
    *,
    invitation_id: int,
    token_hash: str,
    answers: dict[str, Any],
    comments: dict[str, str],
    consent_version: str,
    consented_at: datetime,
) -> bool:
    """Mark the invitation responded and store the answers, or do nothing and return False
    when the link was already used (or replaced, or the survey closed) meanwhile."""
    open_surveys = select(Survey.id).where(Survey.status == "open")
    marked = session.execute(
        update(SurveyInvitation)
        .where(
            SurveyInvitation.id == invitation_id,
            or_(
                SurveyInvitation.token_hash == token_hash,
                SurveyInvitation.id.in_(
                    select(SurveyPreviousLink.invitation_id).where(
                        SurveyPreviousLink.token_hash == token_hash
                    )
                ),
            ),
            SurveyInvitation.responded.is_(False),
            SurveyInvitation.survey_id.in_(open_surveys),
        )
        .values(responded=True)
        .execution_options(synchronize_session=False)
    )
    if marked.rowcount != 1:
        return False
    snapshot = session.execute(
        select(
            SurveyInvitation.company_id,
            SurveyInvitation.survey_id,
            SurveyInvitation.department,
            SurveyInvitation.age_band,
            SurveyInvitation.is_manager,
            SurveyInvitation.employment_type,
        ).where(SurveyInvitation.id == invitation_id)
    ).one()
    session.add(
        SurveyResponse(
            company_id=snapshot.company_id,
            survey_id=snapshot.survey_id,
            department=snapshot.department,
            age_band=snapshot.age_band,
            is_manager=snapshot.is_manager,
            employment_type=snapshot.employment_type,
            consent_version=consent_version,
            consented_at=consent_timestamp(consented_at),
            answers=answers,
        )
    )
    for code, text in comments.items():
        if text:
            session.add(
                SurveyComment(
                    company_id=snapshot.company_id,
                    survey_id=snapshot.survey_id,
                    question_code=code,
                    text=text,
                )
            )
    session.flush()
    return True
