"""The per-row loss model and the public estimates (see LOSS_MODEL.md).

Pure functions over a roster ``DataFrame`` (one row per employee, respondents
and non-respondents alike) and a ``LossParameters``; no Flask, no ORM, so the
web app, RQ jobs, the CLI and the benchmark all run exactly the same code.

``evaluate`` produces *per-row* expected caregivers and productivity loss.
Totals, breakdowns, scenarios and the outlook are all sums of those rows, so
department figures add up exactly to the company figure (which the
complement-suppression rule relies on).  Leavers are ``caregivers × a rate``
under both separation methods (the national rate, or the share of respondent
caregivers considering leaving), so they are additive per row too.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from hrcare.loss.params import AGE_BANDS, LossParameters, ParameterError
from hrcare.loss.results import LossResult, build_result
from hrcare.loss.validation import N_BANDS, InputError, Roster, check_method, prepare_roster

__all__ = [
    "METI_NATIONAL_TOTAL_YEN",
    "NATIONAL_WORKING_CAREGIVERS_2030",
    "OLDER_WORKFORCE_THRESHOLD",
    "Evaluation",
    "estimate",
    "estimate_aggregate",
    "estimate_without_survey",
    "evaluate",
    "national_estimate",
    "range_between_separation_methods",
    "resolve_params",
    "summarise",
]

#: Share of employees aged 50+ above which a national-average estimate is
#: flagged as low.  The national caregiver share is an average over all
#: workers, about 40% of whom are 50 or older (労働力調査, early 2020s), and
#: caregiving peaks in the 50s; a company older than that mix has more
#: caregivers than the average predicts.  An assumption to revisit with the
#: exact 就業構造基本調査 age mix.
OLDER_WORKFORCE_THRESHOLD = 0.40

#: METI's 2030 inputs and result, for the reproduction check.
NATIONAL_WORKING_CAREGIVERS_2030 = 3_180_000
METI_NATIONAL_TOTAL_YEN = 9_179_200_000_000


@dataclasses.dataclass(frozen=True)
class Evaluation:
    """Per-row expected caregivers and productivity loss, plus leavers per caregiver."""

    weight: np.ndarray
    productivity: np.ndarray
    leavers_per_caregiver: float
    separation_method: str
    basis: str
    notes: tuple[str, ...]


def _drops(roster: Roster, params: LossParameters, method: str) -> np.ndarray:
    """d_i for every row.  Only observed caregivers have a usable score."""
    flat = params.productivity_drop_rate
    if method == "age_band":
        table = np.array([params.age_band_drop_rates[b] for b in AGE_BANDS])
        return table[roster.band]
    if method == "position":
        return np.where(roster.manager, params.manager_drop_rate, params.non_manager_drop_rate)
    if method == "self_reported":
        scored = roster.caregiver & ~np.isnan(roster.score)
        return np.where(scored, (10.0 - np.nan_to_num(roster.score)) / 10.0, flat)
    return np.full(roster.size, flat)


def _band_rates(roster: Roster, hits: np.ndarray) -> tuple[np.ndarray, bool]:
    """Rate of ``hits`` among respondents with a caregiving answer, per band.

    Bands without such respondents use the company rate.  Returns the rates
    and whether that fallback was needed for any row that uses it.
    """
    base = np.bincount(roster.band[roster.known], minlength=N_BANDS)
    count = np.bincount(roster.band[hits], minlength=N_BANDS)
    overall = count.sum() / base.sum()
    rates = np.where(base > 0, count / np.maximum(base, 1), overall)
    fallback = bool(np.any((base == 0)[roster.band] & ~roster.known))
    return rates, fallback


def evaluate(
    roster: Roster,
    params: LossParameters,
    method: str,
    separation: str,
    *,
    drop_factor: float = 1.0,
    separation_factor: float = 1.0,
    future_fraction: float = 0.0,
    current_factor: float = 1.0,
) -> Evaluation:
    """Per-row model for a validated roster.

    Without any respondent who answered the caregiving question this falls
    back to the national share (basis ``national_average``), because an
    estimate of zero caregivers would be a false all-clear.
    """
    notes: list[str] = []
    values = np.where(np.isnan(roster.value), params.value_added_per_worker_yen, roster.value)
    drops = _drops(roster, params, method) * drop_factor
    if not roster.known.any():
        weight = np.full(roster.size, params.national_caregiver_share)
        notes.append("national_average_basis")
        if roster.older_share > OLDER_WORKFORCE_THRESHOLD:
            notes.append("older_workforce_underestimate")
        if separation == "survey_intent":
            notes.append("survey_intent_unavailable")
        return Evaluation(
            weight,
            weight * values * drops,
            params.caregiver_separation_rate * separation_factor,
            "national_rate",
            "national_average",
            tuple(notes),
        )

    unknown = ~roster.known
    rates, fallback = _band_rates(roster, roster.caregiver)
    weight = np.where(roster.caregiver, 1.0, np.where(unknown, rates[roster.band], 0.0))
    weight = weight * current_factor  # the outlook: share of today's caregivers still caring
    if future_fraction and roster.future is not None:
        future_rates, _ = _band_rates(roster, roster.future)
        future = np.where(roster.future, 1.0, np.where(unknown, future_rates[roster.band], 0.0))
        weight = weight + future_fraction * future
    if fallback:
        notes.append("band_rate_fallback")
    if (roster.responded & unknown).any():
        notes.append("caregiving_answer_imputed")

    if separation == "survey_intent":
        observed = int(roster.caregiver.sum())
        per_caregiver = roster.leaving.sum() / observed if observed else 0.0
        if not observed:
            notes.append("no_respondent_caregivers")
    else:
        per_caregiver = params.caregiver_separation_rate
    return Evaluation(
        weight,
        weight * values * drops,
        float(per_caregiver) * separation_factor,
        separation,
        "survey",
        tuple(notes),
    )


def summarise(
    roster: Roster,
    evaluation: Evaluation,
    params: LossParameters,
    method: str,
) -> LossResult:
    """Sum the per-row model into the company's result."""
    caregivers = float(evaluation.weight.sum())
    survey = evaluation.basis == "survey"
    return build_result(
        params,
        method=method,
        separation_method=evaluation.separation_method,
        basis=evaluation.basis,
        caregivers=caregivers,
        leavers=caregivers * evaluation.leavers_per_caregiver,
        productivity=float(evaluation.productivity.sum()),
        employees=roster.size,
        respondents=int(roster.responded.sum()) if roster.surveyed else None,
        observed=int(roster.caregiver.sum()) if survey else None,
        notes=evaluation.notes,
    )


