"""The legal-duty ledger (育児・介護休業法, caregiving duties in force from 2025-04-01).

- 早期の情報提供 (age 40): each active employee's window by the company's rule (``age40``),
  the record of when and how they were informed, overdue entries;
- 個別の周知・意向確認: one record per 申出, written by HR or by the consultations feature
  through ``record_individual_notice``;
- 雇用環境の整備 (at least one of four measures), 介護休暇 for employees with under six
  months' service, and the telework effort duty, each with evidence.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.checklists import age40
from hrcare.checklists.common import ChecklistError, check_past_day, check_text
from hrcare.checklists.models import (
    AGE40_METHODS,
    INTENTIONS,
    MEASURE_CODES,
    NOTICE_METHODS,
    NOTICE_SOURCES,
    Age40Notice,
    DutyMeasure,
    IndividualNotice,
)
from hrcare.core.actor import Actor
from hrcare.core.audit import record
from hrcare.core.i18n import _l
from hrcare.roster import services as roster
from hrcare.tenants.services import Company

ENVIRONMENT_MEASURES = ("training", "desk", "cases", "policy")
NOTICE_ITEMS = ("told_measures", "told_where", "told_benefit", "asked_intention")
#: Fax and e-mail are allowed for the individual notice only when the employee asks for them.
ON_REQUEST_METHODS = frozenset({"fax", "email"})


# --- 早期の情報提供 (age 40) -------------------------------------------------------------------


@dataclass(frozen=True)
class Age40Entry:
    employee_id: int
    employee_number: str
    name: str
    department: str
    birth_date: date
    window: age40.Window
    status: str  # informed | open | upcoming | overdue
    notice: Age40Notice | None


@dataclass(frozen=True)
class Age40Summary:
    rule: str
    open: int  # window open today
    pending: int  # open and not yet informed
    upcoming: int  # opening within the following 365 days
    overdue: int  # closed without the information


def _status(win: age40.Window, notice: Age40Notice | None, on: date) -> str:
    if notice is not None:
        return "informed"
    if win.contains(on):
        return "open"
    if win.start > on:
        return "upcoming"
    return "overdue"


#: Which entries a list holds: the command line's horizon (open or opening within 365 days);
#: the ledger page's (plus windows closed without the information); an audit's (plus every
#: window closed since the law came into force, informed or not).
SCOPES = ("horizon", "ledger", "audit")


def age40_entries(
    session: Session,
    company: Company,
    on: date,
    *,
    scope: str = "ledger",
    employees: list[Any] | None = None,
) -> list[Age40Entry]:
    """Active employees by their window under the company's rule, by due date (see SCOPES).
    ``employees``: the company's active employees when the caller has them already."""
    if scope not in SCOPES:
        raise ValueError(scope)
    notices = {
        n.employee_id: n
        for n in session.scalars(select(Age40Notice).where(Age40Notice.company_id == company.id))
    }
    entries = []
    if employees is None:
        # Only the employees whose birth date can put them on the list (a few per hundred):
        # loading the whole roster cost most of the report's figures for 3,000 employees.
        births = age40.listed_births(company.age40_window, on, past=scope != "horizon")
        employees = roster.active_employees(session, company.id, born_between=births)
    for employee in employees:
        win = age40.window(employee.birth_date, company.age40_window)
        notice = notices.get(employee.id)
        wanted = age40.in_horizon(win, on) or (
            scope != "horizon" and age40.overdue(win, on) and (notice is None or scope == "audit")
        )
        if not wanted:
            continue
        entries.append(
            Age40Entry(
                employee.id,
                employee.employee_number,
                employee.name,
                employee.department,
                employee.birth_date,
                win,
                _status(win, notice, on),
                notice,
            )
        )
    entries.sort(key=lambda e: (e.window.end, e.employee_number))
    return entries


def age40_summary(session: Session, company: Company, on: date) -> Age40Summary:
    """The dashboard's figures: the same rule and the same entries as the ledger."""
    return summarize(age40_entries(session, company, on), company.age40_window, on)


