"""Five-year outlook: the loss "if nothing changes" as future caregivers start caring."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from hrcare.loss.model import evaluate, resolve_params, summarise
from hrcare.loss.params import LossParameters
from hrcare.loss.results import LossResult
from hrcare.loss.validation import InputError, check_method, prepare_roster

__all__ = [
    "AVERAGE_CARE_YEARS",
    "OUTLOOK_YEARS",
    "FiveYearOutlook",
    "OutlookYear",
    "five_year_outlook",
]

#: Length of the outlook; survey item 8 asks about the next five years.
OUTLOOK_YEARS = 5
#: Average length of care: 5 years 1 month (61.1 months), 生命保険文化センター
#: 「生命保険に関する全国実態調査」2021年度 (LOSS_MODEL.md ``average_care_years``).
AVERAGE_CARE_YEARS = 5.1


def year_factors(year: int, care_years: float = AVERAGE_CARE_YEARS) -> tuple[float, float]:
    """(share of today's caregivers still caring, future caregivers caring) after ``year``.

    Each year 1/``care_years`` of those caring stop; future caregivers start evenly over
    the five years (1/5 a year) and stop at the same rate once they have started.
    """
    stay = max(0.0, 1.0 - 1.0 / care_years) if care_years > 0 else 1.0
    started = sum(stay ** (year - j) / OUTLOOK_YEARS for j in range(1, year + 1))
    return stay**year, started


@dataclasses.dataclass(frozen=True)
class OutlookYear:
    """One year of the outlook: its estimate and the growth over the baseline."""

    year: int
    additional_caregivers: float
    result: LossResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "additional_caregivers": self.additional_caregivers,
            **self.result.to_dict(),
        }


@dataclasses.dataclass(frozen=True)
class FiveYearOutlook:
    """The loss "if nothing changes" for each of the next five years.

    ``future_caregivers_observed`` counts respondents who said very likely
    (かなり高い); ``future_caregivers_estimated`` adds non-respondents'
    expected share.  Year k adds k/5 of them (see ``five_year_outlook``).
    """

    baseline: LossResult
    years: tuple[OutlookYear, ...]
    future_caregivers_observed: int
    future_caregivers_estimated: float
    average_care_years: float = AVERAGE_CARE_YEARS

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline.to_dict(),
            "future_caregivers_observed": self.future_caregivers_observed,
            "future_caregivers_estimated": self.future_caregivers_estimated,
            "average_care_years": self.average_care_years,
            "years": [year.to_dict() for year in self.years],
        }


def five_year_outlook(
    frame: pd.DataFrame,
    params: LossParameters | None = None,
    method: str = "flat",
    separation: str = "national_rate",
) -> FiveYearOutlook:
    """Project the loss over five years if the company changes nothing.

    Decisions (the model document leaves them open):

    * Future caregivers are respondents, not caring now, who answered "very
      likely" (``future_caregiver``).  Non-respondents (and respondents without
      a caregiving answer) add their age band's rate of such answers, exactly
      like current caregivers are estimated.
    * Linear phase-in: 1/5 of the future caregivers start each year, since
      the survey asks "within five years" without saying when.
    * Care ends: each year 1/``average_care_years`` (5.1 years, LOSS_MODEL.md)
      of those caring stop, today's caregivers and those who started alike.
    * Static roster otherwise: no ageing between bands, hiring or retirement.
      Future caregivers have no performance score
      yet, so ``self_reported`` uses the flat drop for them; ``survey_intent``
      applies today's share of caregivers considering leaving to the larger
      caregiver count.
    """
    check_method(method, separation)
    params = resolve_params(params)
    roster = prepare_roster(frame)
    if roster.future is None:
        raise InputError("missing column 'future_caregiver'", column="future_caregiver", line=1)
    if not roster.known.any():
        raise InputError("the five-year outlook needs survey answers; there are none")
    baseline_eval = evaluate(roster, params, method, separation)
    baseline = summarise(roster, baseline_eval, params, method)
    years: list[OutlookYear] = []
    future_total = 0.0
    for year in range(1, OUTLOOK_YEARS + 1):
        current, started = year_factors(year)
        evaluation = evaluate(
            roster,
            params,
            method,
            separation,
            future_fraction=started,
            current_factor=current,
        )
        result = summarise(roster, evaluation, params, method)
        years.append(
            OutlookYear(year, result.caregivers_estimated - baseline.caregivers_estimated, result)
        )
    full = evaluate(roster, params, method, separation, future_fraction=1.0, current_factor=0.0)
    future_total = float(full.weight.sum())
    return FiveYearOutlook(
        baseline=baseline,
        years=tuple(years),
        future_caregivers_observed=int(roster.future.sum()),
        future_caregivers_estimated=future_total,
    )
