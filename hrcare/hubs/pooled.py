"""Pooled benchmarks: each client's latest published figures beside the hub's pooled figure
and the national one.

The pool adds up only figures a client's release already publishes (each at or above that
client's threshold), weighted by their respondents, so the pool and any difference between
it and other published figures is a sum of published figures: it discloses nothing a release
does not (the joint audit of each release covers everything in it). A pool is shown only
when at least ``MIN_CLIENTS`` clients contribute and it rests on at least the largest
threshold among them; otherwise it reads as not available.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core.i18n import _l
from hrcare.loss import services as loss
from hrcare.tenants import services as tenants

MIN_CLIENTS = 3
METRICS = ("caregiver_share", "knows_legal_share", "considering_leaving_share", "response_rate")
LABELS = {
    "caregiver_share": _l("介護をしている人の割合"),
    "knows_legal_share": _l("介護休業などの制度を知っている人の割合"),
    "considering_leaving_share": _l("介護をしている人のうち離職を考えている人の割合"),
    "response_rate": _l("回答率"),
}


@dataclass(frozen=True)
class ClientFigures:
    name: str
    slug: str
    wave_title: str | None
    figures: dict[str, checklists.Figure]


@dataclass(frozen=True)
class Pool:
    figure: checklists.Figure | None  # None: fewer than MIN_CLIENTS contributing clients
    clients: int


@dataclass(frozen=True)
class Benchmarks:
    clients: list[ClientFigures]
    pooled: dict[str, Pool]
    national: dict[str, float]


def pool(figures: list[tuple[checklists.Figure, int]]) -> Pool:
    """``figures``: (published figure, the client's threshold) of each contributing client."""
    n = sum(f.n for f, _t in figures)
    if len(figures) < MIN_CLIENTS or not n or n < max(t for _f, t in figures):
        return Pool(None, len(figures))
    return Pool(
        checklists.Figure(round(sum(f.pct * f.n for f, _t in figures) / n, 1), n), len(figures)
    )


def benchmarks(session: Session, hub_id: int) -> Benchmarks:
    rows = []
    contributions: dict[str, list[tuple[checklists.Figure, int]]] = {m: [] for m in METRICS}
    for company in tenants.hub_company_list(session, hub_id):
        released = [w for w in checklists.company_waves(session, company) if w.closed]
        latest = released[-1] if released else None
        shown = {m: f for m in METRICS if latest and (f := latest.get(m)) is not None}
        for metric, figure in shown.items():
            contributions[metric].append((figure, company.anonymity_threshold))
        rows.append(
            ClientFigures(company.name, company.slug, latest.title if latest else None, shown)
        )
    params = loss.LossParameters()
    return Benchmarks(
        rows,
        {m: pool(contributions[m]) for m in METRICS},
        {"caregiver_share": round(100 * params.national_caregiver_share, 1)},
    )
