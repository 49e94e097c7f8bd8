"""Survey campaigns: create, edit, open, close, repeat as a new wave, delete a draft.

draft → open → closed, each by an explicit action. Opening takes the audience from the
roster (one invitation per active employee, with the roster snapshot) and is allowed from
the open date on — the app does not schedule; HR presses 「開始する」 on or after that day.
Closing is final; repeating the survey is a new wave of the same series.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrcare.core import jobs
from hrcare.core.audit import record
from hrcare.core.clock import today_jst
from hrcare.core.i18n import _l
from hrcare.surveys import pool
from hrcare.surveys.common import CONSENT_VERSION, DEFAULT_SERIES, SurveyError
from hrcare.surveys.invitations import sync_invitations
from hrcare.surveys.models import Survey, SurveyQuestion
from hrcare.surveys.questionnaire import CURRENT_VERSION, Question, questions_of
from hrcare.surveys.results import services as results_services

DEFAULT_TITLE = "仕事と介護の両立に関するアンケート"
DEFAULT_TITLE_EN = "Survey on balancing work and family care"


def question_settings(q: Question) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "section": q.section,
        "asked_of": q.asked_of,
        "caregivers_only": q.caregivers_only,
        "allow_prefer_not": q.allow_prefer_not,
    }
    if q.counted_among:
        settings["counted_among"] = q.counted_among
    if q.kind == "scale":
        settings.update({"min": q.scale_min, "max": q.scale_max})
    return settings


def standard_questions(company_id: int, version: int = CURRENT_VERSION) -> list[SurveyQuestion]:
    """Fresh copies of the standard questionnaire: core items keep codes and option codes."""
    return [
        SurveyQuestion(
            company_id=company_id,
            code=q.code,
            kind=q.kind,
            position=(index + 1) * 10,
            is_core=q.core,
            text_ja=q.ja,
            text_en=q.en,
            options=[{"code": o.code, "ja": o.ja, "en": o.en} for o in q.options],
            settings=question_settings(q),
        )
        for index, q in enumerate(questions_of(version))
    ]


def clean_audience(
    departments: list[str] | None, employment_types: list[str] | None
) -> dict[str, Any]:
    """Empty lists mean everyone; stored sorted so two equal audiences compare equal."""
    audience: dict[str, Any] = {}
    if departments:
        audience["departments"] = sorted({d for d in departments if d})
    if employment_types:
        audience["employment_types"] = sorted(set(employment_types))
    return audience


def _check_dates(opens_on: date | None, closes_on: date | None) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise SurveyError(_l("締切日は開始日以降の日付にしてください。"))


def _next_series(session: Session, company_id: int) -> str:
    existing = set(session.scalars(select(Survey.series).where(Survey.company_id == company_id)))
    if DEFAULT_SERIES not in existing:
        return DEFAULT_SERIES
    k = 2
    while f"{DEFAULT_SERIES}-{k}" in existing:
        k += 1
    return f"{DEFAULT_SERIES}-{k}"


def list_surveys(session: Session, company_id: int) -> list[Survey]:
    stmt = (
        select(Survey)
        .where(Survey.company_id == company_id)
        .order_by(Survey.created_at.desc(), Survey.id.desc())
    )
    return list(session.scalars(stmt))


def create_survey(
    session: Session,
    *,
    company_id: int,
    actor_id: int | None,
    title: str,
    title_en: str = "",
    opens_on: date | None,
    closes_on: date | None,
    audience: dict[str, Any] | None = None,
    version: int = CURRENT_VERSION,
) -> Survey:
    """A new series (wave 1) in draft, with the standard questionnaire copied in (the current
    version; an older ``version`` only for the demo and tests, which show both)."""
    _check_dates(opens_on, closes_on)
    survey = Survey(
        company_id=company_id,
        title=title.strip() or DEFAULT_TITLE,
        title_en=title_en.strip(),
        series=_next_series(session, company_id),
        wave=1,
        status="draft",
        opens_on=opens_on,
        closes_on=closes_on,
        audience=audience or {},
        consent_version=CONSENT_VERSION,
        questionnaire_version=version,
        created_by_id=actor_id,
        questions=standard_questions(company_id, version),
    )
    session.add(survey)
    session.flush()
    record(
        session,
        actor_id=actor_id,
        company_id=company_id,
        action="survey.create",
        object_type="survey",
        object_id=survey.id,
    )
    return survey


def update_survey(
    session: Session,
    survey: Survey,
    *,
    title: str,
    title_en: str,
    opens_on: date | None,
    closes_on: date | None,
    audience: dict[str, Any] | None,
    today: date,
) -> None:
    """Draft: everything. Open: titles and the deadline only (an open survey past its deadline
    may still be extended while nobody has closed it). Closed: nothing."""
    if survey.status == "closed":
        raise SurveyError(_l("終了したアンケートは変更できません。"))
    _check_dates(opens_on, closes_on)
    if survey.status == "open":
        if opens_on != survey.opens_on or (audience or {}) != (survey.audience or {}):
            raise SurveyError(_l("実施中のアンケートでは、開始日と対象者は変更できません。"))
        if closes_on is None or closes_on < today:
            raise SurveyError(_l("締切日は今日以降の日付にしてください。"))
    else:
        survey.opens_on = opens_on
        survey.audience = audience or {}
    survey.title = title.strip() or survey.title
    survey.title_en = title_en.strip()
    survey.closes_on = closes_on
    session.flush()


def open_survey(
    session: Session, survey: Survey, *, actor_id: int | None, today: date, now: datetime
) -> int:
    """Open a draft: invite the audience (one invitation each, roster snapshot). Returns the count."""
    if survey.status != "draft":
        raise SurveyError(_l("下書きのアンケートだけを開始できます。"))
    if survey.opens_on is None or survey.closes_on is None:
        raise SurveyError(_l("開始日と締切日を設定してから開始してください。"))
    if today < survey.opens_on:
        raise SurveyError(
            _l(
                "開始日（%(date)s）より前には開始できません。開始日以降にもう一度「開始する」を押してください。",
                date=survey.opens_on.isoformat(),
            )
        )
    if survey.closes_on < today:
        raise SurveyError(_l("締切日が過ぎています。締切日を変更してから開始してください。"))
    created = sync_invitations(session, survey, today=today)
    if created == 0:
        raise SurveyError(
            _l("対象となる在籍中の従業員がいません。対象者の条件を見直してください。")
        )
    survey.status = "open"
    survey.opened_at = now
    session.flush()
    record(
        session,
        actor_id=actor_id,
        company_id=survey.company_id,
        action="survey.open",
        object_type="survey",
        object_id=survey.id,
    )
    return created


def close_survey(session: Session, survey: Survey, *, actor_id: int | None, now: datetime) -> None:
    """Stop accepting answers, write the answers still pooled and release the wave: what
    will ever be shown about it is computed now, once (``results.services``).
    ``actor_id`` is None when an expired link closes it."""
    if survey.status != "open":
        raise SurveyError(_l("実施中のアンケートだけを終了できます。"))
    survey.status = "closed"
    survey.closed_at = now
    session.flush()
    pool.close(session, survey)
    results_services.release_survey(session, survey, today=today_jst(now))
    # The company's stored loss estimate follows the new release (hub console), after the
    # commit; by name, so surveys does not import the loss feature.
    jobs.enqueue(
        session,
        "loss.estimate",
        "hrcare.loss.tasks.store_estimate_job",
        company_id=survey.company_id,
        actor_id=actor_id,
        args=(survey.company_id,),
    )
    record(
        session,
        actor_id=actor_id,
        company_id=survey.company_id,
        action="survey.close",
        object_type="survey",
        object_id=survey.id,
    )


def _next_wave_questions(survey: Survey) -> list[SurveyQuestion]:
    """The questions of the next wave: the same ones, or the newest standard questionnaire
    (fresh wording) followed by HR's own items when the survey used an older version."""
    kept = [
        q
        for q in survey.questions
        if survey.questionnaire_version == CURRENT_VERSION or not q.is_core
    ]
    copies = [
        SurveyQuestion(
            company_id=q.company_id,
            code=q.code,
            kind=q.kind,
            position=q.position,
            is_core=q.is_core,
            text_ja=q.text_ja,
            text_en=q.text_en,
            options=[dict(o) for o in q.options or []],
            settings=dict(q.settings or {}),
        )
        for q in kept
    ]
    if survey.questionnaire_version == CURRENT_VERSION:
        return copies
    return standard_questions(survey.company_id) + copies


