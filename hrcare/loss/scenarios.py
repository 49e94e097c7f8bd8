"""Scenarios: "what if support works", as differences from the baseline."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import pandas as pd

from hrcare.loss.model import evaluate, resolve_params, summarise
from hrcare.loss.params import LossParameters, ParameterError
from hrcare.loss.results import COMPONENTS, LossResult, whole_yen
from hrcare.loss.validation import check_method, prepare_roster

__all__ = ["STANDARD_SCENARIOS", "Scenario", "ScenarioResult", "run_scenarios"]


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
                k: whole_yen(v) if k.endswith("_yen") else v for k, v in self.difference.items()
            },
        }


def _difference(result: LossResult, baseline: LossResult) -> dict[str, float]:
    keys = ("caregivers_estimated", "leavers_expected", *COMPONENTS)
    return {k: float(getattr(result, k) - getattr(baseline, k)) for k in keys}


def run_scenarios(
    frame: pd.DataFrame,
    params: LossParameters | None = None,
    method: str = "flat",
    separation: str = "national_rate",
    scenarios: Sequence[Scenario] = STANDARD_SCENARIOS,
) -> list[ScenarioResult]:
    """Run each scenario against the same validated roster and baseline."""
    check_method(method, separation)
    params = resolve_params(params)
    roster = prepare_roster(frame)
    baseline = summarise(roster, evaluate(roster, params, method, separation), params, method)
    out: list[ScenarioResult] = []
    for scenario in scenarios:
        varied = params.with_overrides(scenario.param_overrides)
        evaluation = evaluate(
            roster,
            varied,
            method,
            separation,
            drop_factor=1.0 - scenario.drop_reduction,
            separation_factor=1.0 - scenario.separation_reduction,
        )
        result = summarise(roster, evaluation, varied, method)
        out.append(ScenarioResult(scenario, baseline, result, _difference(result, baseline)))
    return out
