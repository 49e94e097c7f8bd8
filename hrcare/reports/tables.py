"""A table of the report: typed columns, raw values; the PDF and the workbook format them.

The same ``Table`` objects feed the PDF template (formatted strings) and the Excel workbook
(numbers with a number format), so both always carry the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hrcare.core.formatting import yen_full, yen_read

#: Column kinds: text, yen (reading form in the PDF), yen_full, int, count (one decimal,
#: expected people), pct (0–100, one decimal), pt (percentage-point difference).
KINDS = ("text", "yen", "yen_full", "int", "count", "pct", "pt")
MISSING = "—"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    key: str  # short id, also the workbook sheet's section
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""
    total_last: bool = False  # the last row is a total (bold)


def table(
    key: str,
    title: str,
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[Any]],
    *,
    note: str = "",
    total_last: bool = False,
) -> Table:
    return Table(
        key,
        title,
        tuple(Column(label, kind) for label, kind in columns),
        tuple(tuple(row) for row in rows),
        note,
        total_last,
    )


def cell(value: Any, kind: str) -> str:
    """One value as the PDF prints it."""
    if value is None:
        return MISSING
    if isinstance(value, str):
        return value
    if kind == "yen":
        return yen_read(value)
    if kind == "yen_full":
        return yen_full(value)
    if kind == "int":
        return f"{int(value):,}"
    if kind == "count":
        return f"{float(value):,.1f}"
    if kind == "pct":
        return f"{float(value):.1f}%"
    if kind == "pt":
        return f"{float(value):+.1f}pt"
    return str(value)


EXCEL_FORMATS = {
    "yen": '"¥"#,##0',
    "yen_full": '"¥"#,##0',
    "int": "#,##0",
    "count": "#,##0.0",
    "pct": '0.0"%"',
    "pt": '+0.0"pt";-0.0"pt";0.0"pt"',
}
