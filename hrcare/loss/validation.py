"""Input validation for the loss engine: a roster frame becomes numpy arrays.

``prepare_roster`` validates a frame once and turns it into arrays (age band
as an index into ``AGE_BANDS``, booleans, NaN for missing numbers), so every
later step is array arithmetic and 100,000 employees cost milliseconds.
Validation is vectorised too: each rule builds one boolean mask and only the
failing case touches individual values, so an error still names the CSV
line and column HR can look up.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from hrcare.loss.params import AGE_BAND_LOWER_BOUNDS, AGE_BANDS, ParameterError

__all__ = [
    "BALANCING_STATUSES",
    "METHODS",
    "N_BANDS",
    "SEPARATION_METHODS",
    "InputError",
    "Roster",
    "check_method",
    "prepare_roster",
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

N_BANDS = len(AGE_BANDS)
_OLDER_BAND = AGE_BANDS.index("50-54")
_CONSIDERING_LEAVING = BALANCING_STATUSES.index("considering_leaving")
_REQUIRED = ("is_manager", "responded", "is_caregiver")


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
class Roster:
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


def prepare_roster(frame: pd.DataFrame, *, survey: bool = True) -> Roster:
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
        return Roster(
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
    return Roster(
        band, manager, responded, known, caregiver, leaving, score, value, future, department, True
    )


def check_method(method: str, separation: str | None = None) -> None:
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
