"""Answers wait in a pool and are written as responses in shuffled batches.

Why: a response written in the transaction that marks the invitation "answered" shares its
transaction id (PostgreSQL ``xmin``); a response written alone gets the next rowid (SQLite)
and the next position in the table, which follow the order people answered in — and the
invitations' own transactions tell that order. Anyone with the database could join the two.

So an answer is first stored as a ``SurveyPooledAnswer`` (in the transaction that marks the
invitation, so an answer is never lost nor stored twice), and written as a
``SurveyResponse`` only in a batch: once the pool holds at least the threshold number of
answers, and whatever remains when the wave closes. The batch is shuffled, written in one
transaction of its own that also deletes the pooled rows, with random ids and the consent
time kept to the wave (the day it opened). At rest, a response then tells only which batch
of at least ``threshold`` answers it came in (the last batch of a wave may be smaller when
few answered after the last full batch; it is written at the close, with nothing else to
order it against).
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hrcare.core import sealing
from hrcare.core.clock import JST, today_jst
from hrcare.surveys.models import Survey, SurveyComment, SurveyPooledAnswer, SurveyResponse

_shuffle = random.SystemRandom().shuffle
_PURPOSE = "survey-pool"


def _context(survey: Survey) -> str:
    """What a sealed answer is bound to: it opens only in its own company's wave."""
    return f"{survey.company_id}:{survey.id}"


def wave_timestamp(survey: Survey) -> datetime:
    """The only consent time a response keeps: the start of the wave's first day (JST).
    Consent always precedes the answer, and nothing finer than the wave is stored."""
    day = survey.opens_on or today_jst(survey.opened_at)
    return datetime.combine(day, time(0), tzinfo=JST)


def add(session: Session, survey: Survey, payload: dict[str, Any]) -> None:
    """Pool one answer (``payload``: snapshot, consent version, answers, comments), sealed:
    the pooled row shares its transaction with the invitation's "answered" mark, so its
    content is readable only with the application's secret key (``core.sealing``)."""
    sealed = sealing.seal(payload, purpose=_PURPOSE, context=_context(survey))
    session.add(
        SurveyPooledAnswer(
            id=str(uuid.uuid4()), company_id=survey.company_id, survey_id=survey.id, payload=sealed
        )
    )
    session.flush()


def pooled(session: Session, survey: Survey) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(SurveyPooledAnswer)
            .where(
                SurveyPooledAnswer.company_id == survey.company_id,
                SurveyPooledAnswer.survey_id == survey.id,
            )
        )
        or 0
    )


def flush(session: Session, survey: Survey, *, minimum: int) -> int:
    """Write every pooled answer of ``survey`` as responses when there are at least
    ``minimum``. Returns how many were written; flushes, never commits. Two flushes
    racing: the second deletes nothing and raises ``PoolRace`` (the caller rolls back)."""
    if pooled(session, survey) < max(minimum, 1):
        return 0
    payloads = _take_pool(session, survey)
    if len(payloads) < max(minimum, 1):  # taken by another writer meanwhile
        raise PoolRace()
    _write(session, survey, payloads, [])
    return len(payloads)


def close(session: Session, survey: Survey) -> int:
    """At the close: write what is left in the pool *and rewrite every response and comment
    of the wave* in one shuffled batch with new random ids, so that at rest a closed wave
    is a single batch of everyone who answered — the last, possibly small, pool included.
    (PostgreSQL keeps the replaced row versions until vacuum: reading those needs the
    server's files, not a database account.) Returns the number of responses."""
    payloads = _take_pool(session, survey)
    comments: list[tuple[str, str]] = []
    for payload in payloads:
        comments += [(c, t) for c, t in (payload.pop("comments", None) or {}).items() if t]
    scope = (SurveyResponse.company_id == survey.company_id, SurveyResponse.survey_id == survey.id)
    written = list(session.scalars(select(SurveyResponse).where(*scope)))
    for r in written:
        payloads.append(
            {
                "department": r.department,
                "age_band": r.age_band,
                "is_manager": r.is_manager,
                "employment_type": r.employment_type,
                "consent_version": r.consent_version,
                "answers": r.answers,
            }
        )
    comment_scope = (
        SurveyComment.company_id == survey.company_id,
        SurveyComment.survey_id == survey.id,
    )
    texts = list(session.scalars(select(SurveyComment).where(*comment_scope)))
    comments += [(c.question_code, c.text) for c in texts]
    for row in [*written, *texts]:
        session.expunge(row)
    for model, where in ((SurveyResponse, scope), (SurveyComment, comment_scope)):
        session.execute(delete(model).where(*where).execution_options(synchronize_session=False))
    _write(session, survey, payloads, comments)
    return len(payloads)


def _take_pool(session: Session, survey: Survey) -> list[dict[str, Any]]:
    """The pooled answers of ``survey``, deleted from the pool (in this transaction)."""
    rows = list(
        session.scalars(
            select(SurveyPooledAnswer).where(
                SurveyPooledAnswer.company_id == survey.company_id,
                SurveyPooledAnswer.survey_id == survey.id,
            )
        )
    )
    if not rows:
        return []
    ids = [r.id for r in rows]
    context = _context(survey)
    payloads = [sealing.unseal(r.payload or {}, purpose=_PURPOSE, context=context) for r in rows]
    for r in rows:
        session.expunge(r)
    gone = session.execute(
        delete(SurveyPooledAnswer)
        .where(SurveyPooledAnswer.id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    if gone.rowcount != len(ids):
        raise PoolRace()
    return payloads


def _write(
    session: Session,
    survey: Survey,
    payloads: list[dict[str, Any]],
    comments: list[tuple[str, str]],
) -> None:
    """Insert shuffled responses and comments with random ids and the wave's timestamp."""
    for payload in payloads:
        comments += [(c, t) for c, t in (payload.get("comments") or {}).items() if t]
    _shuffle(payloads)
    _shuffle(comments)  # comments are unlinked from responses: their order is their own
    consented_at = wave_timestamp(survey)
    session.add_all(
        [
            SurveyResponse(
                id=str(uuid.uuid4()),
                company_id=survey.company_id,
                survey_id=survey.id,
                department=payload.get("department", ""),
                age_band=payload["age_band"],
                is_manager=bool(payload.get("is_manager")),
                employment_type=payload.get("employment_type", "regular"),
                consent_version=payload["consent_version"],
                consented_at=consented_at,
                answers=payload.get("answers") or {},
            )
            for payload in payloads
        ]
    )
    session.add_all(
        [
            SurveyComment(
                id=str(uuid.uuid4()),
                company_id=survey.company_id,
                survey_id=survey.id,
                question_code=code,
                text=text,
            )
            for code, text in comments
        ]
    )
    session.flush()


class PoolRace(RuntimeError):
    """Another transaction wrote this pool meanwhile: roll back, nothing is lost."""
