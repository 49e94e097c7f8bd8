"""The report's figures as an Excel workbook: the same ``Table`` objects as the PDF.

Numbers are written as numbers with a number format (full yen, one-decimal percentages) so
they can be worked with; text cells that look like formulas are escaped (SECURITY.md 10).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from hrcare.core.i18n import _
from hrcare.reports.content import ReportContent
from hrcare.reports.tables import EXCEL_FORMATS, Table
from hrcare.surveys.services import escape_cell


def _write(sheet: object, table: Table, row: int) -> int:
    ws = sheet  # an openpyxl worksheet
    ws.cell(row=row, column=1, value=escape_cell(table.title)).font = Font(bold=True)  # type: ignore[attr-defined]
    row += 1
    for col, column in enumerate(table.columns, start=1):
        ws.cell(row=row, column=col, value=escape_cell(column.label)).font = Font(bold=True)  # type: ignore[attr-defined]
    for values in table.rows:
        row += 1
        for col, (value, column) in enumerate(zip(values, table.columns, strict=True), start=1):
            cell = ws.cell(row=row, column=col, value=escape_cell(value))  # type: ignore[attr-defined]
            if column.kind in EXCEL_FORMATS and isinstance(value, int | float):
                cell.number_format = EXCEL_FORMATS[column.kind]
    if table.note:
        row += 1
        ws.cell(row=row, column=1, value=escape_cell(table.note))  # type: ignore[attr-defined]
    return row + 2


def build_workbook(content: ReportContent) -> bytes:
    """Call inside ``force_locale(content.language)``: sheet names and labels are translated."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("要約")
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
    row = summary.max_row + 2
    for table in (content.components, content.benchmarks, content.outlook, content.scenarios):
        if table is not None:
            row = _write(summary, table, row)
    groups = (
        (_("従業員の状況"), [f.table for f in content.workforce], content.workforce_note),
        (_("両立支援の計画と法定対応"), content.plan.tables() if content.plan else [], ""),
        (_("前回調査からの変化"), list(content.changes), content.changes_note),
        (_("推計の方法"), [content.method_rows, content.parameters], ""),
    )
    for title, tables, note in groups:
        sheet = workbook.create_sheet(title)
        row = 1
        if note:
            sheet.cell(row=1, column=1, value=escape_cell(note))
            row = 3
        for table in tables:
            row = _write(sheet, table, row)
    for sheet in workbook.worksheets:
        sheet.column_dimensions["A"].width = 40
        for letter in "BCDEF":
            sheet.column_dimensions[letter].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