# --------------------------------------------------------------------------
# Public estimates
# --------------------------------------------------------------------------


def resolve_params(params: LossParameters | None) -> LossParameters:
    return LossParameters() if params is None else params


def estimate(
    frame: pd.DataFrame,
    params: LossParameters | None = None,
    method: str = "flat",
    separation: str = "national_rate",
) -> LossResult:
    """Estimate a company's annual loss from its roster and survey answers.

    Non-respondents (and respondents who did not answer the caregiving
    question) count as their age band's respondent caregiver rate.  A roster
    with no usable answers gets the national-average estimate instead, with
    the notes that say so.
    """
    check_method(method, separation)
    params = resolve_params(params)
    roster = prepare_roster(frame)
    evaluation = evaluate(roster, params, method, separation)
    return summarise(roster, evaluation, params, method)


def estimate_aggregate(
    caregivers: float,
    leavers: float | None = None,
    params: LossParameters | None = None,
    *,
    employees: int | None = None,
) -> LossResult:
    """Estimate from counts alone (JSON ``{"caregivers": N, "leavers": L}``).

    Without ``leavers`` the national separation rate applies.  Only the flat
    drop can be used: there is nobody to look up an age or position for.
    """
    params = resolve_params(params)
    checked: dict[str, float] = {}
    for name, value in (("caregivers", caregivers), ("leavers", leavers), ("employees", employees)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"'{name}' must be a number, got {value!r}", column=name)
        if not math.isfinite(value) or value < 0:
            raise InputError(f"'{name}' must be a finite number >= 0, got {value!r}", column=name)
        checked[name] = float(value)
    if employees is not None:
        if isinstance(employees, float) and not employees.is_integer():
            raise InputError(
                f"'employees' must be a whole number, got {employees!r}", column="employees"
            )
        if checked["caregivers"] > checked["employees"]:
            raise InputError("'caregivers' cannot exceed 'employees'", column="caregivers")
    count = checked["caregivers"]
    if leavers is None:
        leaver_count = count * params.caregiver_separation_rate
        separation_method = "national_rate"
    else:
        leaver_count = checked["leavers"]
        separation_method = "reported"
    return build_result(
        params,
        method="flat",
        separation_method=separation_method,
        basis="aggregate",
        caregivers=count,
        leavers=leaver_count,
        productivity=count * params.value_added_per_worker_yen * params.productivity_drop_rate,
        employees=None if employees is None else int(employees),
        respondents=None,
        observed=None,
        notes=(),
    )


