"""Hand-worked rosters for the loss-engine tests.

Each fixture's docstring states the figures a reader can check by hand; the
tests recompute expected values from the published parameters, never from
engine output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from hrcare.surveys.questionnaire import AGE_BANDS
from hrcare.surveys.results.loss_input import typed_frame

NA = pd.NA

# Published defaults, written out so tests do not read them from the engine.
V = 9_050_000
FLAT = 0.275
TRAINING_PER_LEAVER = 32_746 * 35
REPLACEMENT = 1_033_000
RATE = 0.0354
SHARE = 0.049
PER_LEAVER = V + TRAINING_PER_LEAVER + REPLACEMENT


#: The columns of the hand-written roster tuples, in order.
ROSTER_COLUMNS: tuple[str, ...] = (
    "age_band",
    "is_manager",
    "responded",
    "is_caregiver",
    "balancing_status",
    "performance_score",
    "value_added_yen",
    "department",
)


def roster(rows: list[tuple], columns: tuple[str, ...] = ROSTER_COLUMNS) -> pd.DataFrame:
    """Build a roster frame with the engine's nullable column types."""
    frame = pd.DataFrame(rows, columns=list(columns))
    for name in ("is_caregiver", "future_caregiver"):
        if name in frame.columns:
            frame[name] = frame[name].astype("boolean")
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


# ------------------------------------------------------------ app-level helpers


def survey_frame(rows: list[tuple]) -> pd.DataFrame:
    """A frame shaped like ``hrcare.surveys.results.loss_input.loss_frame``.

    Rows are (department, age_band, responded, is_caregiver, balancing_status,
    future_caregiver); managers, scores and value added are left empty.  The
    column types come from the survey feature itself, so this input cannot
    drift from what ``loss_frame`` hands the loss services.
    """
    return typed_frame(
        [
            {
                "age_band": band,
                "is_manager": False,
                "department": department,
                "responded": responded,
                "is_caregiver": caregiver,
                "balancing_status": status,
                "performance_score": NA,
                "value_added_yen": NA,
                "future_caregiver": future,
            }
            for department, band, responded, caregiver, status, future in rows
        ]
    )


def respondents(department: str, n: int, caregivers: int = 0, band: str = "45-49") -> list[tuple]:
    """``n`` respondents of one department, the first ``caregivers`` of them caring."""
    return [
        (department, band, True, i < caregivers, "managing" if i < caregivers else NA, False)
        for i in range(n)
    ]


@pytest.fixture
def use_survey(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``use_survey(frame)`` makes the services read ``frame`` as the latest survey.

    Stands in for the survey feature's services so these tests pin the loss feature's
    behaviour, not the survey feature's storage; ``use_survey(None)`` means "the company
    has no closed survey".
    """
    from types import SimpleNamespace

    from hrcare.loss import services
    from hrcare.surveys import services as surveys
    from hrcare.tenants.models import Company

    def _use(frame: pd.DataFrame | None, title: str = "2026年度 仕事と介護の両立に関する調査"):
        survey = SimpleNamespace(id=7, title=title)

        def release(session, company_id, survey_id):  # type: ignore[no-untyped-def]
            """A release that shows every group of the frame, at the company's threshold."""
            assert frame is not None
            partition = surveys.LossPartition(
                frozenset(frame["department"].dropna().astype(str)),
                {band: band for band in AGE_BANDS},
                frozenset({"manager", "non_manager"}),
            )
            company = session.get(Company, company_id)
            return SimpleNamespace(loss=partition, threshold=company.anonymity_threshold)

        module = SimpleNamespace(
            latest_survey_for_loss=lambda session, company_id: None if frame is None else survey,
            loss_frame=lambda session, company_id, survey_id, partition=None: frame.copy(),
            release_for=release,
            LossPartition=surveys.LossPartition,
            released_age_bands=surveys.released_age_bands,
            age_band_label=surveys.age_band_label,
        )
        monkeypatch.setattr(services, "surveys", module)
        return module

    return _use


@pytest.fixture
def staff(tenant_a, make_employee):  # type: ignore[no-untyped-def]
    """Tenant A's roster: 20 active employees (4 managers) and one who has left."""
    from datetime import UTC, date, datetime

    people = [
        make_employee(
            tenant_a.company,
            birth_date=date(1965 + i, 6, 1),
            is_manager=i % 5 == 0,
            department=("営業部", "開発部")[i % 2],
        )
        for i in range(20)
    ]
    make_employee(tenant_a.company, left_at=datetime(2024, 3, 31, tzinfo=UTC))
    return people
