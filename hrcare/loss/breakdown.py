"""Loss by department, age band or position, with anonymity suppression.

SURVEY.md: a group with fewer respondents than the company's threshold is
hidden, and so is any group whose hiding would otherwise be undone by
subtracting the shown groups from the company total (the complement rule).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from hrcare.loss.model import evaluate, resolve_params
from hrcare.loss.params import AGE_BANDS, LossParameters, ParameterError
from hrcare.loss.results import COMPONENTS, build_result, whole_yen
from hrcare.loss.validation import N_BANDS, InputError, Roster, check_method, prepare_roster

__all__ = [
    "BREAKDOWN_KEYS",
    "MIN_SUPPRESSION_THRESHOLD",
    "BreakdownGroup",
    "breakdown",
]

BREAKDOWN_KEYS: tuple[str, ...] = ("department", "age_band", "position")

#: Anonymity threshold floor from SURVEY.md: it may be raised, never lowered.
MIN_SUPPRESSION_THRESHOLD = 5

_POSITION_KEYS = ("manager", "non_manager")


@dataclasses.dataclass(frozen=True)
class BreakdownGroup:
    """One group of a breakdown; every number is ``None`` when suppressed.

    ``suppression_reason`` is ``"below_threshold"`` (fewer respondents than
    the threshold), ``"not_released"`` (not a group of the survey's release) or ``"complement"`` (hidden so a small group cannot be
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
        for name in COMPONENTS:
            if data[name] is not None:
                data[name] = whole_yen(data[name])
        return data


def _suppress(
    respondents: np.ndarray,
    employees: np.ndarray,
    threshold: int,
    released: list[bool] | None = None,
) -> list[str | None]:
    """Decide which groups to hide.

    Primary: fewer respondents than ``threshold``.  Complement: while the
    hidden groups could be recovered from the total (a single hidden group,
    or hidden groups whose combined respondents are still below the
    threshold), also hide the smallest shown group (fewest respondents, then
    fewest employees, then first in order).
    """
    reasons: list[str | None] = [
        "not_released" if released is not None and not released[i] else None
        for i in range(len(respondents))
    ]
    reasons = [
        reason or ("below_threshold" if r < threshold else None)
        for reason, r in zip(reasons, respondents, strict=True)
    ]
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


def _group_codes(roster: Roster, by: str) -> tuple[np.ndarray, list[str | None]]:
    """Group index per row and the group keys in display order."""
    if by == "age_band":
        present = np.unique(roster.band)
        lookup = np.full(N_BANDS, -1)
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
    allowed: Collection[str] | None = None,
) -> list[BreakdownGroup]:
    """Loss by department, age band or position, with anonymity suppression.

    ``allowed``: the groups a survey's release shows (a released wave's loss breakdown
    never shows a group the release's joint audit did not pass); others are suppressed
    with reason ``"not_released"``.

    Groups use the company-wide band rates (for non-respondents) and the
    company-wide leavers per caregiver, so shown and hidden groups add up to
    the company total exactly; per-group rates would make small groups
    noisy and would reveal a department's leaving intentions.
    """
    check_method(method, separation)
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
    params = resolve_params(params)
    roster = prepare_roster(frame)
    evaluation = evaluate(roster, params, method, separation)
    codes, keys = _group_codes(roster, by)
    size = len(keys)
    employees = np.bincount(codes, minlength=size)
    respondents = np.bincount(codes, weights=roster.responded, minlength=size)
    caregivers = np.bincount(codes, weights=evaluation.weight, minlength=size)
    productivity = np.bincount(codes, weights=evaluation.productivity, minlength=size)
    released = None if allowed is None else [key in allowed for key in keys]
    reasons = _suppress(respondents, employees, int(threshold), released)
    groups: list[BreakdownGroup] = []
    for i, key in enumerate(keys):
        if reasons[i] is not None:
            groups.append(BreakdownGroup(key, True, reasons[i], *([None] * 9)))  # type: ignore[arg-type]
            continue
        part = build_result(
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
