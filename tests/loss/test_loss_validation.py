"""Roster validation: every bad value is reported with its CSV line and column."""

from __future__ import annotations

import pandas as pd
import pytest

from hrcare.loss.model import estimate
from hrcare.loss.params import ParameterError
from hrcare.loss.validation import InputError

from .conftest import NA, roster

# ------------------------------------------------------------ validation


def _base() -> pd.DataFrame:
    return roster(
        [
            ("45-49", False, True, True, "managing", 7, NA, "A"),
            ("50-54", False, True, False, NA, NA, NA, "A"),
            ("30-34", True, False, NA, NA, NA, NA, "A"),
        ]
    )


@pytest.mark.parametrize(
    ("column", "position", "value", "message"),
    [
        ("performance_score", 1, 11, "between 0 and 10"),
        ("performance_score", 2, -1, "negative"),
        ("value_added_yen", 2, -5, "negative"),
        ("value_added_yen", 1, float("inf"), "finite"),
        ("balancing_status", 1, "burnt_out", "unknown status"),
        ("age_band", 2, "30~34", "unknown age band"),
        ("is_manager", 1, 2, "0 or 1"),
        ("responded", 0, NA, "missing"),
    ],
)
def test_invalid_values_name_line_and_column(
    column: str, position: int, value: object, message: str
) -> None:
    frame = _base()
    if column in ("is_manager", "responded"):
        frame[column] = frame[column].astype(object)
    if column in ("performance_score", "value_added_yen"):
        frame[column] = frame[column].astype(float)
    frame.loc[position, column] = value
    with pytest.raises(InputError, match=message) as info:
        estimate(frame)
    assert info.value.column == column
    assert info.value.line == position + 2  # header is line 1
    assert info.value.row == position + 2
    assert f"line {position + 2}" in str(info.value)


def test_missing_column() -> None:
    frame = _base().drop(columns=["responded"])
    with pytest.raises(InputError, match="missing column 'responded'") as info:
        estimate(frame)
    assert info.value.column == "responded"


def test_age_errors() -> None:
    frame = _base().drop(columns=["age_band"])
    frame["age"] = [40, -3, 35]
    with pytest.raises(InputError, match="negative") as info:
        estimate(frame)
    assert (info.value.column, info.value.line) == ("age", 3)
    frame["age"] = [40, 41.5, 35]
    with pytest.raises(InputError, match="whole number"):
        estimate(frame)
    with pytest.raises(InputError, match="missing column 'age'"):
        estimate(frame.drop(columns=["age"]))


def test_error_counts_all_offending_rows() -> None:
    frame = _base()
    frame["performance_score"] = [11.0, 12.0, 3.0]
    with pytest.raises(InputError, match=r"2 rows in total"):
        estimate(frame)


def test_empty_roster_and_unknown_method() -> None:
    with pytest.raises(InputError, match="no employees"):
        estimate(_base().iloc[0:0])
    with pytest.raises(ParameterError, match="method"):
        estimate(_base(), method="guess")
    with pytest.raises(ParameterError, match="separation"):
        estimate(_base(), separation="guess")
