"""Roster services: headcounts and ages other features read, the list, one-employee edits,
export; the import services (``importing``) are re-exported here."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hrcare.core import hooks
from hrcare.core.audit import record
from hrcare.core.clock import JST
from hrcare.core.i18n import _l
from hrcare.roster import exporter, fields
from hrcare.roster.fields import age_on
from hrcare.roster.models import Employee
from hrcare.tenants.services import Company

# How the UI names each employment type (forms of the roster and of survey audiences).
EMPLOYMENT_LABELS = {
    "regular": _l("正社員"),
    "contract": _l("契約社員"),
    "part_time": _l("パート・アルバイト"),
    "dispatched": _l("派遣社員"),
    "other": _l("その他"),
}


@dataclass(frozen=True)
class Headcount:
    employees: int
    managers: int
    aged_40_plus: int


def fiscal_year(day: date) -> int:
    """The 年度 (April to March) a day falls in, named by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def day_reaching_age(birth_date: date, age: int) -> date:
    """The day on which a person legally reaches ``age``: the day before the birthday
    (年齢計算ニ関スル法律). For 29 February in a common year that is 28 February."""
    year = birth_date.year + age
    try:
        birthday = birth_date.replace(year=year)
    except ValueError:  # 29 February in a common year: the birthday "falls" on 1 March
        birthday = date(year, 3, 1)
    return birthday - timedelta(days=1)


def active_employees(
    session: Session, company_id: int, *, born_between: tuple[date, date] | None = None
) -> list[Employee]:
    """The company's active employees by number; ``born_between``: only those born in that
    interval (both days included)."""
    stmt = (
        select(Employee)
        .where(Employee.company_id == company_id, Employee.left_at.is_(None))
        .order_by(Employee.employee_number)
    )
    if born_between is not None:
        stmt = stmt.where(Employee.birth_date.between(*born_between))
    return list(session.scalars(stmt))


def active_employee(
    session: Session, company_id: int, *, employee_id: int | None = None, number: str | None = None
) -> Employee | None:
    """One current employee of the company by id or employee number, or None."""
    stmt = select(Employee).where(Employee.company_id == company_id, Employee.left_at.is_(None))
    if employee_id is not None:
        stmt = stmt.where(Employee.id == employee_id)
    elif number is not None:
        stmt = stmt.where(Employee.employee_number == number)
    else:
        return None
    return session.scalars(stmt).first()


def reaches_40_this_fiscal_year(birth_date: date, today: date) -> bool:
    """The dashboard's count and the roster's filter both use this rule."""
    return fiscal_year(day_reaching_age(birth_date, 40)) == fiscal_year(today)


def reaching_40_ids(session: Session, company_id: int, today: date) -> list[int]:
    rows = session.execute(
        select(Employee.id, Employee.birth_date).where(
            Employee.company_id == company_id, Employee.left_at.is_(None)
        )
    ).all()
    return [employee_id for employee_id, birth in rows if reaches_40_this_fiscal_year(birth, today)]


def headcount(session: Session, company_id: int, today: date) -> Headcount:
    rows = session.execute(
        select(Employee.birth_date, Employee.is_manager).where(
            Employee.company_id == company_id, Employee.left_at.is_(None)
        )
    ).all()
    return Headcount(
        employees=len(rows),
        managers=sum(1 for _, manager in rows if manager),
        aged_40_plus=sum(1 for birth, _ in rows if age_on(birth, today) >= 40),
    )


def roster_version(session: Session, company_id: int) -> str:
    """Changes whenever the roster does (count and latest change): keys cached results such
    as reports built from the roster-based estimate."""
    count, latest, left = session.execute(
        select(func.count(), func.max(Employee.updated_at), func.max(Employee.left_at)).where(
            Employee.company_id == company_id
        )
    ).one()
    stamps = [str(value) for value in (latest, left) if value is not None]
    return f"{count}:{'/'.join(stamps)}"


# --- the roster list --------------------------------------------------------------------------

PER_PAGE = 50


@dataclass(frozen=True)
class RosterPage:
    employees: list[Employee]
    total: int  # matching the search, in this status
    page: int
    pages: int
    active_count: int  # whole company, for the tabs
    left_count: int


