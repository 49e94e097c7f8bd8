"""What each role's start page shows. Aggregates only: no individual's care data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from hrcare.roster import services as roster
from hrcare.tenants.models import Company


@dataclass(frozen=True)
class CompanySummary:
    company: Company
    role: str
    employees: int
    managers: int
    aged_40_plus: int
    turning_40_this_year: int


def company_summary(session: Session, company: Company, role: str, today: date | None = None) -> CompanySummary:
    stats = roster.headcount(session, company.id, today or date.today())
    return CompanySummary(
        company=company,
        role=role,
        employees=stats.employees,
        managers=stats.managers,
        aged_40_plus=stats.aged_40_plus,
        turning_40_this_year=stats.turning_40_this_year,
    )


