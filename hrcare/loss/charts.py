"""The loss pages' charts: plain SVG geometry (CSP forbids inline styles; styling by classes
in app.css), computed here so templates stay simple."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from hrcare.core.formatting import yen_read
from hrcare.core.i18n import _, _l
from hrcare.loss.outlook import FiveYearOutlook

#: Chart captions: short enough for the bar chart, the table gives the details.
BENCHMARK_SHORT_LABELS: Mapping[str, Any] = {
    "large": _l("大企業モデル"),
    "sme": _l("中小企業モデル"),
}
OWN_COMPANY = _l("自社")
NOW = _l("現在")


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    highlight: bool = False


@dataclasses.dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    description: str


def _scale(value: float, largest: float, length: float) -> float:
    return 0.0 if largest <= 0 else round(max(value, 0.0) / largest * length, 1)


def compact_yen(amount: float) -> str:
    """A bar's caption in the page's language: from 1万円 rounded (half up) to 万, so
    captions fit their bars (English: ``¥36.3 million``)."""
    if abs(amount) < 10_000:
        return yen_read(amount)
    return yen_read(math.copysign(math.floor(abs(amount) / 10_000 + 0.5) * 10_000, amount))


def outlook_chart(outlook: FiveYearOutlook) -> Chart:
    """Vertical bars: today and each of the next five years' total loss."""
    totals = [outlook.baseline.total_yen] + [year.result.total_yen for year in outlook.years]
    labels = [str(NOW)] + [_("%(n)d年後", n=year.year) for year in outlook.years]
    top, plot, slot, bar = 28.0, 180.0, 110.0, 60.0
    largest = max(totals)
    bars = []
    for i, (label, total) in enumerate(zip(labels, totals, strict=True)):
        height = _scale(total, largest, plot)
        bars.append(
            Bar(
                label=label,
                value_text=compact_yen(total),
                x=20 + i * slot,
                y=round(top + plot - height, 1),
                width=bar,
                height=height,
                highlight=i == 0,
            )
        )
    return Chart(
        width=int(40 + slot * len(bars)),
        height=int(top + plot + 30),
        bars=tuple(bars),
        description=_("5年後までの経済損失の見通し（年間）"),
    )


def benchmark_chart(per_employee_yen: float | None, benchmarks: Any) -> Chart | None:
    """Horizontal bars: this company's loss per employee next to METI's model firms."""
    if per_employee_yen is None:
        return None
    rows = [(str(OWN_COMPANY), per_employee_yen, True)] + [
        (str(BENCHMARK_SHORT_LABELS[b.key]), float(b.per_employee_yen), False) for b in benchmarks
    ]
    label_width, plot, row, bar = 170.0, 330.0, 34.0, 20.0
    largest = max(value for _, value, _ in rows)
    bars = tuple(
        Bar(
            label=label,
            value_text=yen_read(value),
            x=label_width,
            y=8 + i * row,
            width=_scale(value, largest, plot),
            height=bar,
            highlight=own,
        )
        for i, (label, value, own) in enumerate(rows)
    )
    return Chart(
        width=int(label_width + plot + 150),
        height=int(16 + row * len(rows)),
        bars=bars,
        description=_("従業員一人当たりの経済損失（年間）と経済産業省のモデル企業"),
    )
