"""What a company's loss estimate may show without revealing a group below the anonymity
threshold (SECURITY.md item 4): the release's groups for the breakdowns, the methods that
give way to the flat drop or the national rate, and the wide range of a few answers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from hrcare.loss.breakdown import BreakdownGroup, breakdown
from hrcare.loss.explain import FEW_CAREGIVERS, wilson
from hrcare.loss.model import estimate_aggregate
from hrcare.loss.params import LossParameters
from hrcare.loss.results import LossResult
from hrcare.loss.validation import prepare_roster
from hrcare.surveys import services as surveys

#: The groupings shown on the page, in display order.
BREAKDOWNS: tuple[str, ...] = ("department", "age_band")


def allowed_groups(partition: surveys.LossPartition, by: str) -> frozenset[str]:
    """Groups of the release, as the keys the engine gives them (see ``loss_frame``)."""
    if by == "department":
        return partition.departments
    if by == "position":
        return partition.positions
    _representative, labels = surveys.released_age_bands(partition)
    return frozenset(labels)


def released_breakdowns(
    frame: pd.DataFrame,
    params: LossParameters,
    method: str,
    separation: str,
    threshold: int,
    partition: surveys.LossPartition,
) -> dict[str, tuple[BreakdownGroup, ...]]:
    """The page's breakdowns: only the release's groups, age bands under their released
    (possibly merged) code."""
    _representative, labels = surveys.released_age_bands(partition)
    out: dict[str, tuple[BreakdownGroup, ...]] = {}
    for by in BREAKDOWNS:
        groups = breakdown(
            frame,
            params,
            method,
            separation,
            by=by,
            threshold=threshold,
            allowed=allowed_groups(partition, by),
        )
        if by == "age_band":
            groups = [dataclasses.replace(g, key=labels.get(g.key or "", g.key)) for g in groups]
        out[by] = tuple(groups)
    return out


def few_answers_range(
    result: LossResult, answered: int, params: LossParameters
) -> tuple[float, float] | None:
    """The total's range when it rests on fewer than ``FEW_CAREGIVERS`` caregivers.

    Observed caregivers are certain; the others (non-respondents, and respondents who did
    not say) are estimated from the caregiver rate among the ``answered``, whose 95% Wilson
    interval gives the low and high caregiver counts. Every component is proportional to
    the caregiver count, so the total scales with it.
    """
    observed = result.caregivers_observed
    if observed is None or observed >= FEW_CAREGIVERS or not answered:
        return None
    low_rate, high_rate = wilson(observed, answered)
    estimated = result.caregivers_estimated
    rate = observed / answered
    if rate > 0:
        imputed = estimated - observed
        counts = (observed + imputed * low_rate / rate, observed + imputed * high_rate / rate)
    else:
        others = (result.employees or answered) - answered
        counts = (float(observed), observed + high_rate * others)
    if estimated > 0:
        return tuple(result.total_yen * c / estimated for c in counts)  # type: ignore[return-value]
    return tuple(estimate_aggregate(c, None, params).total_yen for c in counts)  # type: ignore[return-value]


def safe_methods(
    frame: pd.DataFrame,
    params: LossParameters,
    plain: LossResult,
    method: str,
    separation: str,
    threshold: int,
    partition: surveys.LossPartition,
) -> tuple[str, str, list[str]]:
    """The methods the page may use without revealing a group below the threshold.

    * ``self_reported`` sums caregivers' own scores and ``survey_intent`` their
      balancing status: both need at least ``threshold`` respondent caregivers,
      and ``self_reported`` also needs that many caregivers who gave a score
      (the others take the flat drop, so self_reported minus flat is the sum
      of the given scores alone).
    * ``age_band`` weighs caregivers by band: next to the flat figures it would
      give one more equation on the bands the age breakdown hides, so it needs
      every band shown — unmerged, in the survey's release.  ``position``
      likewise needs managers and non-managers each shown by the release.
    """
    notes: list[str] = []
    few_caregivers = (plain.caregivers_observed or 0) < threshold
    if method == "self_reported" and (few_caregivers or _scored_caregivers(frame) < threshold):
        method, notes = "flat", [*notes, "self_reported_below_threshold"]
    if method in ("age_band", "position"):
        groups = breakdown(
            frame, params, by=method, threshold=threshold, allowed=allowed_groups(partition, method)
        )
        if (method == "age_band" and not partition.fine_ages) or any(
            group.suppressed for group in groups
        ):
            notes.append(f"{method}_below_threshold")
            method = "flat"
    if separation == "survey_intent" and few_caregivers:
        separation, notes = "national_rate", [*notes, "survey_intent_below_threshold"]
    return method, separation, notes


def _scored_caregivers(frame: pd.DataFrame) -> int:
    """Respondent caregivers who answered the performance question (see ``safe_methods``)."""
    roster = prepare_roster(frame)
    return int((roster.caregiver & ~np.isnan(roster.score)).sum())
