"""The hub console: every client company of a hub in one table, with hub-wide totals.

Figures come from stored results only — the roster's head counts, each client's latest
survey release (``surveys.results.services``), its stored loss estimate (``loss.stored``),
its plan and duty ledger (``checklists.services``) and its open consultations, counted
(``consultations.services``) — never from answers and never recomputed per request. The statements issued do not grow with the number of clients: one query per source,
each for all clients at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.consultations import services as consultations
from hrcare.hubs.inherit import report_cover  # noqa: F401 - the reports' cover text
from hrcare.loss import services as loss
from hrcare.surveys.results import services as survey_results
from hrcare.tenants import services as tenants


@dataclass(frozen=True)
class ClientRow:
    company_id: int
    slug: str
    name: str
    employees: int
    # The latest released (closed) wave: its published figures.
    wave_title: str | None
    wave_title_en: str | None
    invited: int | None
    respondents: int | None
    response_rate: float | None  # percent
    caregivers: int | None  # None: below the threshold, or no released wave
    caregiver_share: float | None  # percent of respondents
    # The wave open now: its overall participation only.
    open_response_rate: float | None
    has_open_wave: bool
    # The stored loss estimate (None: not computed yet).
    loss_basis: str | None = None
    loss_yen: int | None = None
    loss_per_employee_yen: int | None = None
    loss_computed_on: date | None = None
    # The guideline plan: done over applicable actions.
    plan_done: int = 0
    plan_applicable: int = 0
    # Legal duties: age-40 windows closed without the information; 雇用環境の整備.
    age40_overdue: int = 0
    environment_in_place: int = 0
    environment_met: bool = False
    # Open consultations, counted (None: fewer than the threshold, not shown).
    consultations_open: int | None = 0
    consultations_overdue: int | None = 0
    any_overdue: bool = False
    threshold: int = 5

    @property
    def plan_pct(self) -> int:
        return round(100 * self.plan_done / self.plan_applicable) if self.plan_applicable else 100


@dataclass(frozen=True)
class HubTotals:
    clients: int
    employees: int
    invited: int
    respondents: int
    response_rate: float | None
    caregivers: int
    caregiver_share: float | None  # over the clients whose caregiver count is shown
    loss_yen: int = 0  # over the clients with a stored estimate
    loss_per_employee_yen: int | None = None
    age40_overdue: int = 0
    environment_unmet: int = 0  # clients without any 雇用環境の整備 measure
    overdue_clients: int = 0  # clients with an overdue consultation


@dataclass(frozen=True)
class Dashboard:
    rows: list[ClientRow]
    totals: HubTotals
    sort: str
    descending: bool
    query: str


def _share(part: int | None, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if part is not None and whole else None


def client_rows(session: Session, hub_id: int, today: date) -> list[ClientRow]:
    """One statement per source, each for every client at once."""
    companies = tenants.hub_company_list(session, hub_id)
    ids = [company.id for company in companies]
    waves = survey_results.latest_waves(session, ids)
    estimates = loss.stored_estimates(session, ids)
    plans = checklists.progress_many(session, ids)
    duties = checklists.duty_status_many(
        session, {company.id: company.age40_window for company in companies}, today
    )
    desks = consultations.open_counts_many(
        session, {company.id: company.anonymity_threshold for company in companies}, today
    )
    rows = []
    for company in companies:
        cid = company.id
        latest = waves.get(cid)
        estimate = estimates.get(cid)
        plan, duty, desk = plans[cid], duties[cid], desks[cid]
        released = latest.released if latest else None
        current = latest.open if latest else None
        caregivers = released.caregivers if released else None
        respondents = released.respondents if released else None
        rows.append(
            ClientRow(
                company_id=cid,
                slug=company.slug,
                name=company.name,
                employees=duty.employees,
                wave_title=released.title if released else None,
                wave_title_en=released.title_en if released else None,
                invited=released.invited if released else None,
                respondents=respondents,
                response_rate=released.response_rate if released else None,
                caregivers=caregivers,
                caregiver_share=_share(caregivers, respondents),
                open_response_rate=current.response_rate if current else None,
                has_open_wave=current is not None,
                loss_basis=estimate.basis if estimate else None,
                loss_yen=estimate.total_yen if estimate else None,
                loss_per_employee_yen=estimate.per_employee_yen if estimate else None,
                loss_computed_on=estimate.computed_on if estimate else None,
                plan_done=plan.done,
                plan_applicable=plan.applicable,
                age40_overdue=duty.age40_overdue,
                environment_in_place=duty.environment_in_place,
                environment_met=duty.environment_duty_met,
                consultations_open=desk.open,
                consultations_overdue=desk.overdue,
                any_overdue=desk.any_overdue,
                threshold=company.anonymity_threshold,
            )
        )
    return rows


def totals(rows: Sequence[ClientRow]) -> HubTotals:
    invited = sum(r.invited or 0 for r in rows)
    respondents = sum(r.respondents or 0 for r in rows)
    shown = [r for r in rows if r.caregivers is not None]
    caregivers = sum(r.caregivers or 0 for r in shown)
    estimated = [r for r in rows if r.loss_yen is not None]
    loss = sum(r.loss_yen or 0 for r in estimated)
    estimated_employees = sum(r.employees for r in estimated)
    return HubTotals(
        clients=len(rows),
        employees=sum(r.employees for r in rows),
        invited=invited,
        respondents=respondents,
        response_rate=_share(respondents, invited),
        caregivers=caregivers,
        caregiver_share=_share(caregivers, sum(r.respondents or 0 for r in shown)),
        loss_yen=loss,
        loss_per_employee_yen=round(loss / estimated_employees) if estimated_employees else None,
        age40_overdue=sum(r.age40_overdue for r in rows),
        environment_unmet=sum(1 for r in rows if not r.environment_met),
        overdue_clients=sum(1 for r in rows if r.any_overdue),
    )


SORT_KEYS: dict[str, Callable[[ClientRow], Any]] = {
    "name": lambda r: r.name,
    "employees": lambda r: r.employees,
    "response_rate": lambda r: r.response_rate,
    "caregiver_share": lambda r: r.caregiver_share,
    "loss": lambda r: r.loss_yen,
    "loss_per_employee": lambda r: r.loss_per_employee_yen,
    "plan": lambda r: r.plan_pct,
    "age40_overdue": lambda r: r.age40_overdue,
    "consultations_open": lambda r: r.consultations_open,
}


def dashboard(
    session: Session,
    hub_id: int,
    *,
    today: date,
    sort: str = "name",
    descending: bool = False,
    query: str = "",
) -> Dashboard:
    """The console's table: filtered by a name fragment, sorted by a known column (rows
    without the figure last, whichever the direction)."""
    rows = client_rows(session, hub_id, today)
    needle = query.strip().casefold()
    if needle:
        rows = [r for r in rows if needle in r.name.casefold() or needle in r.slug]
    if sort not in SORT_KEYS:
        sort = "name"
    key = SORT_KEYS[sort]
    known = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    unknown = [r for r in rows if key(r) is None]
    return Dashboard(
        rows=known + unknown,
        totals=totals(rows),
        sort=sort,
        descending=descending,
        query=query.strip(),
    )
