"""The plan and the ledger as one table (CSV and Excel) for an audit or a 健康経営 application.

Every row has the same seven columns; labels are in the reader's language. Text a spreadsheet
would run as a formula gets a leading apostrophe (SECURITY.md item 10).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hrcare.checklists import age40, evidence, guideline, ledger, plan
from hrcare.checklists.common import company_members
from hrcare.checklists.guideline import (
    INTENTION_LABELS,
    ITEM_LABELS,
    MEASURE_LABELS,
    METHOD_LABELS,
)
from hrcare.checklists.models import IndividualNotice
from hrcare.core.i18n import _, _l
from hrcare.roster import services as roster

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
AGE40_STATUS = {
    "informed": _l("実施済み"),
    "open": _l("期間中・未実施"),
    "upcoming": _l("期間前"),
    "overdue": _l("期限超過・未実施"),
}


@dataclass(frozen=True)
class LedgerData:
    company: Any
    today: date
    states: list[plan.ActionState]
    progress: plan.Progress
    members: dict[int, Any]
    entries: list[ledger.Age40Entry]
    notices: list[IndividualNotice]
    employees: dict[int, Any]
    measures: ledger.Measures
    evidence_counts: dict[str, int]


def ledger_data(session: Session, company: Any, today: date) -> LedgerData:
    """Everything the plan-and-ledger export shows (CSV, Excel, printable page, PDF)."""
    staff = roster.active_employees(session, company.id)
    return LedgerData(
        company=company,
        today=today,
        states=plan.plan_states(session, company.id),
        progress=plan.progress(session, company.id),
        members={u.id: u for u in company_members(session, company.id)},
        entries=ledger.age40_entries(session, company, today, scope="audit", employees=staff),
        notices=ledger.individual_notices(session, company.id),
        employees={e.id: e for e in staff},
        measures=ledger.measures(session, company.id),
        evidence_counts=evidence.evidence_counts(session, company.id),
    )


def template_labels() -> dict[str, Any]:
    """The labels the ledger templates use (the ledger pages, the printable page, the PDF)."""
    return {
        "method_labels": METHOD_LABELS,
        "intention_labels": INTENTION_LABELS,
        "item_labels": ITEM_LABELS,
        "measure_labels": MEASURE_LABELS,
        "rule_names": age40.RULE_NAMES,
        "status_label": age40_status_label,
        "guideline": guideline,
    }


def escape(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def headers() -> list[str]:
    return [_("区分"), _("項目"), _("状況"), _("担当者"), _("期限・日付"), _("内容"), _("証跡の数")]


def age40_status_label(status: str) -> str:
    return str(AGE40_STATUS[status])


def rows(data: LedgerData) -> Iterator[list[Any]]:
    p = data.progress
    yield [_("計画"), _("全体の進捗"), f"{p.done}/{p.applicable}", "", data.today, "", ""]
    for s in data.states:
        row = s.row
        owner = data.members.get(row.owner_id) if row and row.owner_id else None
        text = (row.na_reason if s.status == "not_applicable" else row.notes) if row else ""
        yield [
            str(guideline.STEPS[s.action.step]),
            str(s.action.title) if s.action.optional else f"{s.action.code} {s.action.title}",
            str(guideline.STATUS_LABELS[s.status]),
            (owner.name or owner.email) if owner else "",
            row.due_date if row else None,
            text,
            data.evidence_counts.get(f"action:{s.action.code}", 0),
        ]
    rule = _("年度") if data.company.age40_window == "fiscal_year" else _("40歳の誕生日から1年間")
    for e in data.entries:
        detail = _(
            "期間 %(start)s〜%(end)s（%(rule)s）",
            start=e.window.start.isoformat(),
            end=e.window.end.isoformat(),
            rule=rule,
        )
        if e.notice is not None:
            detail += " / " + _(
                "実施日 %(day)s・%(method)s・資料：%(materials)s",
                day=e.notice.informed_on.isoformat(),
                method=METHOD_LABELS[e.notice.method],
                materials=e.notice.materials,
            )
        yield [
            _("40歳時の情報提供"),
            f"{e.employee_number} {e.name}",
            age40_status_label(e.status),
            "",
            e.window.end,
            detail,
            "",
        ]
    for n in data.notices:
        employee = data.employees.get(n.employee_id) if n.employee_id else None
        given = [str(ITEM_LABELS[name]) for name in ledger.NOTICE_ITEMS if getattr(n, name)]
        yield [
            _("個別の周知・意向確認"),
            f"{employee.employee_number} {employee.name}" if employee else _("相談窓口の記録"),
            _("4項目すべて実施") if n.complete else _("未実施の項目あり"),
            "",
            n.notified_on,
            _(
                "申出 %(day)s・%(method)s・意向：%(intention)s・周知した項目：%(items)s",
                day=n.reported_on.isoformat(),
                method=METHOD_LABELS[n.method],
                intention=INTENTION_LABELS[n.intention],
                items="、".join(given),
            ),
            "",
        ]
    m = data.measures
    yield [
        _("雇用環境の整備"),
        _("義務（いずれか1つ以上）"),
        _("満たしている") if m.environment_duty_met else _("満たしていない"),
        "",
        data.today,
        _("実施している措置：%(n)s／4", n=m.environment_in_place),
        "",
    ]
    for code, measure in m.rows.items():
        section = _("雇用環境の整備") if code in ledger.ENVIRONMENT_MEASURES else _("その他の義務")
        yield [
            section,
            str(MEASURE_LABELS[code]),
            _("実施") if measure.in_place else _("未実施"),
            "",
            measure.since,
            measure.note,
            data.evidence_counts.get(f"measure:{code}", 0),
        ]


def to_csv(data: LedgerData) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows(data):
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, date) else escape(v) for v in row]
        )
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(data: LedgerData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("計画と法定対応"))
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (24, 36, 16, 16, 12, 60, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(headers())
    for row in rows(data):
        line = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=escape(value))
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.data_type = "s"
            line.append(cell)
        sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