def national_estimate(params: LossParameters | None = None) -> LossResult:
    """METI's 2030 national estimate: 3.18 million caregivers, national rate.

    With the published parameters this reproduces 合計9兆1,792億円 to within
    0.02%, the check that the formulas and defaults are METI's.
    """
    return estimate_aggregate(NATIONAL_WORKING_CAREGIVERS_2030, None, params)


def estimate_without_survey(
    employees: int | pd.DataFrame,
    params: LossParameters | None = None,
    method: str = "flat",
) -> LossResult:
    """National-average estimate for a company that has not surveyed yet.

    caregivers = employees × ``national_caregiver_share``.  Given a roster
    frame (``age_band``/``age`` and ``is_manager``), the age-band and position
    drops apply and the result notes an older-than-national workforce; given
    only a head count, only the flat drop is possible and the age mix is
    noted as unknown.
    """
    check_method(method)
    params = resolve_params(params)
    if isinstance(employees, pd.DataFrame):
        roster = prepare_roster(employees, survey=False)
        evaluation = evaluate(roster, params, method, "national_rate")
        return summarise(roster, evaluation, params, method)
    if isinstance(employees, bool) or not isinstance(employees, (int, np.integer)):
        raise InputError(f"employees must be a whole number, got {employees!r}", column="employees")
    if employees <= 0:
        raise InputError(f"employees must be positive, got {employees}", column="employees")
    if method in ("age_band", "position"):
        raise ParameterError(
            f"method '{method}' needs the roster (age band and position); "
            "a head count only supports 'flat'",
            parameter="method",
        )
    caregivers = int(employees) * params.national_caregiver_share
    return build_result(
        params,
        method=method,
        separation_method="national_rate",
        basis="national_average",
        caregivers=caregivers,
        leavers=caregivers * params.caregiver_separation_rate,
        productivity=caregivers * params.value_added_per_worker_yen * params.productivity_drop_rate,
        employees=int(employees),
        respondents=None,
        observed=None,
        notes=("national_average_basis", "age_mix_unknown"),
    )


def range_between_separation_methods(
    frame: pd.DataFrame,
    params: LossParameters | None = None,
    method: str = "flat",
) -> tuple[LossResult, LossResult]:
    """(national_rate, survey_intent) results for the report's range.

    Validates the frame once.  survey_intent counts everyone considering
    leaving as a leaver, so it is the upper end; it is not forced to be the
    larger number, because a workforce with no one considering leaving can
    fall below the national rate, and the report should show that honestly.
    """
    check_method(method)
    params = resolve_params(params)
    roster = prepare_roster(frame)
    return (
        summarise(roster, evaluate(roster, params, method, "national_rate"), params, method),
        summarise(roster, evaluate(roster, params, method, "survey_intent"), params, method),
    )
