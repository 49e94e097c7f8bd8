"""Formulas, drop methods, separation methods and non-respondent estimation."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from hrcare.loss.model import (
    METI_NATIONAL_TOTAL_YEN,
    estimate,
    estimate_aggregate,
    estimate_without_survey,
    national_estimate,
    range_between_separation_methods,
)
from hrcare.loss.params import LossParameters, ParameterError
from hrcare.loss.validation import InputError

from .conftest import FLAT, NA, PER_LEAVER, RATE, REPLACEMENT, SHARE, TRAINING_PER_LEAVER, V, roster

# Expected caregivers in ``mixed_roster`` (see its docstring).
C_EST = 2 + 0.25 + 0.5 + 1 / 3 + 0.5


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-12, abs=1e-6)


# ---------------------------------------------------------------- formulas


def test_all_respondents_flat_every_component() -> None:
    frame = roster(
        [
            ("45-49", False, True, True, "managing", NA, NA, "A"),
            (">=60", False, True, True, "very_hard", NA, NA, "A"),
            ("30-34", False, True, False, NA, NA, NA, "A"),
            ("<=29", True, True, False, NA, NA, NA, "A"),
        ]
    )
    result = estimate(frame, LossParameters())
    leavers = 2 * 0.0354
    assert result.basis == "survey"
    assert result.employees == 4
    assert result.respondents == 4
    assert result.caregivers_observed == 2
    assert result.caregivers_estimated == approx(2)
    assert result.leavers_expected == approx(leavers)
    assert result.productivity_loss_yen == approx(2 * 9_050_000 * 0.275)
    assert result.separation_labour_loss_yen == approx(leavers * 9_050_000)
    assert result.training_cost_loss_yen == approx(leavers * 32_746 * 35)
    assert result.replacement_cost_yen == approx(leavers * 1_033_000)
    assert result.total_yen == approx(4_977_500 + leavers * 11_229_110)
    assert result.per_employee_yen == approx(result.total_yen / 4)


def test_per_employee_value_added_replaces_company_value() -> None:
    frame = roster(
        [
            ("45-49", False, True, True, NA, NA, 20_000_000, "A"),
            ("45-49", False, True, True, NA, NA, NA, "A"),
        ]
    )
    result = estimate(frame)
    assert result.productivity_loss_yen == approx((20_000_000 + V) * FLAT)
    # Leavers are valued at the company V (model: L × V), not at V_i.
    assert result.separation_labour_loss_yen == approx(2 * RATE * V)


# ----------------------------------------------------- non-respondents, methods


def test_non_respondents_use_band_rate_and_company_rate_for_empty_band(
    mixed_roster: pd.DataFrame,
) -> None:
    result = estimate(mixed_roster)
    assert result.caregivers_observed == 2
    assert result.respondents == 6
    assert result.caregivers_estimated == approx(C_EST)
    weighted_v = (2 + 0.25 + 0.5 + 1 / 3) * V + 0.5 * 12_000_000
    assert result.productivity_loss_yen == approx(weighted_v * FLAT)
    assert result.leavers_expected == approx(C_EST * RATE)
    assert "band_rate_fallback" in result.notes


def test_age_band_method(mixed_roster: pd.DataFrame) -> None:
    result = estimate(mixed_roster, method="age_band")
    expected = (
        1 * V * 0.241  # row 1, 45-49
        + 1 * V * 0.230  # row 6, 50-54
        + 0.25 * V * 0.241  # row 5
        + 0.5 * V * 0.230  # row 8
        + (1 / 3) * V * 0.296  # row 9, 30-34 at the company rate
        + 0.5 * 12_000_000 * 0.230  # row 10
    )
    assert result.method == "age_band"
    assert result.productivity_loss_yen == approx(expected)
    assert result.caregivers_estimated == approx(C_EST)


def test_position_method(mixed_roster: pd.DataFrame) -> None:
    result = estimate(mixed_roster, method="position")
    expected = (
        1 * V * 0.317  # row 1, non-manager
        + 1 * V * 0.167  # row 6, manager
        + 0.25 * V * 0.317
        + 0.5 * V * 0.317
        + (1 / 3) * V * 0.317
        + 0.5 * 12_000_000 * 0.167  # row 10, manager
    )
    assert result.productivity_loss_yen == approx(expected)


def test_self_reported_method_scores_and_fallback(mixed_roster: pd.DataFrame) -> None:
    result = estimate(mixed_roster, method="self_reported")
    expected = (
        1 * V * (10 - 6) / 10  # row 1 answered 6
        + 1 * V * FLAT  # row 6 gave no score → flat
        + (0.25 + 0.5 + 1 / 3) * V * FLAT  # non-respondents → flat
        + 0.5 * 12_000_000 * FLAT
    )
    assert result.productivity_loss_yen == approx(expected)


def test_self_reported_ignores_scores_of_non_caregivers() -> None:
    frame = roster(
        [
            ("45-49", False, True, True, NA, 10, NA, "A"),
            ("45-49", False, True, False, NA, 0, NA, "A"),
        ]
    )
    result = estimate(frame, method="self_reported")
    assert result.productivity_loss_yen == approx(0.0)  # score 10 → no drop


def test_overridden_drop_tables_are_used(mixed_roster: pd.DataFrame) -> None:
    params = LossParameters().with_overrides(
        {"manager_drop_rate": 0.1, "non_manager_drop_rate": 0.2}
    )
    result = estimate(mixed_roster, params, method="position")
    expected = (1 + 0.25 + 0.5 + 1 / 3) * V * 0.2 + 1 * V * 0.1 + 0.5 * 12_000_000 * 0.1
    assert result.productivity_loss_yen == approx(expected)
    assert result.parameter_set["customised"] is True


# ------------------------------------------------------------ separation


def test_survey_intent_scales_share_considering_leaving(mixed_roster: pd.DataFrame) -> None:
    result = estimate(mixed_roster, separation="survey_intent")
    leavers = (1 / 2) * C_EST  # one of two respondent caregivers considers leaving
    assert result.separation_method == "survey_intent"
    assert result.leavers_expected == approx(leavers)
    assert result.separation_labour_loss_yen == approx(leavers * V)
    assert result.training_cost_loss_yen == approx(leavers * TRAINING_PER_LEAVER)
    assert result.replacement_cost_yen == approx(leavers * REPLACEMENT)


def test_range_returns_both_methods(mixed_roster: pd.DataFrame) -> None:
    low, high = range_between_separation_methods(mixed_roster, LossParameters(), "flat")
    assert (low.separation_method, high.separation_method) == ("national_rate", "survey_intent")
    assert low.leavers_expected == approx(C_EST * RATE)
    assert high.leavers_expected == approx(C_EST / 2)
    assert low.productivity_loss_yen == high.productivity_loss_yen
    assert high.total_yen - low.total_yen == approx((C_EST / 2 - C_EST * RATE) * PER_LEAVER)


# ------------------------------------------------------------ edge cases


def test_no_caregivers_gives_zero() -> None:
    frame = roster(
        [
            ("45-49", False, True, False, NA, NA, NA, "A"),
            ("50-54", False, False, NA, NA, NA, NA, "A"),
        ]
    )
    for separation in ("national_rate", "survey_intent"):
        result = estimate(frame, separation=separation)
        assert result.caregivers_estimated == 0
        assert result.total_yen == 0
    assert "no_respondent_caregivers" in estimate(frame, separation="survey_intent").notes


def test_no_respondent_caregivers_survey_intent_zero_leavers() -> None:
    # A respondent who skipped the caregiving question is imputed at rate 0.
    frame = roster(
        [
            ("45-49", False, True, False, NA, NA, NA, "A"),
            ("45-49", False, True, NA, NA, NA, NA, "A"),
        ]
    )
    result = estimate(frame, separation="survey_intent")
    assert result.leavers_expected == 0
    assert result.separation_labour_loss_yen == 0


def test_all_non_respondents_falls_back_to_national_average() -> None:
    frame = roster(
        [
            ("50-54", False, False, NA, NA, NA, NA, "A"),
            ("55-59", True, False, NA, NA, NA, NA, "A"),
            ("30-34", False, False, NA, NA, NA, NA, "A"),
        ]
    )
    result = estimate(frame, method="age_band", separation="survey_intent")
    assert result.basis == "national_average"
    assert result.respondents == 0
    assert result.caregivers_observed is None
    assert result.caregivers_estimated == approx(3 * SHARE)
    assert result.productivity_loss_yen == approx(SHARE * V * (0.230 + 0.225 + 0.296))
    # survey_intent is impossible without answers: the national rate is used and noted.
    assert result.separation_method == "national_rate"
    assert result.leavers_expected == approx(3 * SHARE * RATE)
    assert {"national_average_basis", "older_workforce_underestimate"} <= set(result.notes)
    assert "survey_intent_unavailable" in result.notes


def test_respondent_without_caregiving_answer_is_imputed() -> None:
    frame = roster(
        [
            ("45-49", False, True, True, NA, NA, NA, "A"),
            ("45-49", False, True, False, NA, NA, NA, "A"),
            ("45-49", False, True, NA, NA, NA, NA, "A"),  # prefer not to say
        ]
    )
    result = estimate(frame)
    assert result.respondents == 3
    assert result.caregivers_estimated == approx(1 + 0.5)
    assert "caregiving_answer_imputed" in result.notes


def test_age_column_is_banded() -> None:
    frame = pd.DataFrame(
        {
            "age": [29, 30, 64],
            "is_manager": [False, False, False],
            "responded": [True, True, True],
            "is_caregiver": [True, True, True],
        }
    )
    result = estimate(frame, method="age_band")
    assert result.productivity_loss_yen == approx(V * (0.332 + 0.296 + 0.208))


def test_optional_columns_may_be_absent() -> None:
    frame = pd.DataFrame(
        {
            "age_band": ["45-49", "45-49"],
            "is_manager": [0, 1],
            "responded": [1, 0],
            "is_caregiver": [1, None],
        }
    )
    result = estimate(frame, separation="survey_intent")
    assert result.caregivers_estimated == approx(2)
    assert result.leavers_expected == 0  # no status column: nobody considering leaving


# ------------------------------------------------------------ before any survey


def test_without_survey_from_head_count() -> None:
    result = estimate_without_survey(1_000)
    caregivers = 1_000 * 0.049
    assert result.basis == "national_average"
    assert result.caregivers_estimated == approx(caregivers)
    assert result.productivity_loss_yen == approx(caregivers * V * FLAT)
    assert result.leavers_expected == approx(caregivers * RATE)
    assert result.notes == ("national_average_basis", "age_mix_unknown")
    with pytest.raises(ParameterError, match="age_band"):
        estimate_without_survey(1_000, method="age_band")
    with pytest.raises(InputError):
        estimate_without_survey(0)


def test_without_survey_from_roster_flags_older_workforce() -> None:
    older = pd.DataFrame({"age": [52, 58, 61, 40], "is_manager": [True, False, False, False]})
    result = estimate_without_survey(older, method="position")
    assert result.productivity_loss_yen == approx(SHARE * V * (0.167 + 3 * 0.317))
    assert result.respondents is None
    assert "older_workforce_underestimate" in result.notes

    younger = pd.DataFrame({"age": [25, 33, 41, 55, 38], "is_manager": [False] * 5})
    assert "older_workforce_underestimate" not in estimate_without_survey(younger).notes


# ------------------------------------------------------------ aggregate, national


def test_aggregate_with_and_without_leavers() -> None:
    given = estimate_aggregate(10, 1)
    assert given.basis == "aggregate"
    assert given.separation_method == "reported"
    assert given.productivity_loss_yen == approx(10 * V * FLAT)
    assert given.total_yen == approx(10 * V * FLAT + PER_LEAVER)
    assert given.per_employee_yen is None

    national = estimate_aggregate(10)
    assert national.separation_method == "national_rate"
    assert national.leavers_expected == approx(10 * RATE)

    with_staff = estimate_aggregate(10, 1, employees=200)
    assert with_staff.per_employee_yen == approx(with_staff.total_yen / 200)


@pytest.mark.parametrize(
    ("kwargs", "column"),
    [
        ({"caregivers": -1}, "caregivers"),
        ({"caregivers": float("nan")}, "caregivers"),
        ({"caregivers": 1, "leavers": -0.5}, "leavers"),
        ({"caregivers": "3"}, "caregivers"),
        ({"caregivers": 30, "employees": 10}, "caregivers"),
    ],
)
def test_aggregate_rejects_bad_counts(kwargs: dict, column: str) -> None:
    with pytest.raises(InputError) as info:
        estimate_aggregate(**kwargs)
    assert info.value.column == column


def test_national_reproduction_within_a_tenth_of_a_percent() -> None:
    """METI: 合計9兆1,792億円 for 3.18 million working caregivers in 2030."""
    caregivers = 3_180_000
    leavers = caregivers * 0.0354
    hand = (
        caregivers * 9_050_000 * 0.275
        + leavers * 9_050_000
        + leavers * 32_746 * 35
        + leavers * 1_033_000
    )
    result = national_estimate()
    assert result.total_yen == approx(hand)
    assert abs(result.total_yen - 9_179_200_000_000) / 9_179_200_000_000 < 0.001
    assert METI_NATIONAL_TOTAL_YEN == 9_179_200_000_000


# ------------------------------------------------------------ result dict


def test_to_dict_numbers_and_rounding(mixed_roster: pd.DataFrame) -> None:
    data = estimate(mixed_roster).to_dict()
    json.dumps(data)  # serialisable as is
    for key in (
        "productivity_loss_yen",
        "separation_labour_loss_yen",
        "training_cost_loss_yen",
        "replacement_cost_yen",
        "total_yen",
        "per_employee_yen",
    ):
        assert type(data[key]) is int, key
    assert isinstance(data["caregivers_estimated"], float)
    assert data["caregivers_estimated"] == approx(C_EST)  # fractions kept
    assert isinstance(data["leavers_expected"], float)
    assert data["total_yen"] == sum(
        data[k]
        for k in (
            "productivity_loss_yen",
            "separation_labour_loss_yen",
            "training_cost_loss_yen",
            "replacement_cost_yen",
        )
    )
    assert data["parameter_set"] == {
        "name": "meti-2030",
        "version": 1,
        "customised": False,
        "overridden": [],
    }
    assert data["parameters"]["caregiver_separation_rate"] == 0.0354
