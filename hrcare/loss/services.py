"""The loss estimate of one company: the feature's entry point for other features.

The company's own parameters live in ``hrcare.loss.settings`` and are
re-exported here (``company_parameters``, ``save_settings`` …).
``company_estimate`` chooses the basis: the latest survey's answers when there
are any, otherwise the roster and the national caregiver share (the "no survey
yet" estimate, labelled as national-average based).  Frames are built from
tenant-scoped ``select()`` results, never ``pandas.read_sql`` (which would
bypass the ORM tenant filter).  Everything here flushes, never commits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from hrcare.loss import presentation as presentation
from hrcare.loss.breakdown import BreakdownGroup
from hrcare.loss.guards import (
    BREAKDOWNS,
    few_answers_range,
    released_breakdowns,
    safe_methods,
)
from hrcare.loss.model import (
    estimate,
    estimate_without_survey,
    range_between_separation_methods,
)
from hrcare.loss.models import DEFAULT_METHOD, DEFAULT_SEPARATION
from hrcare.loss.outlook import FiveYearOutlook, five_year_outlook
from hrcare.loss.params import LossParameters, age_band
from hrcare.loss.results import COMPONENTS as COMPONENTS
from hrcare.loss.results import LossResult
from hrcare.loss.scenarios import STANDARD_SCENARIOS, Scenario, ScenarioResult, run_scenarios
from hrcare.loss.settings import (
    company_parameters,
    company_settings,
    reset_settings,
    save_settings,
)
from hrcare.loss.stored import EstimateFigures, stored_estimates
from hrcare.loss.validation import InputError, check_method
from hrcare.roster import services as roster
from hrcare.surveys import services as surveys
from hrcare.tenants.services import Company

__all__ = [
    "BREAKDOWNS",
    "METI_MODEL_FIRMS",
    "Benchmark",
    "CompanyEstimate",
    "EstimateFigures",
    "NoEmployees",
    "company_estimate",
    "company_parameters",
    "company_settings",
    "reset_settings",
    "roster_frame",
    "save_settings",
    "stored_estimates",
]

_SURVEY_INPUT_MODULE = "hrcare.surveys.results.loss_input"


@dataclasses.dataclass(frozen=True)
class Benchmark:
    """A METI model firm (LOSS_MODEL.md, "Public benchmarks for reports")."""

    key: str  # "large" | "sme"
    employees: int
    total_yen: int
    per_employee_yen: int


#: METI model firms: a large company (¥6.24億, 3,000 employees) and an SME
#: (¥773万, a 100-person manufacturer), per employee per year.
METI_MODEL_FIRMS: tuple[Benchmark, ...] = (
    Benchmark("large", 3_000, 624_000_000, 208_000),
    Benchmark("sme", 100, 7_730_000, 77_300),
)


class NoEmployees(LookupError):
    """The company has no active employees on its roster: there is nothing to estimate."""


@dataclasses.dataclass(frozen=True)
class CompanyEstimate:
    """Everything the loss page shows, computed once per request.

    ``basis`` is ``"survey"`` (answers of the latest survey) or
    ``"national_average"`` (roster × national caregiver share).  The range,
    the outlook and the breakdowns need survey answers; when one cannot be
    shown it is empty and its ``*_unavailable`` field holds the reason code.
    ``method``/``separation`` are the ones actually used (see
    ``_survey_estimate``); ``notes`` are the engine's note codes plus this
    service's own.
    """

    company_id: int
    basis: str
    survey_id: Any | None
    survey_title: str | None
    survey_title_en: str | None
    method: str
    separation: str
    params: LossParameters
    result: LossResult
    separation_range: tuple[LossResult, LossResult] | None
    range_unavailable: str | None
    outlook: FiveYearOutlook | None
    outlook_unavailable: str | None
    scenarios: tuple[ScenarioResult, ...]
    custom: ScenarioResult | None
    breakdowns: Mapping[str, tuple[BreakdownGroup, ...]]
    breakdown_unavailable: str | None
    threshold: int
    notes: tuple[str, ...]
    benchmarks: tuple[Benchmark, ...] = METI_MODEL_FIRMS
    #: Fewer than ``FEW_CAREGIVERS`` caregiver respondents: (low, high) total yen, from the
    #: 95% interval of the caregiver rate among those who answered (LOSS_MODEL.md).
    few_answers_range: tuple[float, float] | None = None
    answered_caring: int | None = None

    @property
    def parameter_set(self) -> dict[str, Any]:
        """Name, version and changed keys of the parameter set the figures used."""
        return self.result.parameter_set

    @property
    def per_employee_yen(self) -> float | None:
        return self.result.per_employee_yen


# --------------------------------------------------------------------------
# Input frames
# --------------------------------------------------------------------------


def roster_frame(session: Session, company_id: int, today: date) -> pd.DataFrame:
    """Active employees as the engine's roster columns; no names, no identities.

    ``responded``/``is_caregiver`` are present but empty so scenarios run on the
    same frame (the engine then uses the national share, as before a survey).
    """
    employees = roster.active_employees(session, company_id)
    frame = pd.DataFrame(
        {
            "age_band": [age_band(max(roster.age_on(e.birth_date, today), 0)) for e in employees],
            "is_manager": [bool(e.is_manager) for e in employees],
            "department": [e.department or "" for e in employees],
        }
    )
    frame["responded"] = False
    frame["is_caregiver"] = pd.array([pd.NA] * len(frame), dtype="boolean")
    return frame


@dataclasses.dataclass(frozen=True)
class _SurveyInput:
    survey: Any
    frame: pd.DataFrame
    partition: surveys.LossPartition
    threshold: int  # the release's, not today's setting


def _survey_frame(session: Session, company_id: int) -> _SurveyInput | None:
    """The latest released survey the engine should read, banded as its release allows."""
    survey = surveys.latest_survey_for_loss(session, company_id)
    if survey is None:
        return None
    released = surveys.release_for(session, company_id, survey.id)
    if released is None:
        return None
    frame = surveys.loss_frame(session, company_id, survey.id, released.loss)
    if frame is None or len(frame) == 0:
        return None
    return _SurveyInput(survey, frame, released.loss, released.threshold)


# --------------------------------------------------------------------------
# The estimate
# --------------------------------------------------------------------------


def company_estimate(
    session: Session,
    company: Company,
    *,
    today: date,
    method: str | None = None,
    separation: str | None = None,
    scenario: Scenario | None = None,
    breakdowns: bool = True,
) -> CompanyEstimate:
    """The company's estimate with its range, outlook, scenarios and breakdowns.

    ``breakdowns=False``: without the breakdowns by segment (``breakdown_unavailable`` is
    "not_requested"), for readers that do not show them (the executive report).

    ``method``/``separation`` default to the company's settings.  ``scenario``
    (the page's "what if") is run next to the standard scenarios.  Raises
    ``NoEmployees`` when there is neither a usable survey nor an active employee.
    """
    settings = company_settings(session, company.id)
    method = method or (settings.method if settings else DEFAULT_METHOD)
    separation = separation or (settings.separation if settings else DEFAULT_SEPARATION)
    check_method(method, separation)
    params = company_parameters(session, company.id)
    scenarios = (*STANDARD_SCENARIOS, *((scenario,) if scenario else ()))

    fallback_note = None
    survey_input = _survey_frame(session, company.id)
    if survey_input is not None:
        found = _survey_estimate(
            company, survey_input, params, method, separation, scenarios, breakdowns=breakdowns
        )
        if isinstance(found, CompanyEstimate):
            return found
        fallback_note = found

    frame = roster_frame(session, company.id, today)
    if len(frame) == 0:
        raise NoEmployees(company.id)
    result = estimate_without_survey(frame, params, method)
    notes = [*([fallback_note] if fallback_note else []), *result.notes]
    if separation == "survey_intent":
        notes.append("survey_intent_unavailable")
    ran = run_scenarios(frame, params, method, "national_rate", scenarios)
    return CompanyEstimate(
        company_id=company.id,
        basis="national_average",
        survey_id=None,
        survey_title=None,
        survey_title_en=None,
        method=method,
        separation=separation,
        params=params,
        result=result,
        separation_range=None,
        range_unavailable="no_survey",
        outlook=None,
        outlook_unavailable="no_survey",
        scenarios=tuple(ran[: len(STANDARD_SCENARIOS)]),
        custom=ran[-1] if len(ran) > len(STANDARD_SCENARIOS) else None,
        breakdowns={},
        breakdown_unavailable="no_survey",
        threshold=company.anonymity_threshold,
        notes=tuple(dict.fromkeys(notes)),
    )


def _survey_estimate(
    company: Company,
    survey_input: _SurveyInput,
    params: LossParameters,
    method: str,
    separation: str,
    scenarios: tuple[Scenario, ...],
    *,
    breakdowns: bool = True,
) -> CompanyEstimate | str:
    """The estimate from survey answers, or the note code saying why it cannot be used.

    SECURITY.md item 4 applies to every figure, and each method is one more
    equation a reader could combine with the breakdowns, so (see ``safe_methods``)
    methods give way to the flat drop / national rate when they would rest on a
    group below the threshold; the breakdowns themselves always use the flat drop.
    The threshold is the release's: a later setting never changes a released wave.
    """
    survey, frame, partition = survey_input.survey, survey_input.frame, survey_input.partition
    threshold = survey_input.threshold
    plain = estimate(frame, params)
    if plain.basis != "survey":
        return "survey_without_answers"
    # The caregiver rate rests on those who answered the caregiving question (yes or no),
    # not on everyone who responded: "prefer not to say" answers add no information.
    answered = int(
        (frame["responded"].fillna(False).astype(bool) & frame["is_caregiver"].notna()).sum()
    )
    if answered < threshold:
        return "survey_below_threshold"
    method, separation, notes = safe_methods(
        frame, params, plain, method, separation, threshold, partition
    )
    few_caregivers = (plain.caregivers_observed or 0) < threshold
    result = estimate(frame, params, method, separation)
    try:
        outlook: FiveYearOutlook | None = five_year_outlook(frame, params, method, separation)
        outlook_unavailable = None
    except InputError:
        outlook, outlook_unavailable = None, "no_future_answers"
    ran = run_scenarios(frame, params, method, separation, scenarios)
    return CompanyEstimate(
        company_id=company.id,
        basis="survey",
        survey_id=getattr(survey, "id", survey),
        survey_title=getattr(survey, "title", None),
        survey_title_en=getattr(survey, "title_en", None) or None,
        method=method,
        separation=separation,
        params=params,
        result=result,
        separation_range=(
            None if few_caregivers else range_between_separation_methods(frame, params, method)
        ),
        range_unavailable="few_caregivers" if few_caregivers else None,
        outlook=outlook,
        outlook_unavailable=outlook_unavailable,
        scenarios=tuple(ran[: len(STANDARD_SCENARIOS)]),
        custom=ran[-1] if len(ran) > len(STANDARD_SCENARIOS) else None,
        breakdowns=(
            released_breakdowns(frame, params, "flat", separation, threshold, partition)
            if breakdowns
            else {}
        ),
        breakdown_unavailable=None if breakdowns else "not_requested",
        threshold=threshold,
        notes=tuple(dict.fromkeys([*notes, *result.notes])),
        few_answers_range=few_answers_range(result, answered, params),
        answered_caring=answered,
    )
