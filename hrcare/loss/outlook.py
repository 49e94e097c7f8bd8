"""Five-year outlook: the loss "if nothing changes" as future caregivers start caring."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from hrcare.loss.model import evaluate, resolve_params, summarise
from hrcare.loss.params import LossParameters
from hrcare.loss.results import LossResult
from hrcare.loss.validation import InputError, check_method, prepare_roster

__all__ = ["OUTLOOK_YEARS", "FiveYearOutlook", "OutlookYear", "five_year_outlook"]

#: Length of the outlook; survey item 7 asks about the next five years.
OUTLOOK_YEARS = 5


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline.to_dict(),
            "future_caregivers_observed": self.future_caregivers_observed,
            "future_caregivers_estimated": self.future_caregivers_estimated,
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
    * Linear phase-in: year k (1..5) adds k/5 of the future caregivers, since
      the survey asks "within five years" without saying when.
    * Static roster: no ageing between bands, hiring, retirement or current
      caregivers stopping care.  Future caregivers have no performance score
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
    for year in range(1, OUTLOOK_YEARS + 1):
        evaluation = evaluate(
            roster, params, method, separation, future_fraction=year / OUTLOOK_YEARS
        )
        result = summarise(roster, evaluation, params, method)
        years.append(
            OutlookYear(year, result.caregivers_estimated - baseline.caregivers_estimated, result)
        )
    return FiveYearOutlook(
        baseline=baseline,
        years=tuple(years),
        future_caregivers_observed=int(roster.future.sum()),
        future_caregivers_estimated=years[-1].additional_caregivers,
    )