def summarize(entries: list[Age40Entry], rule: str, on: date) -> Age40Summary:
    """Counts of a list of entries (ledger or audit scope: past informed ones are not counted)."""
    return Age40Summary(
        rule=rule,
        open=sum(1 for e in entries if e.window.contains(on)),
        pending=sum(1 for e in entries if e.status == "open"),
        upcoming=sum(1 for e in entries if e.status == "upcoming"),
        overdue=sum(1 for e in entries if e.status == "overdue"),
    )


def record_age40_notice(
    session: Session,
    actor: Actor,
    company: Company,
    *,
    employee_id: int,
    informed_on: date | None,
    method: str,
    materials: str,
    today: date,
    now: datetime,
) -> Age40Notice:
    employee = roster.active_employee(session, company.id, employee_id=employee_id)
    if employee is None:
        raise ChecklistError(_l("従業員が見つかりません。"), "employee")
    day = check_past_day(informed_on, "informed_on", today)
    if method not in AGE40_METHODS:
        raise ChecklistError(_l("情報提供の方法を選んでください。"), "method")
    text = check_text(materials, "materials")
    if not text:
        raise ChecklistError(_l("提供した資料を入力してください。"), "materials")
    notice = session.scalars(
        select(Age40Notice).where(
            Age40Notice.company_id == company.id, Age40Notice.employee_id == employee.id
        )
    ).first()
    if notice is None:
        notice = Age40Notice(company_id=company.id, employee_id=employee.id)
        session.add(notice)
    notice.informed_on, notice.method, notice.materials = day, method, text
    notice.recorded_by_id, notice.recorded_at = actor.user_id, now
    session.flush()
    record(
        session,
        actor_id=actor.user_id,
        company_id=company.id,
        action="ledger.age40_notice",
        object_type="employee",
        object_id=employee.id,
    )
    return notice


# --- 個別の周知・意向確認 -----------------------------------------------------------------------


def record_individual_notice(
    session: Session,
    actor: Actor,
    company: Company,
    *,
    employee_id: int | None,
    reported_on: date | None,
    notified_on: date | None,
    method: str,
    items: Collection[str],
    intention: str,
    today: date,
    now: datetime,
    employee_requested_method: bool = False,
    note: str = "",
    apply_to: str = "",
    consultation_id: int | None = None,
    source: str = "hr",
) -> IndividualNotice:
    """Record one 個別の周知・意向確認 (CONSULTATION.md). The consultations feature calls this
    with ``source="consultation"`` and its ``consultation_id``: a second call for the same
    consultation corrects its record (one record per 申出); HR calls it from the ledger.

    ``items`` names the items given (``NOTICE_ITEMS``); a record with fewer than four shows as
    incomplete. Fax and e-mail need ``employee_requested_method``. Raises ChecklistError.
    """
    if source not in NOTICE_SOURCES:
        raise ChecklistError(_l("記録の出所が不正です。"), "source")
    if (source == "consultation") != (consultation_id is not None):
        raise ChecklistError(_l("記録の出所が不正です。"), "source")
    if employee_id is None and consultation_id is None:
        raise ChecklistError(_l("従業員を選んでください。"), "employee")
    if (
        employee_id is not None
        and roster.active_employee(session, company.id, employee_id=employee_id) is None
    ):
        raise ChecklistError(_l("従業員が見つかりません。"), "employee")
    reported = check_past_day(reported_on, "reported_on", today)
    notified = check_past_day(notified_on, "notified_on", today)
    if notified < reported:
        raise ChecklistError(_l("周知の日は申出の日以降の日付にしてください。"), "notified_on")
    if method not in NOTICE_METHODS:
        raise ChecklistError(_l("周知の方法を選んでください。"), "method")
    if method in ON_REQUEST_METHODS and not employee_requested_method:
        raise ChecklistError(
            _l("FAX・電子メールによる周知は、従業員が希望した場合に限られます。"), "method"
        )
    unknown = set(items) - set(NOTICE_ITEMS)
    if unknown:
        raise ChecklistError(_l("周知した項目が不正です。"), "items")
    if intention not in INTENTIONS:
        raise ChecklistError(_l("確認した意向を選んでください。"), "intention")
    where = check_text(apply_to, "apply_to", 200)
    notice = (
        consultation_notice(session, company.id, consultation_id)
        if consultation_id is not None
        else None
    )
    if notice is None:
        notice = IndividualNotice(company_id=company.id, consultation_id=consultation_id)
        session.add(notice)
    notice.employee_id = employee_id
    notice.reported_on, notice.notified_on = reported, notified
    notice.method, notice.intention, notice.apply_to = method, intention, where
    notice.note = check_text(note, "note")
    notice.source = source
    notice.recorded_by_id, notice.recorded_at = actor.user_id, now
    for item in NOTICE_ITEMS:
        setattr(notice, item, item in items)
    session.flush()
    record(
        session,
        actor_id=actor.user_id,
        company_id=company.id,
        action="ledger.individual_notice",
        object_type="individual_notice",
        object_id=notice.id,
    )
    return notice


