"""The surveys feature as other features and the views see it (one import: ``services``).

Campaigns, questions, invitations and answering live in their own modules; this module
re-exports what is public and adds the few operations that combine them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.surveys import campaigns, mailing
from hrcare.surveys.answering import all_pages, asked_of, visible_pages
from hrcare.surveys.campaigns import (
    DEFAULT_TITLE,
    DEFAULT_TITLE_EN,
    clean_audience,
    close_survey,
    create_survey,
    delete_draft,
    list_surveys,
    new_wave,
    update_survey,
)
from hrcare.surveys.common import SurveyError, effective_status, is_accepting
from hrcare.surveys.invitations import (
    LINK_SCOPES,
    OTHER_DEPARTMENTS,
    IssuedLink,
    ResponseRates,
    affected_by,
    issue_links,
    link_status,
    own_invitation,
    own_link,
    response_rates,
    roster_options,
)
from hrcare.surveys.mailing import queue_invitations, queue_reminders
from hrcare.surveys.models import Survey, SurveyComment
from hrcare.surveys.questionnaire import BALANCING as BALANCING
from hrcare.surveys.questionnaire import CARING as CARING
from hrcare.surveys.questionnaire import DEPENDENT_COUNT as DEPENDENT_COUNT
from hrcare.surveys.questions import (
    CUSTOM_KINDS,
    add_custom_question,
    delete_question,
    move_question,
    parse_option_lines,
    update_question,
)
from hrcare.surveys.results import queries as queries
from hrcare.surveys.results.aggregates import Group as Group
from hrcare.surveys.results.aggregates import SurveyResults as SurveyResults
from hrcare.surveys.results.columns import QuestionResult as QuestionResult
from hrcare.surveys.results.definitions import age_band_label
from hrcare.surveys.results.export import escape_cell as escape_cell
from hrcare.surveys.results.loss_input import (
    latest_survey_for_loss,
    loss_frame,
    released_age_bands,
)
from hrcare.surveys.results.services import LossPartition, Release, release_for
from hrcare.surveys.results.waves import WaveComparison as WaveComparison
from hrcare.surveys.results.waves import compare as compare
from hrcare.surveys.submission import close_if_expired, resolve_link, submit_response

__all__ = [
    "CUSTOM_KINDS",
    "DEFAULT_TITLE",
    "DEFAULT_TITLE_EN",
    "LINK_SCOPES",
    "LossPartition",
    "Release",
    "OTHER_DEPARTMENTS",
    "IssuedLink",
    "ResponseRates",
    "SurveyError",
    "add_custom_question",
    "age_band_label",
    "all_pages",
    "asked_of",
    "clean_audience",
    "close_if_expired",
    "close_survey",
    "create_survey",
    "delete_draft",
    "free_comments",
    "delete_question",
    "effective_status",
    "is_accepting",
    "issue_links",
    "affected_by",
    "link_status",
    "own_invitation",
    "own_link",
    "latest_survey_for_loss",
    "list_surveys",
    "loss_frame",
    "move_question",
    "new_wave",
    "open_survey",
    "parse_option_lines",
    "queue_invitations",
    "queue_reminders",
    "release_for",
    "released_age_bands",
    "resolve_link",
    "response_rates",
    "roster_options",
    "submit_response",
    "survey_titles",
    "update_question",
    "update_survey",
    "visible_pages",
]


def open_survey(
    session: Session,
    survey: Survey,
    *,
    actor_id: int | None,
    today: date,
    now: datetime,
    send_invitations: bool,
) -> int:
    """Open the survey, invite the audience and (optionally) queue the invitation e-mails."""
    invited = campaigns.open_survey(session, survey, actor_id=actor_id, today=today, now=now)
    if send_invitations:
        mailing.queue_invitations(session, survey, actor_id=actor_id, today=today)
    return invited


def free_comments(session: Session, company_id: int) -> list[tuple[Survey, SurveyComment]]:
    """The survey's free comments with the survey they came from, for the consultation staff.

    Comments are stored apart from answers and linked to nobody; ordered by their random id
    (not by arrival), so their order says nothing about who wrote them either.
    """
    return list(
        session.execute(
            select(Survey, SurveyComment)
            .join(SurveyComment, SurveyComment.survey_id == Survey.id)
            .where(Survey.company_id == company_id, SurveyComment.company_id == company_id)
            .order_by(Survey.id.desc(), SurveyComment.id)
        ).all()
    )


def survey_titles(
    session: Session, company_id: int, survey_ids: list[int]
) -> dict[int, tuple[str, str | None]]:
    """The (Japanese, English) titles of the company's surveys, for pages that name one in the
    reader's language (a report's history names the survey its figures came from)."""
    if not survey_ids:
        return {}
    rows = session.execute(
        select(Survey.id, Survey.title, Survey.title_en).where(
            Survey.company_id == company_id, Survey.id.in_(survey_ids)
        )
    )
    return {survey_id: (title, title_en or None) for survey_id, title, title_en in rows}
