"""Roster services: headcounts and the age facts other features read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.roster.models import Employee


@dataclass(frozen=True)
class Headcount:
    employees: int
    managers: int
    aged_40_plus: int
    turning_40_this_year: int


def age_on(birth_date: date, day: date) -> int:
    """Age in completed years on ``day`` (legal age: reached the day before the birthday)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def active_employees(session: Session, company_id: int) -> list[Employee]:
    stmt = (
        select(Employee)
        .where(Employee.company_id == company_id, Employee.left_at.is_(None))
        .order_by(Employee.employee_number)
    )
    return list(session.scalars(stmt))


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
        turning_40_this_year=sum(1 for birth, _ in rows if birth.year + 40 == today.year),
    )
