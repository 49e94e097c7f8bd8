"""How a loss figure was made, in words and numbers a reader can check (LOSS_MODEL.md).

The page prints each component's formula with the inputs it used, the outlook's two
assumptions, and, when the estimate rests on few caregivers, a range. Everything here is
computed from a ``LossResult`` and its parameters, so what the page shows is what the
engine did; ``tests/loss/test_loss_domain.py`` recomputes the demo companies' pages from
these lines alone.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from hrcare.core.formatting import yen_full
from hrcare.core.i18n import _
from hrcare.loss.results import LossResult

#: Below this many caregiver respondents the page says the estimate rests on few people.
FEW_CAREGIVERS = 10
#: z for a 95% interval (Wilson score interval of the caregiver rate).
Z95 = 1.959964


@dataclasses.dataclass(frozen=True)
class FormulaLine:
    key: str
    expression: str
    amount: int


def people(value: float, digits: int = 2) -> str:
    number = format(value, f",.{digits}f")
    return _("%(n)s人", n=number)


def percent(value: float, digits: int = 4) -> str:
    return f"{value * 100:.{digits}g}%"


def yen(value: float) -> str:
    return yen_full(value)


def formula_lines(result: LossResult) -> list[FormulaLine]:
    """Each component as ``inputs = amount`` with the values the estimate used."""
    p: dict[str, Any] = result.parameters
    amounts = result.to_dict()
    c, leavers = result.caregivers_estimated, result.leavers_expected
    value_added = float(p["value_added_per_worker_yen"])
    drop = result.productivity_loss_yen / (c * value_added) if c and value_added else 0.0
    rate = leavers / c if c else 0.0
    training, tenure = float(p["training_cost_per_year_yen"]), float(p["tenure_years"])
    return [
        FormulaLine(
            "leavers",
            f"{people(c)} × {percent(rate)} = {people(leavers, 3)}",
            0,
        ),
        FormulaLine(
            "productivity_loss_yen",
            f"{people(c)} × {yen(value_added)} × {percent(drop)}",
            amounts["productivity_loss_yen"],
        ),
        FormulaLine(
            "separation_labour_loss_yen",
            f"{people(leavers, 3)} × {yen(value_added)}",
            amounts["separation_labour_loss_yen"],
        ),
        FormulaLine(
            "training_cost_loss_yen",
            f"{people(leavers, 3)} × {yen(training)} × {format(tenure, 'g')}",
            amounts["training_cost_loss_yen"],
        ),
        FormulaLine(
            "replacement_cost_yen",
            f"{people(leavers, 3)} × {yen(float(p['replacement_cost_yen']))}",
            amounts["replacement_cost_yen"],
        ),
    ]


def wilson(hits: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (sensible for 0 or n hits too)."""
    if n <= 0:
        return 0.0, 1.0
    phat = hits / n
    denominator = 1 + z * z / n
    centre = (phat + z * z / (2 * n)) / denominator
    half = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)