def new_wave(session: Session, survey: Survey, *, actor_id: int | None) -> Survey:
    """Repeat an open or closed survey: same series, wave + 1, same audience, same questions
    (on the newest questionnaire version: codes that kept their meaning stay comparable)."""
    if survey.status == "draft":
        raise SurveyError(_l("下書きのアンケートから次回は作成できません。"))
    siblings = list(
        session.scalars(
            select(Survey).where(
                Survey.company_id == survey.company_id, Survey.series == survey.series
            )
        )
    )
    pending = [s for s in siblings if s.status == "draft"]
    if pending:
        raise SurveyError(
            _l(
                "この調査の第%(wave)s回が下書きのままです。そちらを編集してください。",
                wave=pending[0].wave,
            )
        )
    wave = max(s.wave for s in siblings) + 1
    copy = Survey(
        company_id=survey.company_id,
        title=survey.title,
        title_en=survey.title_en,
        series=survey.series,
        wave=wave,
        status="draft",
        audience=dict(survey.audience or {}),
        consent_version=CONSENT_VERSION,
        questionnaire_version=CURRENT_VERSION,
        created_by_id=actor_id,
        questions=_next_wave_questions(survey),
    )
    session.add(copy)
    session.flush()
    record(
        session,
        actor_id=actor_id,
        company_id=survey.company_id,
        action="survey.new_wave",
        object_type="survey",
        object_id=copy.id,
    )
    return copy


def delete_draft(session: Session, survey: Survey, *, actor_id: int | None) -> None:
    if survey.status != "draft":
        raise SurveyError(_l("削除できるのは下書きのアンケートだけです。"))
    record(
        session,
        actor_id=actor_id,
        company_id=survey.company_id,
        action="survey.delete",
        object_type="survey",
        object_id=survey.id,
    )
    session.delete(survey)
    session.flush()


def wave_count(session: Session, survey: Survey) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Survey)
            .where(Survey.company_id == survey.company_id, Survey.series == survey.series)
        )
        or 0
    )
