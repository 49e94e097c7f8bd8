"""The result of one estimate and the four components' formulas.

``LossResult`` carries everything a report must print about how a figure was
made (method, separation method, basis, parameter set and values, notes), so
a page, a PDF or the CLI never has to reconstruct it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from hrcare.loss.params import LossParameters

__all__ = ["COMPONENTS", "NOTE_CODES", "LossResult", "build_result", "whole_yen"]

#: The yen components of a result, ``total_yen`` last.
COMPONENTS: tuple[str, ...] = (
    "productivity_loss_yen",
    "separation_labour_loss_yen",
    "training_cost_loss_yen",
    "replacement_cost_yen",
    "total_yen",
)

#: Note codes a result may carry; reports translate them.
NOTE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "national_average_basis": "社内調査の回答がないため、全国平均の割合で推計しています。",
        "older_workforce_underestimate": (
            "50歳以上の従業員の割合が全国より高いため、全国平均による推計は実態より"
            "低い可能性があります。"
        ),
        "age_mix_unknown": (
            "従業員の年齢構成が不明です。介護は50代に多く、年齢構成が高い会社では"
            "推計が低めになります。"
        ),
        "survey_intent_unavailable": (
            "調査回答がないため、離職者数は全国の介護離職率で推計しています。"
        ),
        "no_respondent_caregivers": (
            "回答者にビジネスケアラーがいないため、離職意向による離職者数は0です。"
        ),
        "band_rate_fallback": (
            "回答者のいない年齢層の未回答者は、全社の回答者の割合で推計しています。"
        ),
        "caregiving_answer_imputed": (
            "介護の有無に回答しなかった回答者は、未回答者と同じ方法で推計しています。"
        ),
    }
)


def whole_yen(amount: float) -> int:
    """Round yen half away from zero (Python's ``round`` is half-to-even)."""
    return int(math.copysign(math.floor(abs(amount) + 0.5), amount))


@dataclasses.dataclass(frozen=True)
class LossResult:
    """One estimate, with everything a report must print about how it was made.

    Yen amounts are kept unrounded here; ``to_dict`` rounds them.  Counts are
    expected values and keep their fractions.  ``caregivers_observed`` and
    ``respondents`` are ``None`` when there is no survey (national average or
    aggregate input), so a report never shows an invented "0 observed".
    """

    method: str
    separation_method: str
    basis: str  # "survey" | "national_average" | "aggregate"
    # Dicts are compared but not hashed, so results stay usable in sets/keys.
    parameter_set: dict[str, Any] = dataclasses.field(hash=False)
    parameters: dict[str, Any] = dataclasses.field(hash=False)
    employees: int | None
    respondents: int | None
    caregivers_observed: int | None
    caregivers_estimated: float
    leavers_expected: float
    productivity_loss_yen: float
    separation_labour_loss_yen: float
    training_cost_loss_yen: float
    replacement_cost_yen: float
    total_yen: float
    per_employee_yen: float | None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: numbers stay numbers, yen rounded to whole yen.

        ``total_yen`` is the sum of the rounded components so the printed
        table always adds up (it can differ from ``round(self.total_yen)`` by
        a yen or two).
        """
        components = {name: whole_yen(getattr(self, name)) for name in COMPONENTS[:-1]}
        return {
            "method": self.method,
            "separation_method": self.separation_method,
            "basis": self.basis,
            "parameter_set": dict(self.parameter_set),
            "parameters": {
                k: dict(v) if isinstance(v, Mapping) else v for k, v in self.parameters.items()
            },
            "employees": self.employees,
            "respondents": self.respondents,
            "caregivers_observed": self.caregivers_observed,
            "caregivers_estimated": float(self.caregivers_estimated),
            "leavers_expected": float(self.leavers_expected),
            **components,
            "total_yen": sum(components.values()),
            "per_employee_yen": (
                None if self.per_employee_yen is None else whole_yen(self.per_employee_yen)
            ),
            "notes": list(self.notes),
        }


def build_result(
    params: LossParameters,
    *,
    method: str,
    separation_method: str,
    basis: str,
    caregivers: float,
    leavers: float,
    productivity: float,
    employees: int | None,
    respondents: int | None,
    observed: int | None,
    notes: Iterable[str],
) -> LossResult:
    """Apply the three separation formulas and assemble a ``LossResult``."""
    separation_labour = leavers * params.value_added_per_worker_yen
    training = leavers * params.training_cost_per_year_yen * params.tenure_years
    replacement = leavers * params.replacement_cost_yen
    total = productivity + separation_labour + training + replacement
    return LossResult(
        method=method,
        separation_method=separation_method,
        basis=basis,
        parameter_set=params.parameter_set(),
        parameters=params.values(),
        employees=employees,
        respondents=respondents,
        caregivers_observed=observed,
        caregivers_estimated=float(caregivers),
        leavers_expected=float(leavers),
        productivity_loss_yen=float(productivity),
        separation_labour_loss_yen=float(separation_labour),
        training_cost_loss_yen=float(training),
        replacement_cost_yen=float(replacement),
        total_yen=float(total),
        per_employee_yen=total / employees if employees else None,
        notes=tuple(dict.fromkeys(notes)),
    )
