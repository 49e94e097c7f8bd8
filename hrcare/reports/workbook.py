"""The report's figures as an Excel workbook: the same ``Table`` objects as the PDF.

Numbers are written as numbers with a number format (full yen, one-decimal percentages) so
they can be worked with; text cells that look like formulas are escaped (SECURITY.md 10).
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from hrcare.core.i18n import _
from hrcare.reports.content import ReportContent
from hrcare.reports.tables import EXCEL_FORMATS, Table
from hrcare.surveys.services import escape_cell

BOLD = Font(bold=True)


#: Columns A–F: a wide label column, then the figures.
WIDTHS = {"A": 40, **{letter: 18 for letter in "BCDEF"}}


def _bold(ws: Any, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=escape_cell(value))
    cell.font = BOLD
    return cell


def _write(ws: Any, table: Table) -> None:
    """Append ``table`` (title, header, rows, note) and two blank rows after it."""
    ws.append([_bold(ws, table.title)])
    ws.append([_bold(ws, column.label) for column in table.columns])
    for values in table.rows:
        row: list[object] = []
        for value, column in zip(values, table.columns, strict=True):
            if column.kind in EXCEL_FORMATS and isinstance(value, int | float):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = EXCEL_FORMATS[column.kind]
                row.append(cell)
            else:
                row.append(escape_cell(value))
        ws.append(row)
    if table.note:
        ws.append([escape_cell(table.note)])
    ws.append([])


def _sheet(workbook: Workbook, title: str) -> Any:
    ws = workbook.create_sheet(title)
    for letter, width in WIDTHS.items():
        ws.column_dimensions[letter].width = width
    return ws


def build_workbook(content: ReportContent) -> bytes:
    """Call inside ``force_locale(content.language)``: sheet names and labels are translated.

    Built in openpyxl's write-only mode (rows are streamed, not kept as cell objects): the
    workbook is part of every report build, so it should cost little next to the PDF."""
    workbook = Workbook(write_only=True)
    summary = _sheet(workbook, _("要約"))
    summary.append([escape_cell(content.company_name)])
    summary.append([_("作成日"), content.generated_on.isoformat()])
    summary.append([_("推計の基礎"), escape_cell(content.basis_title)])
    for kpi in content.kpis:
        summary.append([escape_cell(kpi.label), escape_cell(kpi.value), escape_cell(kpi.sub)])
    if content.next_actions:
        summary.append([])
        summary.append([_("次に取り組むこと")])
        for a in content.next_actions:
            summary.append([escape_cell(a.title), escape_cell(a.because), escape_cell(a.advances)])
    summary.append([])
    for table in (content.components, content.benchmarks, content.outlook, content.scenarios):
        if table is not None:
            _write(summary, table)
    groups = (
        (_("従業員の状況"), [f.table for f in content.workforce], content.workforce_note),
        (_("両立支援の計画と法定対応"), content.plan.tables() if content.plan else [], ""),
        (_("前回調査からの変化"), list(content.changes), content.changes_note),
        (_("推計の方法"), [content.method_rows, content.parameters], ""),
    )
    for title, tables, note in groups:
        sheet = _sheet(workbook, title)
        if note:
            sheet.append([escape_cell(note)])
            sheet.append([])
        for table in tables:
            _write(sheet, table)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
