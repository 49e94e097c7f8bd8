"""Number formatting as Japanese readers expect: 億/万 for reading, full values for tables."""

from __future__ import annotations

import math

OKU = 100_000_000
MAN = 10_000
CHO = 1_000_000_000_000


def yen_full(amount: float | int | None) -> str:
    """¥1,234,567 — the full value, for tables and exports."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    return f"¥{round(amount):,}"


def yen_ja(amount: float | int | None) -> str:
    """9兆1,792億円 / 6億2,400万円 / 7万7,300円 — rounded to what a reader takes in.

    Above 1億 we keep 億 and 万 (万 rounded to hundreds of 万 above 10億); above 1兆 we keep
    兆 and 億. Below 1万, plain yen.
    """
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    sign = "-" if amount < 0 else ""
    value = round(abs(amount))
    if value >= CHO:
        cho, rest = divmod(round(value / OKU), MAN)
        return f"{sign}{cho:,}兆" + (f"{rest:,}億円" if rest else "円")
    if value >= OKU:
        step = 100 if value >= 10 * OKU else 1
        man_total = round(value / MAN / step) * step
        oku, man = divmod(man_total, MAN)
        return f"{sign}{oku:,}億" + (f"{man:,}万円" if man else "円")
    if value >= MAN:
        man, rest = divmod(value, MAN)
        return f"{sign}{man:,}万" + (f"{rest:,}円" if rest else "円")
    return f"{sign}{value:,}円"


def install_filters(app: object) -> None:
    app.jinja_env.filters["yen"] = yen_full  # type: ignore[attr-defined]
    app.jinja_env.filters["yen_ja"] = yen_ja  # type: ignore[attr-defined]
