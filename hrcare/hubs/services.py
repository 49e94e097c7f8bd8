"""The hub console: every client company of a hub in one table, with hub-wide totals.

Figures come from stored results only — the roster's head counts and each client's latest
survey release (``surveys.results.services``) — never from answers and never recomputed per
request. The statements issued do not grow with the number of clients: one query per source,
each for all clients at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class HubTotals:
    clients: int
    employees: int
    invited: int
    respondents: int
    response_rate: float | None
    caregivers: int
    caregiver_share: float | None  # over the clients whose caregiver count is shown


@dataclass(frozen=True)
class Dashboard:
    rows: list[ClientRow]
    totals: HubTotals
    sort: str
    descending: bool
    query: str


def _share(part: int | None, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if part is not None and whole else None


def client_rows(session: Session, hub_id: int) -> list[ClientRow]:
    companies = tenants.hub_companies(session, hub_id)
    waves = survey_results.latest_waves(session, [row.company.id for row in companies])
    rows = []
    for row in companies:
        latest = waves.get(row.company.id)
        released = latest.released if latest else None
        current = latest.open if latest else None
        caregivers = released.caregivers if released else None
        respondents = released.respondents if released else None
        rows.append(
            ClientRow(
                company_id=row.company.id,
                slug=row.company.slug,
                name=row.company.name,
                employees=row.employees,
                wave_title=released.title if released else None,
                wave_title_en=released.title_en if released else None,
                invited=released.invited if released else None,
                respondents=respondents,
                response_rate=released.response_rate if released else None,
                caregivers=caregivers,
                caregiver_share=_share(caregivers, respondents),
                open_response_rate=current.response_rate if current else None,
                has_open_wave=current is not None,
            )
        )
    return rows


def totals(rows: Sequence[ClientRow]) -> HubTotals:
    invited = sum(r.invited or 0 for r in rows)
    respondents = sum(r.respondents or 0 for r in rows)
    shown = [r for r in rows if r.caregivers is not None]
    caregivers = sum(r.caregivers or 0 for r in shown)
    return HubTotals(
        clients=len(rows),
        employees=sum(r.employees for r in rows),
        invited=invited,
        respondents=respondents,
        response_rate=_share(respondents, invited),
        caregivers=caregivers,
        caregiver_share=_share(caregivers, sum(r.respondents or 0 for r in shown)),
    )


SORT_KEYS: dict[str, Callable[[ClientRow], Any]] = {
    "name": lambda r: r.name,
    "employees": lambda r: r.employees,
    "response_rate": lambda r: r.response_rate,
    "caregiver_share": lambda r: r.caregiver_share,
}


def dashboard(
    session: Session, hub_id: int, *, sort: str = "name", descending: bool = False, query: str = ""
) -> Dashboard:
    """The console's table: filtered by a name fragment, sorted by a known column (rows
    without the figure last, whichever the direction)."""
    rows = client_rows(session, hub_id)
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
