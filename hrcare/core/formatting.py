"""Number formatting as Japanese readers expect: 億/万 for reading, full values for tables.

The one yen formatter of the project: pages (Jinja filters ``yen_ja`` and ``yen``), the
command line and PDF reports all print the same strings.

- Halves round up (away from zero), never to even: Python's ``round`` would make
  ``6億2,450万`` and ``6億2,350万`` round in different directions in the same report.
- Rounding that carries into the next unit is re-rounded: 999,999,999,999 → ``1兆円``,
  not ``10,000億円``.
- ``None`` and NaN (a missing or suppressed value) print as ``—``; an infinite amount is a
  bug upstream and raises ``ValueError`` rather than printing something plausible.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_FLOOR, Decimal
from numbers import Integral, Real
from typing import Any

from markupsafe import Markup, escape

from hrcare.core.clock import jst_day, jst_minute

MAN = 10_000
OKU = 100_000_000
CHO = 1_000_000_000_000
MISSING = "—"

#: (unit size, suffix), largest first.
_UNITS: tuple[tuple[int, str], ...] = ((CHO, "兆"), (OKU, "億"), (MAN, "万"))


def _magnitude(amount: Any) -> tuple[str, int | float | Decimal] | None:
    """(sign, absolute value) or ``None`` for a missing amount; rejects infinities."""
    if amount is None:
        return None
    if isinstance(amount, bool) or not isinstance(amount, (Real, Decimal)):
        raise TypeError(f"cannot format {amount!r} as yen")
    if isinstance(amount, Integral):
        amount = int(amount)  # numpy integers too: rounded exactly below
    if isinstance(amount, float) and math.isnan(amount):
        return None
    if isinstance(amount, Decimal) and amount.is_nan():
        return None
    if isinstance(amount, (float, Decimal)) and not math.isfinite(amount):
        raise ValueError(f"cannot format a non-finite amount: {amount!r}")
    return ("-" if amount < 0 else ""), abs(amount)


def _round_half_up(value: int | float | Decimal, step: int) -> int:
    """Round a non-negative amount to a multiple of ``step``, halves upwards.

    Integers (the usual case: whole yen from the database) are rounded exactly; floats
    and Decimals go through ``floor(x / step + 1/2)``.
    """
    if isinstance(value, int):
        return (value + step // 2) // step * step
    if isinstance(value, Decimal):
        return int((value / step + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR)) * step
    return math.floor(value / step + 0.5) * step


def _precision(amount: int) -> int:
    """Rounding step: keep the largest unit and the one below it.

    Two units are enough for a reader (``9兆1,792億円``, ``6億2,400万円``, ``20万8,000円``);
    from 10億 the 万 part is rounded to hundreds of 万 (``12億3,500万円``), and from
    100万 the yen below 万 are dropped (``5,570万円``). The full figure
    is always available from ``yen_full``.
    """
    if amount >= CHO:
        return OKU
    if amount >= 10 * OKU:
        return 100 * MAN
    if amount >= 100 * MAN:
        return MAN  # 5,570万円: below 100万 a reader still wants the yen (19万3,408円)
    return 1


def yen_ja(amount: float | int | Decimal | None) -> str:
    """9兆1,792億円 / 6億2,400万円 / 7万7,300円 — rounded to what a reader takes in.

    9,179,200,000,000 → ``9兆1,792億円``; 624,000,000 → ``6億2,400万円``;
    1,234,567,890 → ``12億3,500万円``; 7,730,000 → ``773万円``; 208,000 → ``20万8,000円``.
    Zero parts are left out (``1億円``); negative amounts (scenario differences) get a
    leading ``-``.
    """
    parts_of = _magnitude(amount)
    if parts_of is None:
        return MISSING
    sign, magnitude = parts_of
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


def yen_full(amount: float | int | Decimal | None) -> str:
    """¥1,234,567 — the full value rounded to whole yen (halves up), for tables and exports.

    Negative amounts read ``-¥1,234``; an amount that rounds to zero reads ``¥0``.
    """
    parts_of = _magnitude(amount)
    if parts_of is None:
        return MISSING
    sign, magnitude = parts_of
    rounded = _round_half_up(magnitude, 1)
    return f"{sign if rounded else ''}¥{rounded:,}"


_EN_UNITS: tuple[tuple[int, str], ...] = (
    (CHO, "trillion"),
    (1_000_000_000, "billion"),
    (1_000_000, "million"),
)


def yen_en(amount: float | int | Decimal | None) -> str:
    """¥9.18 trillion / ¥624 million / ¥77,300 — the English reading of ``yen_ja``.

    Three significant figures from a million upwards (halves up); below, the full value.
    """
    parts_of = _magnitude(amount)
    if parts_of is None:
        return MISSING
    sign, magnitude = parts_of
    for size, word in _EN_UNITS:
        if magnitude >= size:
            value = Decimal(str(magnitude)) / size
            digits = 2 if value < 10 else 1 if value < 100 else 0
            text = f"{value.quantize(Decimal(1).scaleb(-digits), rounding='ROUND_HALF_UP'):,}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return f"{sign}¥{text} {word}"
    return yen_full(amount)


def yen_read(amount: float | int | Decimal | None) -> str:
    """The reading form in the page's language: ``yen_ja`` in Japanese, ``yen_en`` in English."""
    from hrcare.core.i18n import get_locale

    locale = get_locale()
    return yen_en(amount) if locale is not None and locale.language == "en" else yen_ja(amount)


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def contact_links(text: str | None) -> Markup:
    """Free contact text (the consultation desk) with its e-mail addresses as mailto links;
    everything else escaped."""
    out, last = [], 0
    for match in _EMAIL.finditer(text or ""):
        out.append(escape(text[last : match.start()]))  # type: ignore[index]
        address = escape(match.group(0))
        out.append(Markup('<a href="mailto:{0}">{0}</a>').format(address))
        last = match.end()
    out.append(escape((text or "")[last:]))
    return Markup("").join(out)


def install_filters(app: object) -> None:
    app.jinja_env.filters["contact_links"] = contact_links  # type: ignore[attr-defined]
    app.jinja_env.filters["jst_day"] = jst_day  # type: ignore[attr-defined]
    app.jinja_env.filters["jst_minute"] = jst_minute  # type: ignore[attr-defined]
    app.jinja_env.filters["yen"] = yen_full  # type: ignore[attr-defined]
    app.jinja_env.filters["yen_ja"] = yen_ja  # type: ignore[attr-defined]
    app.jinja_env.filters["yen_read"] = yen_read  # type: ignore[attr-defined]


# --- spreadsheet formula injection (SECURITY.md item 10, ASVS 1.2.10) ----------------------

# Excel also reads the full-width forms as formula signs (IME input of ＝SUM(…)).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def escape_formula(value: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def unescape_formula(value: str) -> str:
    """Undo ``escape_formula`` so an exported file re-imports with the same values."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
