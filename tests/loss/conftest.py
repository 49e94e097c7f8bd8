"""Hand-worked rosters for the loss-engine tests.

Each fixture's docstring states the figures a reader can check by hand; the
tests recompute expected values from the published parameters, never from
engine output.
"""

from __future__ import annotations

import pandas as pd
import pytest

NA = pd.NA

# Published defaults, written out so tests do not read them from the engine.
V = 9_050_000
FLAT = 0.275
TRAINING_PER_LEAVER = 32_746 * 35
REPLACEMENT = 1_033_000
RATE = 0.0354
SHARE = 0.049
PER_LEAVER = V + TRAINING_PER_LEAVER + REPLACEMENT


def roster(rows: list[tuple], columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Build a roster frame; default columns match the tuples below."""
    columns = columns or (
        "age_band",
        "is_manager",
        "responded",
        "is_caregiver",
        "balancing_status",
        "performance_score",
        "value_added_yen",
        "department",
    )
    frame = pd.DataFrame(rows, columns=list(columns))
    if "is_caregiver" in frame.columns:
        frame["is_caregiver"] = frame["is_caregiver"].astype("boolean")
    for name in ("performance_score", "value_added_yen"):
        if name in frame.columns:
            frame[name] = frame[name].astype("Float64")
    return frame


@pytest.fixture
def mixed_roster() -> pd.DataFrame:
    """Ten employees, six respondents, two observed caregivers.

    * 45-49: four respondents, one caregiver (row 1, considering leaving,
      score 6) → band rate 1/4; one non-respondent (row 5) → 0.25.
    * 50-54: two respondents, one caregiver (row 6, manager, no score) →
      band rate 1/2; two non-respondents (row 8; row 10 a manager with its
      own value added of 12,000,000) → 0.5 each.
    * 30-34: one non-respondent (row 9), no respondents in the band → the
      company rate 2/6 = 1/3.

    Estimated caregivers: 2 + 0.25 + 0.5 + 1/3 + 0.5 = 3.58333…
    """
    return roster(
        [
            ("45-49", False, True, True, "considering_leaving", 6, NA, "A"),
            ("45-49", False, True, False, NA, NA, NA, "A"),
            ("45-49", True, True, False, NA, NA, NA, "B"),
            ("45-49", False, True, False, NA, NA, NA, "B"),
            ("45-49", False, False, NA, NA, NA, NA, "A"),
            ("50-54", True, True, True, "managing", NA, NA, "B"),
            ("50-54", False, True, False, NA, NA, NA, "A"),
            ("50-54", False, False, NA, NA, NA, NA, "B"),
            ("30-34", False, False, NA, NA, NA, NA, "A"),
            ("50-54", True, False, NA, NA, NA, 12_000_000, "B"),
        ]
    )
