"""Roster export: CSV (UTF-8 with BOM, or CP932) and .xlsx with Japanese headers.

Pure functions over plain rows. Text cells that a spreadsheet would run as a formula get a
leading apostrophe (SECURITY.md item 10, ASVS 1.2.10); the importer removes it again, so an
export re-imports unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from hrcare.roster import fields as f

HEADERS: tuple[str, ...] = tuple(f.JA_HEADERS[name] for name in f.FIELDS)
DATE_COLUMNS = {f.FIELDS.index("birth_date"), f.FIELDS.index("hire_date")}

# Characters that CP932 spells with a different code point than Unicode's JIS mapping; a
# name typed on a Mac or the web often has the left-hand ones.
_CP932_FRIENDLY = str.maketrans(
    {
        "\u301c": "\uff5e",  # 〜 WAVE DASH → ～
        "\u2016": "\u2225",  # ‖ → ∥
        "\u2212": "\uff0d",  # − MINUS SIGN → －
        "\u00a2": "\uffe0",
        "\u00a3": "\uffe1",
        "\u00ac": "\uffe2",
        "\u2014": "\u2015",  # — EM DASH → ―
    }
)


class ExportEncodingError(ValueError):
    """A value cannot be written in CP932; the message names the employee and column."""

    def __init__(self, employee_number: str, column: str) -> None:
        super().__init__(f"{employee_number}: {column}")
        self.employee_number = employee_number
        self.column = column


def cells(row: Sequence[Any]) -> list[Any]:
    """One employee (values in ``fields.FIELDS`` order) as export cells; dates stay dates."""
    out: list[Any] = []
    for name, value in zip(f.FIELDS, row, strict=True):
        if name == "is_manager":
            out.append("管理職" if value else "非管理職")
        elif name == "employment_type":
            out.append(f.EMPLOYMENT_LABELS.get(value, value))
        elif isinstance(value, date) or value is None:
            out.append(value)
        else:
            out.append(f.escape_formula(str(value)))
    return out


def _csv_text(rows: Iterable[Sequence[Any]]) -> tuple[str, list[list[str]]]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    written: list[list[str]] = []
    for row in rows:
        line = [
            "" if v is None else v.isoformat() if isinstance(v, date) else v for v in cells(row)
        ]
        writer.writerow(line)
        written.append(line)
    return buffer.getvalue(), written


def to_csv(rows: Iterable[Sequence[Any]], *, encoding: str = "utf-8") -> bytes:
    """UTF-8 with a BOM (Excel then opens it as UTF-8), or CP932 for older tools."""
    text, written = _csv_text(rows)
    if encoding == "utf-8":
        return text.encode("utf-8-sig")
    if encoding != "cp932":
        raise ValueError(f"unsupported encoding {encoding!r}")
    text = text.translate(_CP932_FRIENDLY)
    try:
        return text.encode("cp932")
    except UnicodeEncodeError:
        for line in written:
            for header, value in zip(HEADERS, line, strict=True):
                try:
                    value.translate(_CP932_FRIENDLY).encode("cp932")
                except UnicodeEncodeError:
                    raise ExportEncodingError(line[0], header) from None
        raise


def to_xlsx(rows: Iterable[Sequence[Any]]) -> bytes:
    """A one-sheet workbook, written in streaming mode so memory stays flat."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("従業員名簿")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGH", (12, 18, 18, 12, 12, 10, 16, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(list(HEADERS))
    for row in rows:
        line: list[Any] = []
        for index, value in enumerate(cells(row)):
            cell = WriteOnlyCell(sheet, value=value)
            if index in DATE_COLUMNS and value is not None:
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            line.append(cell)
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
