"""効果検証 for a hub: each client's first and latest released waves side by side, and the
hub as a whole, with the 95% interval of each change (``checklists.effect``).

Every figure is one the client's release already publishes (at or above its threshold);
the hub-wide figure pools published shares weighted by their respondents, over the clients
with two released waves, so it discloses nothing the releases do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core.i18n import _l
from hrcare.loss import services as loss
from hrcare.tenants import services as tenants

METRICS = ("considering_leaving_share", "knows_legal_share", "caregiver_share", "response_rate")


@dataclass(frozen=True)
class Compared:
    metric: str
    before: checklists.Figure | None
    after: checklists.Figure | None
    change: checklists.Change | None


@dataclass(frozen=True)
class ClientEffect:
    name: str
    slug: str
    before: checklists.WaveFigures | None
    after: checklists.WaveFigures | None
    metrics: list[Compared]
    loss_yen: int | None
    loss_per_employee_yen: int | None


@dataclass(frozen=True)
class HubEffect:
    clients: list[ClientEffect]
    pooled: list[Compared]
    compared_clients: int


def _compare(
    metric: str, before: checklists.Figure | None, after: checklists.Figure | None
) -> Compared:
    change = checklists.difference(before, after) if before and after else None
    return Compared(metric, before, after, change)


def _pool(figures: list[checklists.Figure]) -> checklists.Figure | None:
    n = sum(f.n for f in figures)
    if not n:
        return None
    return checklists.Figure(round(sum(f.pct * f.n for f in figures) / n, 1), n)


def hub_effect(session: Session, hub_id: int) -> HubEffect:
    rows = tenants.hub_companies(session, hub_id)
    estimates = loss.stored_estimates(session, [r.company.id for r in rows])
    clients = []
    pooled: dict[str, tuple[list[checklists.Figure], list[checklists.Figure]]] = {
        m: ([], []) for m in METRICS
    }
    compared = 0
    for row in rows:
        closed = [w for w in checklists.company_waves(session, row.company) if w.closed]
        before = closed[0] if len(closed) >= 2 else None
        after = closed[-1] if closed else None
        metrics = []
        for metric in METRICS:
            b = before.get(metric) if before else None
            a = after.get(metric) if after else None
            metrics.append(_compare(metric, b, a))
            if b and a:
                pooled[metric][0].append(b)
                pooled[metric][1].append(a)
        compared += before is not None
        estimate = estimates.get(row.company.id)
        clients.append(
            ClientEffect(
                row.company.name,
                row.company.slug,
                before,
                after,
                metrics,
                estimate.total_yen if estimate else None,
                estimate.per_employee_yen if estimate else None,
            )
        )
    return HubEffect(
        clients,
        [_compare(m, _pool(pooled[m][0]), _pool(pooled[m][1])) for m in METRICS],
        compared,
    )


LABELS = {
    "considering_leaving_share": _l("介護をしている人のうち離職を考えている人の割合"),
    "knows_legal_share": _l("介護休業などの制度を知っている人の割合"),
    "caregiver_share": _l("介護をしている人の割合"),
    "response_rate": _l("回答率"),
}
#: Which direction is an improvement (None: neither, a description of the workforce).
BETTER = {"considering_leaving_share": "down", "knows_legal_share": "up", "response_rate": "up"}
