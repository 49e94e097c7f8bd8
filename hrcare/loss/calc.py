"""The loss model applied to one company (see LOSS_MODEL.md).

Pure functions over a roster ``DataFrame`` (one row per employee, respondents
and non-respondents alike) and a ``LossParameters``; no Flask, no ORM, so the
web app, RQ jobs, the CLI and the benchmark all run exactly the same code.

How the computation is organised, and why:

* ``_prepare`` validates the frame once and turns it into numpy arrays
  (age band as an index into ``AGE_BANDS``, booleans, NaN for missing
  numbers).  Every later step is array arithmetic, so 100,000 employees cost
  milliseconds and errors point at a CSV line and column.
* ``_evaluate`` produces *per-row* expected caregivers and productivity loss.
  Totals, breakdowns, scenarios and the outlook are all sums of those rows, so
  department figures add up exactly to the company figure (which the
  complement-suppression rule relies on).
* Leavers are ``caregivers × a rate`` under both separation methods (the
  national rate, or the share of respondent caregivers considering leaving),
  so they are additive per row too.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from hrcare.loss.params import (
    AGE_BAND_LOWER_BOUNDS,
    AGE_BANDS,
    LossParameters,
    ParameterError,
)

__all__ = [
    "BALANCING_STATUSES",
    "BREAKDOWN_KEYS",
    "METHODS",
    "METI_NATIONAL_TOTAL_YEN",
    "MIN_SUPPRESSION_THRESHOLD",
    "NATIONAL_WORKING_CAREGIVERS_2030",
    "NOTE_CODES",
    "OLDER_WORKFORCE_THRESHOLD",
    "OUTLOOK_YEARS",
    "SEPARATION_METHODS",
    "STANDARD_SCENARIOS",
    "BreakdownGroup",
    "FiveYearOutlook",
    "InputError",
    "LossResult",
    "OutlookYear",
    "Scenario",
    "ScenarioResult",
    "breakdown",
    "estimate",
    "estimate_aggregate",
    "estimate_without_survey",
    "five_year_outlook",
    "national_estimate",
    "range_between_separation_methods",
    "run_scenarios",
]

METHODS: tuple[str, ...] = ("flat", "age_band", "position", "self_reported")
SEPARATION_METHODS: tuple[str, ...] = ("national_rate", "survey_intent")
#: Stable codes of survey item 4 (介護と仕事の両立状況).
BALANCING_STATUSES: tuple[str, ...] = (
    "balancing_well",
    "managing",
    "very_hard",
    "considering_leaving",
)
BREAKDOWN_KEYS: tuple[str, ...] = ("department", "age_band", "position")

#: Anonymity threshold floor from SURVEY.md: it may be raised, never lowered.
MIN_SUPPRESSION_THRESHOLD = 5

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

#: Length of the outlook; survey item 7 asks about the next five years.
OUTLOOK_YEARS = 5

#: Note codes a result may carry; reports translate them.
NOTE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "national_average_basis": "社内調査の回答がないため、全国平均の割合で推計しています。",
        "older_workforce_underestimate": (
            "50歳以上の従業員の割合が全国より高いため、全国平均による推計は実態より"
            "低い可能性があります。"
        ),
        "age_mix_unknown": (
            "従業員の年齢構成が不明です。介護は50代に多く、年齢構成が高い会社では"
            "推計が低めになります。"
        ),
        "survey_intent_unavailable": (
            "調査回答がないため、離職者数は全国の介護離職率で推計しています。"
        ),
        "no_respondent_caregivers": (
            "回答者にビジネスケアラーがいないため、離職意向による離職者数は0です。"
        ),
        "band_rate_fallback": (
            "回答者のいない年齢層の未回答者は、全社の回答者の割合で推計しています。"
        ),
        "caregiving_answer_imputed": (
            "介護の有無に回答しなかった回答者は、未回答者と同じ方法で推計しています。"
        ),
    }
)

_OLDER_BAND = AGE_BANDS.index("50-54")
_N_BANDS = len(AGE_BANDS)
_CONSIDERING_LEAVING = BALANCING_STATUSES.index("considering_leaving")
_REQUIRED = ("is_manager", "responded", "is_caregiver")
_POSITION_KEYS = ("manager", "non_manager")
_COMPONENTS = (
    "productivity_loss_yen",
    "separation_labour_loss_yen",
    "training_cost_loss_yen",
    "replacement_cost_yen",
    "total_yen",
)


# --------------------------------------------------------------------------
# Errors and input validation
# --------------------------------------------------------------------------


class InputError(ValueError):
    """The roster (or aggregate input) cannot be used as it is.

    ``line`` (alias ``row``) is the line in a CSV file whose header is line 1,
    i.e. the 0-based data position + 2, so a message can be matched against
    the file HR uploaded.  ``position`` is that 0-based data position and
    ``count`` how many rows share the problem.  The CLI adds ``source`` (the
    file name) and, when it read the file itself, the physical line.
    """

    def __init__(
        self,
        problem: str,
        *,
        column: str | None = None,
        position: int | None = None,
        line: int | None = None,
        source: str | None = None,
        count: int = 1,
    ) -> None:
        self.problem = problem
        self.column = column
        self.position = position
        if line is None and position is not None:
            line = position + 2
        self.line = line
        self.source = source
        self.count = count
        super().__init__(self._render())

    @property
    def row(self) -> int | None:
        """The CSV line number (header = line 1) of the first offending row."""
        return self.line

    def with_context(self, *, source: str | None = None, line: int | None = None) -> InputError:
        """Copy with the file name and/or physical line number filled in."""
        return InputError(
            self.problem,
            column=self.column,
            position=self.position,
            line=self.line if line is None else line,
            source=self.source if source is None else source,
            count=self.count,
        )

    def _render(self) -> str:
        where = [self.source] if self.source else []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: {self.problem}" if where else self.problem
        if self.count > 1:
            text += f" ({self.count} rows in total)"
        return text


def _fail(mask: np.ndarray, series: pd.Series | None, column: str, problem: str) -> None:
    """Raise for the first True in ``mask``; ``{value}`` in ``problem`` is filled.

    Validation is vectorised: each rule builds one boolean mask and only the
    failing case touches individual values.
    """
    bad = np.flatnonzero(mask)
    if bad.size == 0:
        return
    position = int(bad[0])
    value = series.iloc[position] if series is not None else None
    raise InputError(
        problem.format(value=repr(value)),
        column=column,
        position=position,
        count=int(bad.size),
    )


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        raise InputError(f"missing column '{name}'", column=name, line=1)
    return frame[name]


def _bools(series: pd.Series, column: str, *, allow_na: bool) -> tuple[np.ndarray, np.ndarray]:
    """Return (values, missing) for a boolean-like column.

    Accepts bool/boolean dtypes, 0/1 numbers and ``"0"``/``"1"`` strings (what
    a CSV gives); anything else is an error rather than a guess, because a
    wrong manager or responded flag silently changes the estimate.
    """
    missing = series.isna().to_numpy()
    if pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=bool, na_value=False), missing
    if pd.api.types.is_numeric_dtype(series):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
        _fail(
            ~missing & (numbers != 0) & (numbers != 1),
            series,
            column,
            "expected 0 or 1, got {value}",
        )
        values = numbers == 1
    elif pd.api.types.is_string_dtype(series) and not pd.api.types.is_object_dtype(series):
        _fail(
            ~missing & ~series.isin(["0", "1"]).to_numpy(),
            series,
            column,
            "expected 0 or 1, got {value}",
        )
        values = series.isin(["1"]).to_numpy()
    else:
        ok = series.isin([True, False, "0", "1"]).to_numpy()
        _fail(~missing & ~ok, series, column, "expected 0 or 1, got {value}")
        values = series.isin([True, "1"]).to_numpy()
    if not allow_na:
        _fail(missing, None, column, "missing value (expected 0 or 1)")
    return values & ~missing, missing


def _numbers(
    series: pd.Series,
    column: str,
    *,
    lower: float = 0.0,
    upper: float | None = None,
    allow_na: bool = True,
) -> np.ndarray:
    """Return a float array (NaN = missing) after range checks."""
    missing = series.isna().to_numpy()
    if pd.api.types.is_bool_dtype(series):
        _fail(~missing, series, column, "expected a number, got {value}")
    if pd.api.types.is_numeric_dtype(series):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
    else:
        coerced = pd.to_numeric(series, errors="coerce")
        numbers = coerced.to_numpy(dtype=float, na_value=np.nan)
        _fail(~missing & np.isnan(numbers), series, column, "expected a number, got {value}")
    if not allow_na:
        _fail(missing, None, column, "missing value")
    with np.errstate(invalid="ignore"):
        _fail(np.isinf(numbers), series, column, "value must be finite, got {value}")
        _fail(
            numbers < lower,
            series,
            column,
            "negative value {value}"
            if lower == 0
            else f"value must be at least {lower:g}, got {{value}}",
        )
        if upper is not None:
            _fail(
                numbers > upper,
                series,
                column,
                f"value must be between {lower:g} and {upper:g}, got {{value}}",
            )
    return numbers


def _bands(frame: pd.DataFrame) -> np.ndarray:
    """Age band of every row as an index into ``AGE_BANDS``.

    ``age_band`` wins when both columns exist: the band is what the roster
    stores (SURVEY.md) and what the drop table is keyed by.
    """
    if "age_band" in frame.columns:
        series = frame["age_band"]
        codes = pd.Index(AGE_BANDS).get_indexer(series)
        missing = series.isna().to_numpy()
        _fail(missing, None, "age_band", "missing value")
        _fail(
            codes < 0,
            series,
            "age_band",
            "unknown age band {value} (expected one of " + ", ".join(AGE_BANDS) + ")",
        )
        return codes.astype(np.int8)
    if "age" not in frame.columns:
        raise InputError("missing column 'age' (or 'age_band')", column="age", line=1)
    ages = _numbers(frame["age"], "age", allow_na=False)
    _fail(ages != np.floor(ages), frame["age"], "age", "age must be a whole number, got {value}")
    codes = np.searchsorted(np.asarray(AGE_BAND_LOWER_BOUNDS), ages, side="right") - 1
    return codes.astype(np.int8)


@dataclasses.dataclass(frozen=True)
class _Roster:
    """A validated roster as numpy arrays (one element per employee)."""

    band: np.ndarray  # int8 index into AGE_BANDS
    manager: np.ndarray  # bool
    responded: np.ndarray  # bool
    known: np.ndarray  # responded and answered the caregiving question
    caregiver: np.ndarray  # observed caregiver (known and yes)
    leaving: np.ndarray  # observed caregiver considering leaving
    score: np.ndarray  # float, NaN = no answer
    value: np.ndarray  # float, NaN = use the company's V
    future: np.ndarray | None  # bool: known non-caregiver, very likely in 5 years
    department: pd.Series | None
    surveyed: bool  # survey columns were read (False before any survey)

    @property
    def size(self) -> int:
        return int(self.band.size)

    @property
    def older_share(self) -> float:
        return float(np.mean(self.band >= _OLDER_BAND)) if self.size else 0.0


def _prepare(frame: pd.DataFrame, *, survey: bool = True) -> _Roster:
    """Validate ``frame`` and convert it to arrays; raise ``InputError``.

    With ``survey=False`` (before any survey) only the roster columns are
    read.  Optional columns (``balancing_status``, ``performance_score``,
    ``value_added_yen``, ``department``, ``future_caregiver``) may be absent,
    which means "all missing".
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError(f"expected a pandas DataFrame, got {type(frame).__name__}")
    if len(frame) == 0:
        raise InputError("the roster has no employees")
    required = _REQUIRED if survey else ("is_manager",)
    for name in required:
        _column(frame, name)
    band = _bands(frame)
    n = band.size
    manager, _ = _bools(frame["is_manager"], "is_manager", allow_na=False)
    nothing = np.zeros(n, dtype=bool)
    nan = np.full(n, np.nan)
    value = (
        _numbers(frame["value_added_yen"], "value_added_yen")
        if "value_added_yen" in frame.columns
        else nan
    )
    department = frame["department"] if "department" in frame.columns else None
    if not survey:
        return _Roster(
            band, manager, nothing, nothing, nothing, nothing, nan, value, None, department, False
        )

    responded, _ = _bools(frame["responded"], "responded", allow_na=False)
    is_caregiver, caregiver_missing = _bools(frame["is_caregiver"], "is_caregiver", allow_na=True)
    known = responded & ~caregiver_missing
    caregiver = known & is_caregiver
    leaving = nothing
    if "balancing_status" in frame.columns:
        status = frame["balancing_status"]
        codes = pd.Index(BALANCING_STATUSES).get_indexer(status)
        _fail(
            (codes < 0) & ~status.isna().to_numpy(),
            status,
            "balancing_status",
            "unknown status {value} (expected one of " + ", ".join(BALANCING_STATUSES) + ")",
        )
        leaving = caregiver & (codes == _CONSIDERING_LEAVING)
    score = (
        _numbers(frame["performance_score"], "performance_score", upper=10.0)
        if "performance_score" in frame.columns
        else nan
    )
    future = None
    if "future_caregiver" in frame.columns:
        flags, _ = _bools(frame["future_caregiver"], "future_caregiver", allow_na=True)
        future = known & ~caregiver & flags
    return _Roster(
        band, manager, responded, known, caregiver, leaving, score, value, future, department, True
    )


