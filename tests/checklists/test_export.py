"""The plan and ledger export: CSV and Excel with the same rows; formulas neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from hrcare.checklists import ledger
from hrcare.core.roles import Role
from tests.checklists.conftest import NOW, TODAY


def test_csv_and_excel(
    client, login_as, tenant_a, make_employee, session, hr, record_age40
) -> None:
    e = make_employee(
        tenant_a.company, employee_number="=HYPERLINK(1)", birth_date=date(1985, 12, 1)
    )
    record_age40(tenant_a.company, e.id, informed_on=date(2026, 2, 1), materials="@資料")
    ledger.save_measure(
        session,
        hr,
        tenant_a.company,
        code="desk",
        in_place=True,
        since=date(2025, 4, 1),
        note="窓口",
        today=TODAY,
        now=NOW,
    )
    login_as(Role.HR_ADMIN)
    raw = client.get(f"/c/{tenant_a.slug}/duties/export.csv")
    assert raw.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(raw.data.decode("utf-8-sig"))))
    assert rows[0] == ["区分", "項目", "状況", "担当者", "期限・日付", "内容", "証跡の数"]
    age40 = [r for r in rows if r[0] == "40歳時の情報提供"]
    assert age40 and age40[0][1].startswith("'=HYPERLINK")  # never a formula
    assert age40[0][2] == "実施済み"
    duty = next(r for r in rows if r[1] == "義務（いずれか1つ以上）")
    assert duty[2] == "満たしている"
    assert sum(1 for r in rows if r[0].startswith("ステップ")) == 9
    book = load_workbook(io.BytesIO(client.get(f"/c/{tenant_a.slug}/duties/export.xlsx").data))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == len(rows)
    assert values[0] == rows[0]
    printable = client.get(f"/c/{tenant_a.slug}/duties/print").get_data(as_text=True)
    assert "=HYPERLINK(1)" in printable and "満たしている" in printable


def test_english_export_headers_name_the_columns(client, login_as, tenant_a) -> None:
    """「区分」 here is the row's category; the roster preview's 「変更の区分」 is its own
    message, so the ledger's first column is never called "Change" in English."""
    login_as(Role.HR_ADMIN)
    client.post("/language", data={"locale": "en", "next": "/"})
    raw = client.get(f"/c/{tenant_a.slug}/duties/export.csv")
    header = next(csv.reader(io.StringIO(raw.data.decode("utf-8-sig"))))
    assert header[0] == "Category" and "Change" not in header
