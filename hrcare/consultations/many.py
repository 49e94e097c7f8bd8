"""What the hub console reads and keeps of this feature: open and overdue consultation counts
of many companies at once (one statement, counts only, never contents; a count between 1 and
the company's anonymity threshold is not shown, as in ``services.counts``), and the hub's own
directory entries, which every client of the hub sees (``directory.visible_entries``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from hrcare.consultations.directory import DirectoryError, EntryData, add_entry
from hrcare.consultations.directory_models import CATEGORY_LABELS, OutsideService
from hrcare.consultations.models import OPEN_STATUSES, Consultation

__all__ = [
    "CATEGORY_LABELS",
    "DirectoryError",
    "EntryData",
    "OpenCounts",
    "add_hub_entry",
    "delete_hub_entry",
    "hub_entries",
    "open_counts_many",
]


@dataclass(frozen=True)
class OpenCounts:
    open: int | None  # None: 1 to threshold − 1
    overdue: int | None
    any_overdue: bool  # whether there is at least one (shown even when the count is not)


def open_counts_many(
    session: Session, thresholds: Mapping[int, int], today: date
) -> dict[int, OpenCounts]:
    """``thresholds``: company id → its anonymity threshold. Overdue: no first response and
    past the due day (``services.is_overdue``)."""
    if not thresholds:
        return {}
    overdue = and_(Consultation.first_response_at.is_(None), Consultation.due_on < today)
    rows = {
        company_id: (int(n), int(late or 0))
        for company_id, n, late in session.execute(
            select(
                Consultation.company_id,
                func.count(),
                func.sum(case((overdue, 1), else_=0)),
            )
            .where(
                Consultation.company_id.in_(list(thresholds)),
                Consultation.status.in_(OPEN_STATUSES),
            )
            .group_by(Consultation.company_id)
            .execution_options(all_tenants=True)
        )
    }

    def shown(n: int, threshold: int) -> int | None:
        return n if n == 0 or n >= threshold else None

    out = {}
    for company_id, threshold in thresholds.items():
        n, late = rows.get(company_id, (0, 0))
        out[company_id] = OpenCounts(shown(n, threshold), shown(late, threshold), late > 0)
    return out


# --- the hub's directory entries (inherited by every client of the hub) ----------------------


def hub_entries(session: Session, hub_id: int) -> list[OutsideService]:
    return list(
        session.scalars(
            select(OutsideService)
            .where(OutsideService.scope == "hub", OutsideService.hub_id == hub_id)
            .order_by(OutsideService.name)
        )
    )


def add_hub_entry(
    session: Session, *, hub_id: int, actor_id: int | None, data: EntryData
) -> OutsideService:
    """Raises ``DirectoryError`` with a message (nothing added)."""
    return add_entry(session, data=data, actor_id=actor_id, hub_id=hub_id)


def delete_hub_entry(session: Session, *, hub_id: int, entry_id: int) -> bool:
    entry = session.scalars(
        select(OutsideService).where(
            OutsideService.id == entry_id,
            OutsideService.scope == "hub",
            OutsideService.hub_id == hub_id,
        )
    ).first()
    if entry is None:
        return False
    session.delete(entry)
    session.flush()
    return True
