"""Invariants that must hold for any roster (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrcare.loss.breakdown import breakdown
from hrcare.loss.model import estimate
from hrcare.loss.params import AGE_BANDS, LossParameters
from hrcare.loss.validation import BALANCING_STATUSES, METHODS

from .conftest import roster

employee = st.tuples(
    st.sampled_from(AGE_BANDS),
    st.booleans(),  # manager
    st.booleans(),  # responded
    st.booleans(),  # caregiver
    st.sampled_from((None, *BALANCING_STATUSES)),
    st.one_of(st.none(), st.integers(0, 10)),
    st.one_of(st.none(), st.floats(0, 5e7)),
    st.sampled_from("ABCDE"),
)


def to_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = roster(rows)
    frame.loc[~frame["responded"], "is_caregiver"] = pd.NA  # nobody knows a non-respondent's
    return frame


rosters = st.lists(employee, min_size=1, max_size=60).map(to_frame)


@settings(max_examples=60, deadline=None)
@given(rosters, st.sampled_from(METHODS), st.sampled_from(("national_rate", "survey_intent")))
def test_components_add_up_and_are_non_negative(
    frame: pd.DataFrame, method: str, separation: str
) -> None:
    r = estimate(frame, LossParameters(), method, separation)
    parts = (
        r.productivity_loss_yen,
        r.separation_labour_loss_yen,
        r.training_cost_loss_yen,
        r.replacement_cost_yen,
    )
    assert all(p >= 0 for p in parts)
    assert r.total_yen == pytest.approx(sum(parts))
    assert 0 <= r.caregivers_estimated <= len(frame) + 1e-9
    if r.basis == "survey":
        assert r.caregivers_observed <= r.caregivers_estimated + 1e-9


@settings(max_examples=40, deadline=None)
@given(rosters, st.sampled_from(METHODS), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(frame: pd.DataFrame, method: str, rnd) -> None:
    order = list(range(len(frame)))
    rnd.shuffle(order)
    shuffled = frame.iloc[order].reset_index(drop=True)
    a, b = estimate(frame, method=method), estimate(shuffled, method=method)
    assert a.total_yen == pytest.approx(b.total_yen, rel=1e-9, abs=1e-6)
    assert a.caregivers_estimated == pytest.approx(b.caregivers_estimated, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(rosters, st.integers(5, 8))
def test_suppression_never_leaves_a_recoverable_group(frame: pd.DataFrame, threshold: int) -> None:
    groups = breakdown(frame, threshold=threshold)
    respondents = frame.groupby("department")["responded"].sum()
    hidden = [g for g in groups if g.suppressed]
    shown = [g for g in groups if not g.suppressed]
    for g in groups:
        if respondents[g.key] < threshold:
            assert g.suppressed
    if hidden and shown:
        assert len(hidden) >= 2
        assert sum(respondents[g.key] for g in hidden) >= threshold


@settings(max_examples=40, deadline=None)
@given(rosters)
def test_unsuppressed_breakdown_adds_up(frame: pd.DataFrame) -> None:
    big = pd.concat([frame] * 5, ignore_index=True)  # every department has >= 5 rows
    big["responded"] = True
    big["is_caregiver"] = big["is_caregiver"].fillna(False)
    groups = breakdown(big, threshold=5)
    assert not any(g.suppressed for g in groups)
    total = estimate(big)
    assert sum(g.total_yen for g in groups) == pytest.approx(total.total_yen, rel=1e-9, abs=1e-3)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 500))
def test_national_share_without_answers(n: int) -> None:
    frame = pd.DataFrame(
        {
            "age_band": np.array(AGE_BANDS)[np.arange(n) % len(AGE_BANDS)],
            "is_manager": False,
            "responded": False,
            "is_caregiver": pd.array([pd.NA] * n, dtype="boolean"),
        }
    )
    r = estimate(frame)
    assert r.basis == "national_average"
    assert r.caregivers_estimated == pytest.approx(0.049 * n)
