"""Scenarios, the five-year outlook and suppressed breakdowns."""

from __future__ import annotations

import pandas as pd
import pytest

from hrcare.loss.breakdown import breakdown
from hrcare.loss.model import estimate
from hrcare.loss.outlook import five_year_outlook
from hrcare.loss.params import LossParameters, ParameterError
from hrcare.loss.scenarios import STANDARD_SCENARIOS, Scenario, run_scenarios
from hrcare.loss.validation import InputError

from .conftest import FLAT, NA, PER_LEAVER, RATE, ROSTER_COLUMNS, V, roster


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-12, abs=1e-6)


# ------------------------------------------------------------------ scenarios


def test_standard_scenarios(mixed_roster: pd.DataFrame) -> None:
    names = [s.name for s in STANDARD_SCENARIOS]
    assert names == ["drop_minus_30pct", "separations_halved"]
    base = estimate(mixed_roster)
    drop, halved = run_scenarios(mixed_roster, LossParameters(), "flat", "national_rate")

    assert drop.baseline == base
    assert drop.result.productivity_loss_yen == approx(base.productivity_loss_yen * 0.7)
    assert drop.result.leavers_expected == approx(base.leavers_expected)
    assert drop.difference["productivity_loss_yen"] == approx(-0.3 * base.productivity_loss_yen)
    assert drop.difference["separation_labour_loss_yen"] == approx(0)
    assert drop.difference["total_yen"] == approx(-0.3 * base.productivity_loss_yen)

    assert halved.result.productivity_loss_yen == approx(base.productivity_loss_yen)
    assert halved.result.leavers_expected == approx(base.leavers_expected / 2)
    saved = base.leavers_expected / 2
    assert halved.difference["leavers_expected"] == approx(-saved)
    assert halved.difference["separation_labour_loss_yen"] == approx(-saved * V)
    assert halved.difference["total_yen"] == approx(-saved * PER_LEAVER)


def test_scenario_with_parameter_overrides(mixed_roster: pd.DataFrame) -> None:
    scenario = Scenario("cheaper_hiring", param_overrides={"replacement_cost_yen": 500_000})
    (outcome,) = run_scenarios(mixed_roster, scenarios=[scenario])
    leavers = outcome.baseline.leavers_expected
    assert outcome.difference["replacement_cost_yen"] == approx(leavers * (500_000 - 1_033_000))
    assert outcome.result.parameter_set["overridden"] == ["replacement_cost_yen"]
    data = outcome.to_dict()
    assert type(data["difference"]["total_yen"]) is int


@pytest.mark.parametrize(
    "kwargs",
    [
        {"drop_reduction": 1.2},
        {"separation_reduction": -0.1},
        {"param_overrides": {"caregiver_separation_rate": 3}},
        {"param_overrides": {"unknown": 1}},
    ],
)
def test_scenario_validation(kwargs: dict) -> None:
    with pytest.raises(ParameterError):
        Scenario("bad", **kwargs)


# ------------------------------------------------------------------ outlook


@pytest.fixture
def future_roster() -> pd.DataFrame:
    """Six in 45-49: five respondents (2 caregivers, 1 future), one non-respondent.

    Caregiver rate 2/5, future rate 1/5 (the caregiver who also said "very
    likely" is not a *future* caregiver).  Baseline C = 2 + 0.4 = 2.4;
    future caregivers F = 1 + 0.2 = 1.2; year k: C = 2.4 + k/5 × 1.2.
    Both current caregivers report no drop (score 10); one considers leaving.
    """
    return roster(
        [
            ("45-49", False, True, True, "considering_leaving", 10, NA, "A", False),
            ("45-49", False, True, False, NA, NA, NA, "A", True),
            ("45-49", False, True, False, NA, NA, NA, "A", False),
            ("45-49", False, True, False, NA, NA, NA, "A", NA),
            ("45-49", False, False, NA, NA, NA, NA, "A", NA),
            ("45-49", False, True, True, "managing", 10, NA, "A", True),
        ],
        columns=(*ROSTER_COLUMNS, "future_caregiver"),
    )


def expected_caregivers(year: int, today: float, future: float) -> float:
    """LOSS_MODEL.md: a fifth of the future caregivers start each year, and each year
    1/5.1 of everyone caring stops (average care 5.1 years)."""
    caring = today
    for _ in range(year):
        caring = caring * (1 - 1 / 5.1) + future / 5
    return caring


def test_outlook_phases_in_future_caregivers_and_ends_care(future_roster: pd.DataFrame) -> None:
    outlook = five_year_outlook(future_roster)
    assert outlook.future_caregivers_observed == 1
    assert outlook.future_caregivers_estimated == approx(1.2)
    assert outlook.baseline.caregivers_estimated == approx(2.4)
    assert outlook.average_care_years == 5.1
    assert [y.year for y in outlook.years] == [1, 2, 3, 4, 5]
    for year in outlook.years:
        caregivers = expected_caregivers(year.year, 2.4, 1.2)
        assert year.additional_caregivers == approx(caregivers - 2.4)
        assert year.result.caregivers_estimated == approx(caregivers)
        assert year.result.productivity_loss_yen == approx(caregivers * V * FLAT)
        assert year.result.leavers_expected == approx(caregivers * RATE)
    # With care ending, five years on is far from "today plus everyone who will start".
    assert outlook.years[-1].result.caregivers_estimated < 2.4 + 1.2 - 1