def list_employees(
    session: Session,
    company_id: int,
    *,
    query: str = "",
    status: str = "active",
    page: int = 1,
    per_page: int = PER_PAGE,
    only_ids: list[int] | None = None,
) -> RosterPage:
    """Search by name, number or department (case-insensitive, ``%`` and ``_`` literal)."""
    counts = dict(
        session.execute(
            select(Employee.left_at.is_(None), func.count())
            .where(Employee.company_id == company_id)
            .group_by(Employee.left_at.is_(None))
        ).all()
    )
    stmt = select(Employee).where(Employee.company_id == company_id)
    stmt = stmt.where(
        Employee.left_at.is_not(None) if status == "left" else Employee.left_at.is_(None)
    )
    if only_ids is not None:  # a filter computed by a rule (e.g. reaching 40 this year)
        stmt = stmt.where(Employee.id.in_(only_ids))
    needle = unicodedata.normalize("NFKC", query).strip().lower()
    if needle:
        stmt = stmt.where(
            or_(
                *(
                    func.lower(column).contains(needle, autoescape=True)
                    for column in (Employee.name, Employee.employee_number, Employee.department)
                )
            )
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    order = Employee.left_at.desc() if status == "left" else Employee.employee_number
    employees = list(
        session.scalars(
            stmt.order_by(order, Employee.id).limit(per_page).offset((page - 1) * per_page)
        )
    )
    return RosterPage(
        employees=employees,
        total=total,
        page=page,
        pages=pages,
        active_count=int(counts.get(True, 0)),
        left_count=int(counts.get(False, 0)),
    )


# --- one employee -----------------------------------------------------------------------------


class DuplicateEmployeeNumber(ValueError):
    """Another employee of the company already has this number."""


@dataclass(frozen=True)
class EmployeeData:
    employee_number: str
    name: str
    department: str
    birth_date: date
    hire_date: date | None
    is_manager: bool
    employment_type: str
    email: str | None
    left: bool = False


def _number_taken(session: Session, company_id: int, number: str, except_id: int | None) -> bool:
    stmt = select(Employee.id).where(
        Employee.company_id == company_id, Employee.employee_number == number
    )
    if except_id is not None:
        stmt = stmt.where(Employee.id != except_id)
    return session.scalar(stmt) is not None


def _assign(employee: Employee, data: EmployeeData, now: datetime) -> None:
    employee.employee_number = unicodedata.normalize("NFKC", data.employee_number).strip()
    employee.name = data.name.strip()
    employee.department = data.department.strip()
    employee.birth_date = data.birth_date
    employee.hire_date = data.hire_date
    employee.is_manager = data.is_manager
    employee.employment_type = data.employment_type
    employee.email = (data.email or "").strip() or None
    if data.left and employee.left_at is None:
        employee.left_at = now
    elif not data.left:
        employee.left_at = None


def create_employee(
    session: Session, company: Company, data: EmployeeData, *, actor_id: int | None, now: datetime
) -> Employee:
    number = unicodedata.normalize("NFKC", data.employee_number).strip()
    if _number_taken(session, company.id, number, None):
        raise DuplicateEmployeeNumber(number)
    employee = Employee(company_id=company.id, created_at=now, updated_at=now)
    _assign(employee, data, now)
    session.add(employee)
    session.flush()
    record(
        session,
        actor_id=actor_id,
        company_id=company.id,
        action="roster.employee.create",
        object_type="employee",
        object_id=employee.id,
    )
    return employee


def update_employee(
    session: Session, employee: Employee, data: EmployeeData, *, actor_id: int | None, now: datetime
) -> Employee:
    number = unicodedata.normalize("NFKC", data.employee_number).strip()
    if _number_taken(session, employee.company_id, number, employee.id):
        raise DuplicateEmployeeNumber(number)
    _assign(employee, data, now)
    employee.updated_at = now
    record(
        session,
        actor_id=actor_id,
        company_id=employee.company_id,
        action="roster.employee.update",
        object_type="employee",
        object_id=employee.id,
    )
    session.flush()
    return employee


# --- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    mimetype: str
    filename: str


EXPORT_FORMATS = ("csv", "xlsx")


def export_roster(
    session: Session,
    company: Company,
    *,
    fmt: str,
    encoding: str = "utf-8",
    actor_id: int | None,
    now: datetime,
) -> ExportFile:
    """Active employees in import format (an export re-imports with no changes). Raises
    ``exporter.ExportEncodingError`` when a CP932 file cannot hold a name."""
    columns = [getattr(Employee, name) for name in fields.FIELDS]
    rows = session.execute(
        select(*columns)
        .where(Employee.company_id == company.id, Employee.left_at.is_(None))
        .order_by(Employee.employee_number)
    ).all()
    stamp = now.astimezone(JST).strftime("%Y%m%d")
    if fmt == "xlsx":
        content = exporter.to_xlsx(rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        content = exporter.to_csv(rows, encoding=encoding)
        mimetype = f"text/csv; charset={'shift_jis' if encoding == 'cp932' else 'utf-8'}"
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    record(
        session,
        actor_id=actor_id,
        company_id=company.id,
        action="roster.export",
        object_type="company",
        object_id=company.id,
    )
    session.flush()
    return ExportFile(content, mimetype, f"roster-{company.slug}-{stamp}.{fmt}")


# Import services live in ``importing`` and ``uploads``; other features reach them through this module.
from hrcare.roster.importer import ImportLimits  # noqa: E402 - the hub's onboarding import
from hrcare.roster.importing import (  # noqa: E402
    ImportPreview,
    ImportSummary,
    LeftNotConfirmed,
    RosterImportError,
    UploadGone,
    commit_file,
    preview_file,
)
from hrcare.roster.models import RosterUpload  # noqa: E402 - the hub's onboarding import
from hrcare.roster.uploads import (  # noqa: E402
    FileTooLarge,
    commit_import,
    create_upload,
    discard_upload,
    file_field,
    hold_file,
    preview_import,
    purge_expired_uploads,
    read_file,
    too_large_message,
    upload_expired,
)

__all__ = [
    "EMPLOYMENT_LABELS",
    "EXPORT_FORMATS",
    "DuplicateEmployeeNumber",
    "EmployeeData",
    "ExportFile",
    "FileTooLarge",
    "Headcount",
    "ImportLimits",
    "ImportPreview",
    "ImportSummary",
    "LeftNotConfirmed",
    "RosterImportError",
    "RosterPage",
    "RosterUpload",
    "UploadGone",
    "active_employees",
    "age_on",
    "commit_file",
    "commit_import",
    "create_employee",
    "create_upload",
    "hold_file",
    "discard_upload",
    "export_roster",
    "file_field",
    "headcount",
    "list_employees",
    "preview_file",
    "preview_import",
    "purge_expired_uploads",
    "read_file",
    "too_large_message",
    "update_employee",
    "upload_expired",
]


def head_counts(session: Session, company_ids: list[int]) -> dict[int, int]:
    """Current employees per company (the platform's company list)."""
    rows = session.execute(
        select(Employee.company_id, func.count())
        .where(Employee.left_at.is_(None), Employee.company_id.in_(company_ids))
        .group_by(Employee.company_id)
    )
    return {company_id: int(n) for company_id, n in rows}


def current_employee(session: Session, company_id: int, employee_number: str) -> Employee | None:
    """The company's current employee with this number (an account is linked to it)."""
    return session.scalars(
        select(Employee).where(
            Employee.company_id == company_id,
            Employee.employee_number == employee_number,
            Employee.left_at.is_(None),
        )
    ).first()


def employee_numbers(session: Session, company_id: int, ids: list[int]) -> dict[int, str]:
    """The employee number of each of these employees of the company."""
    rows = session.execute(
        select(Employee.id, Employee.employee_number).where(
            Employee.company_id == company_id, Employee.id.in_(ids)
        )
    )
    return {employee_id: number for employee_id, number in rows}


hooks.provide("roster.head_counts", head_counts)
hooks.provide("roster.employee_numbers", employee_numbers)
hooks.provide("roster.current_employee", current_employee)
