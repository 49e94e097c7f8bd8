"""Export: Japanese headers, BOM/CP932, formula escaping, and a clean round trip."""

from __future__ import annotations

import codecs
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from hrcare.roster import services
from hrcare.roster.exporter import HEADERS, ExportEncodingError, to_csv
from tests.roster.conftest import LIMITS, NOW, TODAY, roster, stored_values

DANGEROUS = ['=HYPERLINK("http://evil")', "+81-3-0000", "-10", "@SUM(A1)"]


@pytest.fixture
def people(tenant_a, make_employee):
    c = tenant_a.company
    make_employee(
        c,
        employee_number="-001",
        name=DANGEROUS[0],
        department=DANGEROUS[1],
        birth_date=date(1980, 4, 1),
        hire_date=None,
        is_manager=True,
        employment_type="part_time",
        email=None,
    )
    make_employee(
        c,
        employee_number="002",
        name="渡邉 〜 花子",
        department=DANGEROUS[3],
        birth_date=date(1990, 12, 31),
        hire_date=date(2015, 4, 1),
        employment_type="dispatched",
        email="w@example.jp",
    )
    make_employee(c, employee_number="003", name="退職 済", left_at=NOW)
    return c


def export(session, company, fmt="csv", encoding="utf-8"):
    return services.export_roster(
        session, company, fmt=fmt, encoding=encoding, actor_id=None, now=NOW
    )


def test_csv_has_bom_japanese_headers_and_escaped_cells(session, people) -> None:
    file = export(session, people)
    assert file.content.startswith(codecs.BOM_UTF8)
    text = file.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert (
        lines[0] == ",".join(HEADERS) == "社員番号,氏名,部署,生年月日,入社日,管理職,雇用形態,メール"
    )
    assert lines[1].startswith(
        '\'-001,"\'=HYPERLINK(""http://evil"")",\'+81-3-0000,1980-04-01,,管理職,パート・アルバイト,'
    )
    assert "'@SUM(A1)" in lines[2]
    assert len(lines) == 3  # left employees are not exported
    assert file.filename == f"roster-{people.slug}-20250601.csv"
    for cell in (c for line in lines[1:] for c in line.split(",")):
        assert not cell.lstrip('"').startswith(("=", "+", "-", "@"))


def test_xlsx_cells_are_strings_not_formulas(session, people) -> None:
    file = export(session, people, "xlsx")
    sheet = load_workbook(io.BytesIO(file.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS)
    assert rows[1][0] == "'-001" and rows[1][1] == "'" + DANGEROUS[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[1][3].date() == date(1980, 4, 1)  # dates are real Excel dates


@pytest.mark.parametrize(
    ("fmt", "encoding"), [("csv", "utf-8"), ("csv", "cp932"), ("xlsx", "utf-8")]
)
def test_export_reimports_without_changes(session, people, tenant_a, fmt, encoding) -> None:
    if encoding == "cp932":  # 〜 (WAVE DASH) has no CP932 code point of its own
        roster(session, people)["002"].name = "渡邉 花子"
        session.flush()
    file = export(session, people, fmt, encoding)
    preview = services.preview_file(
        session, people, file.filename, file.content, today=TODAY, limits=LIMITS
    )
    assert preview.ok, [e.message for e in preview.errors]
    assert (preview.added, preview.updated, preview.unchanged, preview.left) == (0, 0, 2, 0)
    before = stored_values(session, people)
    services.commit_file(
        session, people, file.filename, file.content, actor_id=None, now=NOW, limits=LIMITS
    )
    after = stored_values(session, people)
    assert after == before


def test_cp932_maps_wave_dash_and_refuses_what_it_cannot_hold(
    session, people, make_employee
) -> None:
    text = export(session, people, "csv", "cp932").content.decode("cp932")
    assert "渡邉 ～ 花子" in text
    make_employee(people, employee_number="004", name="𠮷田 太郎")
    with pytest.raises(ExportEncodingError) as info:
        export(session, people, "csv", "cp932")
    assert (info.value.employee_number, info.value.column) == ("004", "氏名")


def test_export_records_an_audit_event_without_personal_data(session, people) -> None:
    from sqlalchemy import select

    from hrcare.core.audit import AuditEvent

    export(session, people)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "roster.export")).one()
    assert (event.object_type, event.object_id) == ("company", str(people.id))


def test_to_csv_refuses_unknown_encoding() -> None:
    with pytest.raises(ValueError):
        to_csv([], encoding="latin-1")