def _check_method(method: str, separation: str | None = None) -> None:
    if method not in METHODS:
        raise ParameterError(
            f"unknown method '{method}' (expected one of {', '.join(METHODS)})",
            parameter="method",
        )
    if separation is not None and separation not in SEPARATION_METHODS:
        raise ParameterError(
            f"unknown separation method '{separation}' "
            f"(expected one of {', '.join(SEPARATION_METHODS)})",
            parameter="separation",
        )


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------


def _whole_yen(amount: float) -> int:
    """Round yen half away from zero (Python's ``round`` is half-to-even)."""
    return int(math.copysign(math.floor(abs(amount) + 0.5), amount))


@dataclasses.dataclass(frozen=True)
class LossResult:
    """One estimate, with everything a report must print about how it was made.

    Yen amounts are kept unrounded here; ``to_dict`` rounds them.  Counts are
    expected values and keep their fractions.  ``caregivers_observed`` and
    ``respondents`` are ``None`` when there is no survey (national average or
    aggregate input), so a report never shows an invented "0 observed".
    """

    method: str
    separation_method: str
    basis: str  # "survey" | "national_average" | "aggregate"
    # Dicts are compared but not hashed, so results stay usable in sets/keys.
    parameter_set: dict[str, Any] = dataclasses.field(hash=False)
    parameters: dict[str, Any] = dataclasses.field(hash=False)
    employees: int | None
    respondents: int | None
    caregivers_observed: int | None
    caregivers_estimated: float
    leavers_expected: float
    productivity_loss_yen: float
    separation_labour_loss_yen: float
    training_cost_loss_yen: float
    replacement_cost_yen: float
    total_yen: float
    per_employee_yen: float | None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: numbers stay numbers, yen rounded to whole yen.

        ``total_yen`` is the sum of the rounded components so the printed
        table always adds up (it can differ from ``round(self.total_yen)`` by
        a yen or two).
        """
        components = {name: _whole_yen(getattr(self, name)) for name in _COMPONENTS[:-1]}
        return {
            "method": self.method,
            "separation_method": self.separation_method,
            "basis": self.basis,
            "parameter_set": dict(self.parameter_set),
            "parameters": {
                k: dict(v) if isinstance(v, Mapping) else v for k, v in self.parameters.items()
            },
            "employees": self.employees,
            "respondents": self.respondents,
            "caregivers_observed": self.caregivers_observed,
            "caregivers_estimated": float(self.caregivers_estimated),
            "leavers_expected": float(self.leavers_expected),
            **components,
            "total_yen": sum(components.values()),
            "per_employee_yen": (
                None if self.per_employee_yen is None else _whole_yen(self.per_employee_yen)
            ),
            "notes": list(self.notes),
        }


def _result(
    params: LossParameters,
    *,
    method: str,
    separation_method: str,
    basis: str,
    caregivers: float,
    leavers: float,
    productivity: float,
    employees: int | None,
    respondents: int | None,
    observed: int | None,
    notes: Iterable[str],
) -> LossResult:
    """Apply the three separation formulas and assemble a ``LossResult``."""
    separation_labour = leavers * params.value_added_per_worker_yen
    training = leavers * params.training_cost_per_year_yen * params.tenure_years
    replacement = leavers * params.replacement_cost_yen
    total = productivity + separation_labour + training + replacement
    return LossResult(
        method=method,
        separation_method=separation_method,
        basis=basis,
        parameter_set=params.parameter_set(),
        parameters=params.values(),
        employees=employees,
        respondents=respondents,
        caregivers_observed=observed,
        caregivers_estimated=float(caregivers),
        leavers_expected=float(leavers),
        productivity_loss_yen=float(productivity),
        separation_labour_loss_yen=float(separation_labour),
        training_cost_loss_yen=float(training),
        replacement_cost_yen=float(replacement),
        total_yen=float(total),
        per_employee_yen=total / employees if employees else None,
        notes=tuple(dict.fromkeys(notes)),
    )


# --------------------------------------------------------------------------
# The per-row model
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Evaluation:
    """Per-row expected caregivers and productivity loss, plus leavers per caregiver."""

    weight: np.ndarray
    productivity: np.ndarray
    leavers_per_caregiver: float
    separation_method: str
    basis: str
    notes: tuple[str, ...]


def _drops(roster: _Roster, params: LossParameters, method: str) -> np.ndarray:
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


def _band_rates(roster: _Roster, hits: np.ndarray) -> tuple[np.ndarray, bool]:
    """Rate of ``hits`` among respondents with a caregiving answer, per band.

    Bands without such respondents use the company rate.  Returns the rates
    and whether that fallback was needed for any row that uses it.
    """
    base = np.bincount(roster.band[roster.known], minlength=_N_BANDS)
    count = np.bincount(roster.band[hits], minlength=_N_BANDS)
    overall = count.sum() / base.sum()
    rates = np.where(base > 0, count / np.maximum(base, 1), overall)
    fallback = bool(np.any((base == 0)[roster.band] & ~roster.known))
    return rates, fallback


def _evaluate(
    roster: _Roster,
    params: LossParameters,
    method: str,
    separation: str,
    *,
    drop_factor: float = 1.0,
    separation_factor: float = 1.0,
    future_fraction: float = 0.0,
) -> _Evaluation:
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
        return _Evaluation(
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
    return _Evaluation(
        weight,
        weight * values * drops,
        float(per_caregiver) * separation_factor,
        separation,
        "survey",
        tuple(notes),
    )


def _summarise(
    roster: _Roster,
    evaluation: _Evaluation,
    params: LossParameters,
    method: str,
) -> LossResult:
    """Sum the per-row model into the company's result."""
    caregivers = float(evaluation.weight.sum())
    survey = evaluation.basis == "survey"
    return _result(
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


def _params(params: LossParameters | None) -> LossParameters:
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
    _check_method(method, separation)
    params = _params(params)
    roster = _prepare(frame)
    evaluation = _evaluate(roster, params, method, separation)
    return _summarise(roster, evaluation, params, method)


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
    params = _params(params)
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
    return _result(
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
    _check_method(method)
    params = _params(params)
    if isinstance(employees, pd.DataFrame):
        roster = _prepare(employees, survey=False)
        evaluation = _evaluate(roster, params, method, "national_rate")
        return _summarise(roster, evaluation, params, method)
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
    return _result(
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
    _check_method(method)
    params = _params(params)
    roster = _prepare(frame)
    return (
        _summarise(roster, _evaluate(roster, params, method, "national_rate"), params, method),
        _summarise(roster, _evaluate(roster, params, method, "survey_intent"), params, method),
    )


# --------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------


def _fraction(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (0.0 <= value <= 1.0):
        raise ParameterError(
            f"{name} must be a fraction between 0 and 1, got {value!r}", parameter=name
        )
    return float(value)


@dataclasses.dataclass(frozen=True)
class Scenario:
    """A "what if support works" variant of the baseline.

    ``drop_reduction`` 0.3 means every d_i is 30% lower; ``separation_reduction``
    0.5 halves L; ``param_overrides`` change parameters by name, validated
    when the scenario is created so a bad scenario fails at definition time.
    ``label`` is a Japanese caption for reports; ``name`` is the stable code.
    """

    name: str
    drop_reduction: float = 0.0
    separation_reduction: float = 0.0
    param_overrides: Mapping[str, Any] = dataclasses.field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "drop_reduction", _fraction("drop_reduction", self.drop_reduction))
        object.__setattr__(
            self,
            "separation_reduction",
            _fraction("separation_reduction", self.separation_reduction),
        )
        overrides = MappingProxyType(dict(self.param_overrides))
        LossParameters().with_overrides(overrides)  # validate names and ranges
        object.__setattr__(self, "param_overrides", overrides)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "drop_reduction": self.drop_reduction,
            "separation_reduction": self.separation_reduction,
            "param_overrides": dict(self.param_overrides),
        }


STANDARD_SCENARIOS: tuple[Scenario, ...] = (
    Scenario("drop_minus_30pct", drop_reduction=0.3, label="パフォーマンス低下度が3割減少した場合"),
    Scenario("separations_halved", separation_reduction=0.5, label="介護離職が半減した場合"),
)


@dataclasses.dataclass(frozen=True)
class ScenarioResult:
    """A scenario's result and its difference from the baseline.

    ``difference`` is scenario − baseline for each yen component and for
    ``caregivers_estimated``/``leavers_expected``; savings are negative.
    """

    scenario: Scenario
    baseline: LossResult
    result: LossResult
    difference: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.to_dict(),
            "result": self.result.to_dict(),
            "difference": {
                k: _whole_yen(v) if k.endswith("_yen") else v for k, v in self.difference.items()
            },
        }


def _difference(result: LossResult, baseline: LossResult) -> dict[str, float]:
    keys = ("caregivers_estimated", "leavers_expected", *_COMPONENTS)
    return {k: float(getattr(result, k) - getattr(baseline, k)) for k in keys}


def run_scenarios(
    frame: pd.DataFrame,
    params: LossParameters | None = None,
    method: str = "flat",
    separation: str = "national_rate",
    scenarios: Sequence[Scenario] = STANDARD_SCENARIOS,
) -> list[ScenarioResult]:
    """Run each scenario against the same validated roster and baseline."""
    _check_method(method, separation)
    params = _params(params)
    roster = _prepare(frame)
    baseline = _summarise(roster, _evaluate(roster, params, method, separation), params, method)
    out: list[ScenarioResult] = []
    for scenario in scenarios:
        varied = params.with_overrides(scenario.param_overrides)
        evaluation = _evaluate(
            roster,
            varied,
            method,
            separation,
            drop_factor=1.0 - scenario.drop_reduction,
            separation_factor=1.0 - scenario.separation_reduction,
        )
        result = _summarise(roster, evaluation, varied, method)
        out.append(ScenarioResult(scenario, baseline, result, _difference(result, baseline)))
    return out


# --------------------------------------------------------------------------
# Five-year outlook
# --------------------------------------------------------------------------


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
    _check_method(method, separation)
    params = _params(params)
    roster = _prepare(frame)
    if roster.future is None:
        raise InputError("missing column 'future_caregiver'", column="future_caregiver", line=1)
    if not roster.known.any():
        raise InputError("the five-year outlook needs survey answers; there are none")
    baseline_eval = _evaluate(roster, params, method, separation)
    baseline = _summarise(roster, baseline_eval, params, method)
    years: list[OutlookYear] = []
    for year in range(1, OUTLOOK_YEARS + 1):
        evaluation = _evaluate(
            roster, params, method, separation, future_fraction=year / OUTLOOK_YEARS
        )
        result = _summarise(roster, evaluation, params, method)
        years.append(
            OutlookYear(year, result.caregivers_estimated - baseline.caregivers_estimated, result)
        )
    return FiveYearOutlook(
        baseline=baseline,
        years=tuple(years),
        future_caregivers_observed=int(roster.future.sum()),
        future_caregivers_estimated=years[-1].additional_caregivers,
    )


# --------------------------------------------------------------------------
# Breakdowns with anonymity suppression
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BreakdownGroup:
    """One group of a breakdown; every number is ``None`` when suppressed.

    ``suppression_reason`` is ``"below_threshold"`` (fewer respondents than
    the threshold) or ``"complement"`` (hidden so a small group cannot be
    recovered by subtracting the shown groups from the company total).
    """

    key: str | None
    suppressed: bool
    suppression_reason: str | None
    employees: int | None
    respondents: int | None
    caregivers_estimated: float | None
    leavers_expected: float | None
    productivity_loss_yen: float | None
    separation_labour_loss_yen: float | None
    training_cost_loss_yen: float | None
    replacement_cost_yen: float | None
    total_yen: float | None

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for name in _COMPONENTS:
            if data[name] is not None:
                data[name] = _whole_yen(data[name])
        return data


def _suppress(respondents: np.ndarray, employees: np.ndarray, threshold: int) -> list[str | None]:
    """Decide which groups to hide.

    Primary: fewer respondents than ``threshold``.  Complement: while the
    hidden groups could be recovered from the total (a single hidden group,
    or hidden groups whose combined respondents are still below the
    threshold), also hide the smallest shown group (fewest respondents, then
    fewest employees, then first in order).
    """
    reasons: list[str | None] = ["below_threshold" if r < threshold else None for r in respondents]
    while True:
        hidden = [i for i, r in enumerate(reasons) if r is not None]
        shown = [i for i, r in enumerate(reasons) if r is None]
        if not hidden or not shown:
            break
        if len(hidden) >= 2 and respondents[hidden].sum() >= threshold:
            break
        smallest = min(shown, key=lambda i: (respondents[i], employees[i], i))
        reasons[smallest] = "complement"
    return reasons


def _group_codes(roster: _Roster, by: str) -> tuple[np.ndarray, list[str | None]]:
    """Group index per row and the group keys in display order."""
    if by == "age_band":
        present = np.unique(roster.band)
        lookup = np.full(_N_BANDS, -1)
        lookup[present] = np.arange(present.size)
        return lookup[roster.band], [AGE_BANDS[i] for i in present]
    if by == "position":
        codes = np.where(roster.manager, 0, 1)
        present = np.unique(codes)
        lookup = np.full(2, -1)
        lookup[present] = np.arange(present.size)
        return lookup[codes], [_POSITION_KEYS[i] for i in present]
    if roster.department is None:
        raise InputError("missing column 'department'", column="department", line=1)
    codes, uniques = pd.factorize(roster.department, sort=True, use_na_sentinel=True)
    keys: list[str | None] = [str(u) for u in uniques]
    if (codes < 0).any():
        codes = np.where(codes < 0, len(keys), codes)
        keys.append(None)
    return codes, keys


def breakdown(
    frame: pd.DataFrame,
    params: LossParameters | None = None,
    method: str = "flat",
    separation: str = "national_rate",
    by: str = "department",
    threshold: int = MIN_SUPPRESSION_THRESHOLD,
) -> list[BreakdownGroup]:
    """Loss by department, age band or position, with anonymity suppression.

    Groups use the company-wide band rates (for non-respondents) and the
    company-wide leavers per caregiver, so shown and hidden groups add up to
    the company total exactly; per-group rates would make small groups
    noisy and would reveal a department's leaving intentions.
    """
    _check_method(method, separation)
    if by not in BREAKDOWN_KEYS:
        raise ParameterError(
            f"unknown breakdown '{by}' (expected one of {', '.join(BREAKDOWN_KEYS)})",
            parameter="by",
        )
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, np.integer))
        or (threshold < MIN_SUPPRESSION_THRESHOLD)
    ):
        raise ParameterError(
            f"anonymity threshold must be a whole number of at least "
            f"{MIN_SUPPRESSION_THRESHOLD}, got {threshold!r}",
            parameter="threshold",
        )
    params = _params(params)
    roster = _prepare(frame)
    evaluation = _evaluate(roster, params, method, separation)
    codes, keys = _group_codes(roster, by)
    size = len(keys)
    employees = np.bincount(codes, minlength=size)
    respondents = np.bincount(codes, weights=roster.responded, minlength=size)
    caregivers = np.bincount(codes, weights=evaluation.weight, minlength=size)
    productivity = np.bincount(codes, weights=evaluation.productivity, minlength=size)
    reasons = _suppress(respondents, employees, int(threshold))
    groups: list[BreakdownGroup] = []
    for i, key in enumerate(keys):
        if reasons[i] is not None:
            groups.append(BreakdownGroup(key, True, reasons[i], *([None] * 9)))  # type: ignore[arg-type]
            continue
        part = _result(
            params,
            method=method,
            separation_method=evaluation.separation_method,
            basis=evaluation.basis,
            caregivers=float(caregivers[i]),
            leavers=float(caregivers[i]) * evaluation.leavers_per_caregiver,
            productivity=float(productivity[i]),
            employees=int(employees[i]),
            respondents=int(respondents[i]),
            observed=None,
            notes=(),
        )
        groups.append(
            BreakdownGroup(
                key,
                False,
                None,
                part.employees,
                part.respondents,
                part.caregivers_estimated,
                part.leavers_expected,
                part.productivity_loss_yen,
                part.separation_labour_loss_yen,
                part.training_cost_loss_yen,
                part.replacement_cost_yen,
                part.total_yen,
            )
        )
    return groups