def consultation_notice(
    session: Session, company_id: int, consultation_id: int
) -> IndividualNotice | None:
    """The record the consultation desk keeps for one consultation, if any."""
    return session.scalars(
        select(IndividualNotice).where(
            IndividualNotice.company_id == company_id,
            IndividualNotice.consultation_id == consultation_id,
        )
    ).first()


def individual_notices(session: Session, company_id: int) -> list[IndividualNotice]:
    return list(
        session.scalars(
            select(IndividualNotice)
            .where(IndividualNotice.company_id == company_id)
            .order_by(IndividualNotice.notified_on.desc(), IndividualNotice.id.desc())
        )
    )


# --- 雇用環境の整備, 介護休暇, telework ---------------------------------------------------------


@dataclass(frozen=True)
class MeasureRow:
    code: str
    in_place: bool
    since: date | None
    note: str


@dataclass(frozen=True)
class Measures:
    rows: dict[str, MeasureRow]

    @property
    def environment_in_place(self) -> int:
        return sum(1 for code in ENVIRONMENT_MEASURES if self.rows[code].in_place)

    @property
    def environment_duty_met(self) -> bool:
        """雇用環境の整備: at least one of the four measures (more is recommended)."""
        return self.environment_in_place >= 1


def measures(session: Session, company_id: int) -> Measures:
    stored = {
        m.code: m
        for m in session.scalars(select(DutyMeasure).where(DutyMeasure.company_id == company_id))
    }
    rows = {}
    for code in MEASURE_CODES:
        m = stored.get(code)
        rows[code] = MeasureRow(
            code, bool(m and m.in_place), m.since if m else None, m.note if m else ""
        )
    return Measures(rows)


def save_measure(
    session: Session,
    actor: Actor,
    company: Company,
    *,
    code: str,
    in_place: bool,
    since: date | None,
    note: str,
    today: date,
    now: datetime,
) -> DutyMeasure:
    if code not in MEASURE_CODES:
        raise ChecklistError(_l("項目が見つかりません。"), "code")
    if in_place:
        since = check_past_day(since, "since", today)
    elif since is not None:
        raise ChecklistError(_l("実施していない項目には開始日を入力できません。"), "since")
    row = session.scalars(
        select(DutyMeasure).where(DutyMeasure.company_id == company.id, DutyMeasure.code == code)
    ).first()
    if row is None:
        row = DutyMeasure(company_id=company.id, code=code)
        session.add(row)
    row.in_place, row.since, row.note = in_place, since, check_text(note, "note")
    row.updated_by_id, row.updated_at = actor.user_id, now
    session.flush()
    return row


def short_service_employees(
    session: Session, company_id: int, on: date, *, employees: list[Any] | None = None
) -> int:
    """Employees with under six months' service on ``on`` (介護休暇 may not exclude them)."""
    count = 0
    if employees is None:
        employees = roster.active_employees(session, company_id)
    for e in employees:
        if e.hire_date is None:
            continue
        month = e.hire_date.month + 6
        year = e.hire_date.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        try:
            six = e.hire_date.replace(year=year, month=month)
        except ValueError:
            six = date(year, month, 28)
        if on < six:
            count += 1
    return count
