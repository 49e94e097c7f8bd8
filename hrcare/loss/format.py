"""Yen formatting for people (億/万) and for tables (full figures).

House style: amounts a person reads use Japanese grouping, tables and exports
use full values.  These helpers are pure so the CLI, templates (as filters)
and PDF reports all print the same strings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["COMPONENT_LABELS_JA", "format_yen_full", "format_yen_ja"]

#: Japanese names of the result components, as in METI's estimate.
COMPONENT_LABELS_JA: Mapping[str, str] = MappingProxyType(
    {
        "productivity_loss_yen": "仕事と介護の両立困難による労働生産性損失額",
        "separation_labour_loss_yen": "介護離職による労働損失額",
        "training_cost_loss_yen": "介護離職による育成費用損失額",
        "replacement_cost_yen": "介護離職による代替人員採用に係るコスト",
        "total_yen": "合計",
    }
)

_MAN = 10**4
_OKU = 10**8
_CHO = 10**12
#: (unit size, suffix), largest first.
_UNITS: tuple[tuple[int, str], ...] = ((_CHO, "兆"), (_OKU, "億"), (_MAN, "万"))


def _round_half_up(value: float, step: int) -> int:
    """Round a non-negative amount to a multiple of ``step``, halves upwards.

    Python's ``round`` rounds halves to even, which would make ``6億2,450万``
    and ``6億2,350万`` round in different directions in the same report.
    """
    return math.floor(value / step + 0.5) * step


def _precision(amount: int) -> int:
    """Rounding step: keep the largest unit and the one below it.

    Two units are enough for a reader (``9兆1,792億円``, ``6億2,400万円``,
    ``20万8,000円``); from 10億 the 万 part is rounded to hundreds of 万
    (``12億3,500万円``), matching ``hrcare.core.formatting.yen_ja`` so the web
    pages and the CLI print the same strings.  The full figure is always
    available from ``format_yen_full``.
    """
    if amount >= _CHO:
        return _OKU
    if amount >= 10 * _OKU:
        return 100 * _MAN
    if amount >= _OKU:
        return _MAN
    return 1


def format_yen_ja(amount: float) -> str:
    """Format yen the way a Japanese reader says it: ``"6億2,400万円"``.

    The amount is rounded (half up) to the unit below its largest unit, so
    9,179,200,000,000 → ``"9兆1,792億円"``, 624,000,000 → ``"6億2,400万円"``,
    1,234,567,890 → ``"12億3,500万円"``, 7,730,000 → ``"773万円"`` and
    208,000 → ``"20万8,000円"``.  Zero parts
    are left out (``"1億円"``), negative amounts (scenario differences) get a
    leading ``"-"``.
    """
    if not math.isfinite(amount):
        raise ValueError(f"cannot format a non-finite amount: {amount!r}")
    sign = "-" if amount < 0 else ""
    magnitude = abs(amount)
    rounded = _round_half_up(magnitude, _precision(_round_half_up(magnitude, 1)))
    # Rounding can carry into the next unit (9,999億9,999万9,999円 → 1兆円); re-rounding
    # with the new precision is exact because the carry lands on a round number.
    rounded = _round_half_up(rounded, _precision(rounded))
    if rounded == 0:
        return "0円"
    parts: list[str] = []
    rest = rounded
    for size, suffix in _UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count:,}{suffix}")
    if rest:
        parts.append(f"{rest:,}")
    return sign + "".join(parts) + "円"


def format_yen_full(amount: float) -> str:
    """Format yen in full for tables and exports: ``"¥624,000,000"``.

    Rounded to whole yen (half up); negative amounts read ``"-¥1,234"``.
    """
    if not math.isfinite(amount):
        raise ValueError(f"cannot format a non-finite amount: {amount!r}")
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{_round_half_up(abs(amount), 1):,}"
