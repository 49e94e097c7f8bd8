"""Read-only figures of many companies at once (the hub console): a constant number of
statements whatever the number of companies. The same rules as the one-company functions
(``plan.progress``, ``ledger.age40_summary``, ``ledger.measures``) — tests compare them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from hrcare.checklists import age40, guideline
from hrcare.checklists.ledger import ENVIRONMENT_MEASURES
from hrcare.checklists.models import Age40Notice, DutyMeasure, PlanAction
from hrcare.checklists.plan import Progress, StepProgress
from hrcare.roster.models import Employee

EVERY = {"all_tenants": True}


def progress_many(session: Session, company_ids: Sequence[int]) -> dict[int, Progress]:
    """Each company's plan progress (done over applicable of the nine actions), one statement."""
    statuses: dict[int, dict[str, str]] = defaultdict(dict)
    if company_ids:
        for company_id, code, status in session.execute(
            select(PlanAction.company_id, PlanAction.code, PlanAction.status)
            .where(PlanAction.company_id.in_(company_ids))
            .execution_options(**EVERY)
        ):
            statuses[company_id][code] = status
    out = {}
    required = [a for a in guideline.ACTIONS if not a.optional]
    for company_id in company_ids:
        mine = statuses.get(company_id, {})
        steps = []
        for step in (1, 2, 3):
            states = [mine.get(a.code, "not_started") for a in required if a.step == step]
            steps.append(
                StepProgress(
                    step,
                    guideline.STEPS[step],
                    sum(1 for s in states if s == "done"),
                    sum(1 for s in states if s != "not_applicable"),
                )
            )
        out[company_id] = Progress(
            tuple(steps), sum(s.done for s in steps), sum(s.applicable for s in steps)
        )
    return out


@dataclass(frozen=True)
class DutyStatus:
    age40_overdue: int  # windows closed (since the law came into force) without the information
    environment_in_place: int  # of the four 雇用環境の整備 measures
    environment_duty_met: bool


def duty_status_many(session: Session, windows: dict[int, str], on: date) -> dict[int, DutyStatus]:
    """Legal-duty status of each company (``windows``: company id → its age-40 window rule):
    two statements. Only employees whose window can have closed since the law came into force
    are read (a birth-date range), then judged by ``age40.window`` like the ledger."""
    if not windows:
        return {}
    ids = list(windows)
    earliest = date(age40.IN_FORCE.year - 42, 1, 1)
    latest = date(on.year - 39, 12, 31)
    overdue: dict[int, int] = defaultdict(int)
    for company_id, birth_date in session.execute(
        select(Employee.company_id, Employee.birth_date)
        .outerjoin(
            Age40Notice,
            and_(
                Age40Notice.company_id == Employee.company_id,
                Age40Notice.employee_id == Employee.id,
            ),
        )
        .where(
            Employee.company_id.in_(ids),
            Employee.left_at.is_(None),
            Employee.birth_date.between(earliest, latest),
            Age40Notice.id.is_(None),
        )
        .execution_options(**EVERY)
    ):
        if age40.overdue(age40.window(birth_date, windows[company_id]), on):
            overdue[company_id] += 1
    in_place: dict[int, int] = defaultdict(int)
    for company_id, _code in session.execute(
        select(DutyMeasure.company_id, DutyMeasure.code)
        .where(
            DutyMeasure.company_id.in_(ids),
            DutyMeasure.code.in_(ENVIRONMENT_MEASURES),
            DutyMeasure.in_place.is_(True),
        )
        .execution_options(**EVERY)
    ):
        in_place[company_id] += 1
    return {
        company_id: DutyStatus(overdue[company_id], in_place[company_id], in_place[company_id] >= 1)
        for company_id in ids
    }
