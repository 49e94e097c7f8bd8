"""Roster test helpers: build CSV and .xlsx files in memory."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from hrcare.roster.importer import ImportLimits
from hrcare.roster.models import Employee

NOW = datetime(2025, 6, 1, 3, 0, tzinfo=UTC)  # 12:00 in Japan
TODAY = date(2025, 6, 1)
JA_HEADER = ["社員番号", "氏名", "部署", "生年月日", "入社日", "管理職", "雇用形態", "メール"]
LIMITS = ImportLimits()


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = JA_HEADER,
    encoding: str = "utf-8",
    newline: str = "\r\n",
) -> bytes:
    lines = [",".join(header)] + [
        ",".join("" if v is None else str(v) for v in row) for row in rows
    ]
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(
    rows: Sequence[Sequence[Any]], *, header: Sequence[Any] = JA_HEADER, leading_blank_rows: int = 0
) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for _ in range(leading_blank_rows):
        sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def person(
    number: str = "E001",
    name: str = "山田 太郎",
    department: str = "営業部",
    birth: Any = "1980-04-01",
    hire: Any = "2005-04-01",
    manager: Any = "非管理職",
    kind: Any = "正社員",
    email: Any = "",
) -> list[Any]:
    return [number, name, department, birth, hire, manager, kind, email]


@pytest.fixture
def now() -> datetime:
    return NOW


def roster(session: Any, company: Any) -> dict[str, Employee]:
    """The company's roster as stored now (by employee number), read afresh."""
    session.expire_all()
    rows = session.scalars(select(Employee).where(Employee.company_id == company.id))
    return {e.employee_number: e for e in rows}


def stored_values(session: Any, company: Any) -> dict[str, tuple[Any, ...]]:
    """Every stored field of each employee but the number (a round trip compares them)."""
    return {
        n: (
            e.name,
            e.department,
            e.birth_date,
            e.hire_date,
            e.is_manager,
            e.employment_type,
            e.email,
        )
        for n, e in roster(session, company).items()
    }
