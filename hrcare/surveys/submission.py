"""Following a personal link, and storing one anonymous response.

The token is the employee's only credential: it is looked up by its sha256 (never stored in
clear). Storing a response is one transaction: the invitation is marked responded with a
conditional UPDATE (``… WHERE responded = false AND the link is its own … AND survey is open``), so
of two simultaneous submissions — two tabs, two processes — exactly one changes a row and
pools its answers; the other stores nothing and is told the survey was already answered.
The pooled answer gets a copy of the invitation's roster snapshot, never the invitation,
the employee or the token; it becomes a ``SurveyResponse`` (and free-text answers
``SurveyComment`` rows linked to nothing) only in a shuffled batch written in a later
transaction (``hrcare.surveys.pool``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import Any

from sqlalchemy import CompoundSelect, Select, bindparam, select, union_all, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, joinedload

from hrcare.core.clock import JST, today_jst
from hrcare.surveys import pool
from hrcare.surveys.campaigns import close_survey
from hrcare.surveys.common import MAX_TOKEN_LENGTH, effective_status, hash_token, is_past_deadline
from hrcare.surveys.models import (
    Survey,
    SurveyInvitation,
    SurveyPreviousLink,
)
from hrcare.tenants.services import Company

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
    return resolve_hash(session, hash_token(token), today)


def _invitations_of(token_hash: Any) -> CompoundSelect:
    """The invitation whose current link, or an earlier one, has this hash: two unique-index
    lookups. (``token_hash = … OR id IN (earlier links)`` reads the same, but PostgreSQL
    cannot use an index for an OR with a subquery and scans every invitation of every
    company on each request of each respondent.)"""
    return union_all(
        select(SurveyInvitation.id).where(SurveyInvitation.token_hash == token_hash),
        select(SurveyPreviousLink.invitation_id).where(SurveyPreviousLink.token_hash == token_hash),
    )


@cache
def _link_query(with_questions: bool) -> Select[Any]:
    """The link's invitation, survey and company, for the bound ``token_hash``. Built once per
    process: it runs on every request of every respondent, and building the statement
    costs more Python than executing its cached compiled form."""
    query = (
        select(SurveyInvitation, Survey, Company)
        .join(Survey, Survey.id == SurveyInvitation.survey_id)
        .join(Company, Company.id == SurveyInvitation.company_id)
        .where(SurveyInvitation.id.in_(_invitations_of(bindparam("token_hash"))))
        # The consent page names the company's hub: one more join, not one more round trip.
        .options(joinedload(Company.hub))
        .execution_options(all_tenants=True)
    )
    return query.options(joinedload(Survey.questions)) if with_questions else query


def resolve_hash(
    session: Session, token_hash: str, today: date, *, with_questions: bool = False
) -> Link:
    """``resolve_link`` for the hash kept in the session after the link's first use (an
    earlier link of the same invitation, kept valid until the wave closes, resolves too).

    ``with_questions``: the survey's questions come in the same statement (the form pages
    need them; loading them lazily would be a second round trip on every page)."""
    if len(token_hash) != 64:
        return Link(UNKNOWN)
    # At most one invitation; with the questions joined it spans one row per question.
    rows = session.execute(_link_query(with_questions), {"token_hash": token_hash}).unique().all()
    if not rows:
        return Link(UNKNOWN)
    invitation, survey, company = rows[0]
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
    """Mark the invitation responded and pool the answers, or do nothing and return False
    when the link was already used (or replaced, or the survey closed) meanwhile.

    The answers are not written as a response here: they join the survey's pool
    (``hrcare.surveys.pool``), written in shuffled batches by ``write_pool`` in a
    transaction of their own. ``consented_at`` only proves consent came first: the stored
    consent time is the wave's (``pool.wave_timestamp``).
    """
    del consented_at  # kept no finer than the wave: see pool.wave_timestamp
    open_surveys = select(Survey.id).where(Survey.status == "open")
    # The roster snapshot comes back with the mark (RETURNING): no second read of the row.
    snapshot = session.execute(
        update(SurveyInvitation)
        .where(
            SurveyInvitation.id == invitation_id,
            SurveyInvitation.id.in_(_invitations_of(token_hash)),
            SurveyInvitation.responded.is_(False),
            SurveyInvitation.survey_id.in_(open_surveys),
        )
        .values(responded=True)
        .returning(
            SurveyInvitation.survey_id,
            SurveyInvitation.department,
            SurveyInvitation.age_band,
            SurveyInvitation.is_manager,
            SurveyInvitation.employment_type,
        )
        .execution_options(synchronize_session=False)
    ).first()
    if snapshot is None:
        return False
    survey = session.get(Survey, snapshot.survey_id)
    assert survey is not None
    pool.add(
        session,
        survey,
        {
            "department": snapshot.department,
            "age_band": snapshot.age_band,
            "is_manager": bool(snapshot.is_manager),
            "employment_type": snapshot.employment_type,
            "consent_version": consent_version,
            "answers": answers,
            "comments": {code: text for code, text in comments.items() if text},
        },
    )
    return True


def write_pool(session: Session, survey_id: int) -> int:
    """Write the survey's pool as responses once it holds the threshold number of answers.

    Run in its own transaction *after* the answer's (the caller commits): so the response
    never shares a transaction with its invitation's mark. Returns how many were written
    (0 when the pool is still small, or another request wrote it meanwhile).
    """
    survey = session.get(Survey, survey_id)
    if survey is None or survey.status != "open":
        return 0
    company = session.get(Company, survey.company_id)
    threshold = company.anonymity_threshold if company else 5
    try:
        return pool.flush(session, survey, minimum=threshold)
    except (pool.PoolRace, OperationalError):
        session.rollback()
        return 0