def test_outlook_future_caregivers_use_flat_drop_when_self_reported(
    future_roster: pd.DataFrame,
) -> None:
    outlook = five_year_outlook(future_roster, method="self_reported")
    # Current caregivers scored 10 (no drop); only the non-respondent's share counts.
    assert outlook.baseline.productivity_loss_yen == approx(0.4 * V * FLAT)
    final = outlook.years[-1].result
    stay = (1 - 1 / 5.1) ** 5
    started = expected_caregivers(5, 0.0, 1.2)
    assert final.productivity_loss_yen == approx((0.4 * stay + started) * V * FLAT)


def test_outlook_survey_intent_keeps_todays_share(future_roster: pd.DataFrame) -> None:
    outlook = five_year_outlook(future_roster, separation="survey_intent")
    assert outlook.years[-1].result.leavers_expected == approx(expected_caregivers(5, 2.4, 1.2) / 2)
    assert outlook.to_dict()["years"][0]["year"] == 1


def test_outlook_needs_the_future_column_and_answers(future_roster: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="future_caregiver"):
        five_year_outlook(future_roster.drop(columns=["future_caregiver"]))
    nobody = future_roster.assign(responded=False)
    with pytest.raises(InputError, match="survey answers"):
        five_year_outlook(nobody)


# ------------------------------------------------------------------ breakdown


def departments(spec: dict[str, tuple[int, int, int]]) -> pd.DataFrame:
    """Department → (respondents, of whom caregivers, non-respondents), all 45-49."""
    rows = []
    for name, (respondents, caregivers, silent) in spec.items():
        rows += [
            ("45-49", False, True, i < caregivers, NA, NA, NA, name) for i in range(respondents)
        ]
        rows += [("45-49", False, False, NA, NA, NA, NA, name)] * silent
    return roster(rows)


def by_key(groups: list) -> dict:
    return {g.key: g for g in groups}


def test_breakdown_groups_add_up_to_the_company() -> None:
    frame = departments({"A": (10, 2, 3), "B": (6, 1, 2)})
    groups = by_key(breakdown(frame, by="department"))
    rate = 3 / 16
    assert groups["A"].caregivers_estimated == approx(2 + 3 * rate)
    assert groups["B"].caregivers_estimated == approx(1 + 2 * rate)
    assert (groups["A"].employees, groups["A"].respondents) == (13, 10)
    assert groups["A"].productivity_loss_yen == approx((2 + 3 * rate) * V * FLAT)
    total = estimate(frame)
    assert sum(g.total_yen for g in groups.values()) == approx(total.total_yen)
    assert sum(g.leavers_expected for g in groups.values()) == approx(total.leavers_expected)


def test_small_group_suppressed_with_its_complement() -> None:
    frame = departments({"A": (10, 2, 0), "B": (8, 1, 0), "C": (3, 1, 0)})
    groups = by_key(breakdown(frame, by="department", threshold=5))
    assert groups["C"].suppressed and groups["C"].suppression_reason == "below_threshold"
    # C alone would be total − A − B: hide the next-smallest too.
    assert groups["B"].suppressed and groups["B"].suppression_reason == "complement"
    assert not groups["A"].suppressed
    for hidden in (groups["B"], groups["C"]):
        assert hidden.employees is None and hidden.total_yen is None
        assert hidden.caregivers_estimated is None and hidden.respondents is None


def test_two_small_groups_still_below_threshold_together() -> None:
    frame = departments({"A": (20, 2, 0), "B": (2, 1, 0), "C": (2, 0, 0)})
    groups = by_key(breakdown(frame, by="department"))
    assert all(g.suppressed for g in groups.values())
    assert groups["A"].suppression_reason == "complement"


def test_two_small_groups_together_reaching_threshold_are_enough() -> None:
    frame = departments({"A": (20, 2, 0), "B": (30, 1, 0), "C": (3, 1, 0), "D": (3, 0, 5)})
    groups = by_key(breakdown(frame, by="department"))
    assert [k for k, g in groups.items() if g.suppressed] == ["C", "D"]


def test_no_suppression_when_every_group_is_large() -> None:
    frame = departments({"A": (5, 1, 0), "B": (5, 0, 0)})
    assert not any(g.suppressed for g in breakdown(frame))
    groups = breakdown(frame, threshold=6)
    assert all(g.suppressed for g in groups)


@pytest.mark.parametrize("threshold", [4, 0, -1, 5.5, True])
def test_threshold_cannot_go_below_five(threshold: object) -> None:
    frame = departments({"A": (10, 1, 0)})
    with pytest.raises(ParameterError, match="at least 5"):
        breakdown(frame, threshold=threshold)  # type: ignore[arg-type]


def test_breakdown_by_age_band_and_position(mixed_roster: pd.DataFrame) -> None:
    bands = breakdown(mixed_roster, by="age_band")
    assert [g.key for g in bands] == ["30-34", "45-49", "50-54"]
    # 30-34 has no respondents, 50-54 only two: both hidden, so 45-49 (4) is hidden too.
    assert all(g.suppressed for g in bands)

    big = pd.concat([mixed_roster] * 5, ignore_index=True)
    positions = by_key(breakdown(big, by="position"))
    assert set(positions) == {"manager", "non_manager"}
    assert positions["manager"].employees == 15
    assert positions["manager"].respondents == 10
    assert positions["non_manager"].respondents == 20


def test_breakdown_department_missing_or_blank(mixed_roster: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="department"):
        breakdown(mixed_roster.drop(columns=["department"]))
    big = pd.concat([mixed_roster] * 3, ignore_index=True)
    big.loc[big.index[:10], "department"] = None
    keys = [g.key for g in breakdown(big)]
    assert keys[-1] is None  # blank department listed last
    with pytest.raises(ParameterError, match="breakdown"):
        breakdown(mixed_roster, by="gender")
