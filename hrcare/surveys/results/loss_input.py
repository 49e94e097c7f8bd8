"""A survey as the loss engine's input frame (see hrcare/loss/validation.py and LOSS_MODEL.md).

One row per invitation, respondents and non-respondents alike, with no identity at all.
Answers are deliberately not linked to invitations, so the two halves are built apart:
respondent rows from the responses (their roster snapshot and answers), non-respondent
rows from the invitations that were not answered (their snapshot only). The engine
estimates non-respondents from respondents of the same age band.

No anonymity suppression here: the frame is the engine's *input*. Whatever the engine
shows per segment must apply the threshold itself.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.surveys.models import Survey, SurveyInvitation, SurveyRelease, SurveyResponse
from hrcare.surveys.questionnaire import BALANCING, CARING, LIKELY_FUTURE, PERFORMANCE
from hrcare.surveys.results.queries import has_responses
from hrcare.surveys.results.services import LossPartition

COLUMNS: tuple[str, ...] = (
    "age_band",
    "is_manager",
    "department",
    "responded",
    "is_caregiver",
    "balancing_status",
    "performance_score",
    "value_added_yen",
    "future_caregiver",
)
DTYPES: dict[str, str] = {
    "age_band": "string",
    "is_manager": "bool",
    "department": "string",
    "responded": "bool",
    "is_caregiver": "boolean",
    "balancing_status": "string",
    "performance_score": "Float64",
    "value_added_yen": "Float64",
    "future_caregiver": "boolean",
}
BALANCING_CODES = frozenset({"balancing_well", "managing", "very_hard", "considering_leaving"})


def _respondent_row(department: str, band: str, manager: bool, answers: Any) -> dict[str, Any]:
    answers = answers if isinstance(answers, dict) else {}
    caring = answers.get(CARING)
    is_caregiver: Any = {"yes": True, "no": False}.get(caring, pd.NA)
    status = answers.get(BALANCING)
    score = answers.get(PERFORMANCE)
    numeric = isinstance(score, int | float) and not isinstance(score, bool) and 0 <= score <= 10
    return {
        "age_band": band,
        "is_manager": bool(manager),
        "department": department or "",
        "responded": True,
        "is_caregiver": is_caregiver,
        "balancing_status": status if is_caregiver is True and status in BALANCING_CODES else pd.NA,
        "performance_score": float(score) if is_caregiver is True and numeric else pd.NA,
        "value_added_yen": pd.NA,
        "future_caregiver": (
            is_caregiver is False and answers.get(LIKELY_FUTURE) == "very_likely"
            if is_caregiver is not pd.NA
            else pd.NA
        ),
    }


def released_age_bands(partition: LossPartition) -> tuple[dict[str, str], dict[str, str]]:
    """How the loss frame bands a released wave: each fine band → the fine band standing for
    its released group (the group's first band), and that band → the group's code.

    The engine imputes non-respondents with a rate per band; over *released* groups that
    rate is a ratio of released counts. Bands not shown are pooled into one (their rate is
    the total minus the shown ones, itself derivable), so no figure rests on a hidden group.
    """
    representative: dict[str, str] = {}
    label: dict[str, str] = {}
    first_of: dict[str, str] = {}
    pooled: str | None = None
    for fine, group in partition.age_groups.items():
        if group is None:
            pooled = pooled or fine
            representative[fine] = pooled
        else:
            first_of.setdefault(group, fine)
            representative[fine] = first_of[group]
            label[first_of[group]] = group
    return representative, label


def loss_frame(
    session: Session, company_id: int, survey_id: int, partition: LossPartition | None = None
) -> pd.DataFrame:
    """The engine's input for one survey (two statements, however many rows); with the
    wave's released ``partition``, age bands follow the released groups."""
    rows = [
        _respondent_row(department, band, manager, answers)
        for department, band, manager, answers in session.execute(
            select(
                SurveyResponse.department,
                SurveyResponse.age_band,
                SurveyResponse.is_manager,
                SurveyResponse.answers,
            ).where(SurveyResponse.company_id == company_id, SurveyResponse.survey_id == survey_id)
        )
    ]
    rows.extend(
        {
            "age_band": band,
            "is_manager": bool(manager),
            "department": department or "",
            "responded": False,
            "is_caregiver": pd.NA,
            "balancing_status": pd.NA,
            "performance_score": pd.NA,
            "value_added_yen": pd.NA,
            "future_caregiver": pd.NA,
        }
        for department, band, manager in session.execute(
            select(
                SurveyInvitation.department,
                SurveyInvitation.age_band,
                SurveyInvitation.is_manager,
            ).where(
                SurveyInvitation.company_id == company_id,
                SurveyInvitation.survey_id == survey_id,
                SurveyInvitation.responded.is_(False),
            )
        )
    )
    if partition is not None and not partition.fine_ages:
        representative, _labels = released_age_bands(partition)
        for row in rows:
            row["age_band"] = representative.get(row["age_band"], row["age_band"])
    return typed_frame(rows)


def typed_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows keyed by ``COLUMNS`` as the engine's input frame, with its column types.

    Nullable types (``boolean``, ``Float64``) keep "not answered" apart from "no"/0.
    """
    return pd.DataFrame.from_records(rows, columns=list(COLUMNS)).astype(DTYPES)


def latest_survey_for_loss(session: Session, company_id: int) -> Survey | None:
    """The latest released (closed) survey with responses.

    Open surveys are never read: like the results pages (answer figures only once a wave is
    closed), a loss figure that moved with each new answer would let a reader who reloads
    the page learn the latest respondent's answers by subtraction. A closed wave is read
    only once released, within its release's groups (``release_for(...).loss``).
    """
    released = select(SurveyRelease.survey_id).where(SurveyRelease.company_id == company_id)
    return session.scalars(
        select(Survey)
        .where(
            Survey.company_id == company_id,
            Survey.status == "closed",
            Survey.id.in_(released),
            has_responses(company_id),
        )
        .order_by(
            Survey.closed_at.desc().nulls_last(),
            Survey.wave.desc(),
            Survey.id.desc(),
        )
        .limit(1)
    ).first()
