"""Open and overdue consultation counts of many companies at once (the hub console): one
statement, counts only, never contents. A count between 1 and the company's anonymity
threshold is not shown (``None``), as in ``services.counts``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from hrcare.consultations.models import OPEN_STATUSES, Consultation


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
