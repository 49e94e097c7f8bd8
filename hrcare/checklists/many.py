"""Read-only figures of many companies at once (the hub console): a constant number of
statements whatever the number of companies. The same rules as the one-company functions
(``plan.progress``, ``ledger.age40_summary``, ``ledger.measures``) — tests compare them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from hrcare.checklists import age40, guideline
from hrcare.checklists.ledger import ENVIRONMENT_MEASURES
from hrcare.checklists.models import Age40Notice, DutyMeasure, PlanAction
from hrcare.checklists.plan import Progress, StepProgress
from hrcare.roster.services import Employee

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
    employees: int = 0  # active employees (counted in the same pass)


def overdue_births(rule: str, on: date) -> tuple[date, date] | None:
    """The birth dates whose age-40 window under ``rule`` closed in [IN_FORCE, on): an
    interval, because a window's end never moves earlier for a later birth date. Found by
    bisection with ``age40.window`` itself, so it is the ledger's rule exactly."""

    def first(predicate) -> date:  # type: ignore[no-untyped-def]
        lo, hi = date(1900, 1, 1).toordinal(), on.toordinal()
        while lo < hi:
            mid = (lo + hi) // 2
            if predicate(age40.window(date.fromordinal(mid), rule).end):
                hi = mid
            else:
                lo = mid + 1
        return date.fromordinal(lo)

    low = first(lambda end: end >= age40.IN_FORCE)
    high = date.fromordinal(first(lambda end: end >= on).toordinal() - 1)
    return (low, high) if low <= high else None


def duty_status_many(session: Session, windows: dict[int, str], on: date) -> dict[int, DutyStatus]:
    """Legal-duty status and head count of each company (``windows``: company id → its
    age-40 window rule): three statements, counted in the database — one pass over the
    active employees (a birth-date interval per rule, ``overdue_births``), minus those of
    them with a notice recorded (counted from the notices), and the measures."""
    if not windows:
        return {}
    ids = list(windows)
    late = []
    for rule in sorted(set(windows.values())):
        births = overdue_births(rule, on)
        if births is not None:
            ruled = [cid for cid, r in windows.items() if r == rule]
            # The cheap date test first: the company list is checked only in the interval,
            # and not at all when every company has this rule.
            within = Employee.birth_date.between(*births)
            late.append(
                within if len(ruled) == len(ids) else and_(within, Employee.company_id.in_(ruled))
            )
    # Employees in an interval, counted in the same pass as the head count; those of them
    # already informed, counted from the (few) notices: overdue = the difference. Joining
    # the notices to every employee would cost more than the whole pass.
    in_interval = or_(*late) if late else literal(False)
    counts: dict[int, tuple[int, int]] = {
        company_id: (int(active), int(due or 0))
        for company_id, active, due in session.execute(
            select(Employee.company_id, func.count(), func.sum(case((in_interval, 1), else_=0)))
            .where(Employee.company_id.in_(ids), Employee.left_at.is_(None))
            .group_by(Employee.company_id)
            .execution_options(**EVERY)
        )
    }
    informed: dict[int, int] = {}
    if late:
        informed = {
            company_id: int(n)
            for company_id, n in session.execute(
                select(Employee.company_id, func.count())
                .join(
                    Age40Notice,
                    and_(
                        Age40Notice.company_id == Employee.company_id,
                        Age40Notice.employee_id == Employee.id,
                    ),
                )
                .where(Age40Notice.company_id.in_(ids), Employee.left_at.is_(None), in_interval)
                .group_by(Employee.company_id)
                .execution_options(**EVERY)
            )
        }
    counts = {cid: (active, due - informed.get(cid, 0)) for cid, (active, due) in counts.items()}
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
        company_id: DutyStatus(
            counts.get(company_id, (0, 0))[1],
            in_place[company_id],
            in_place[company_id] >= 1,
            counts.get(company_id, (0, 0))[0],
        )
        for company_id in ids
    }
