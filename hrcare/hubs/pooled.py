"""Pooled benchmarks: each client's latest published figures beside the hub's pooled figure
and the national one; and the hub's stored pooled breakdowns (by age band and by position)
as the pages read them.

The pool adds up only figures a client's release already publishes (each at or above that
client's threshold), weighted by their respondents, so the pool and any difference between
it and other published figures is a sum of published figures: it discloses nothing a release
does not (the joint audit of each release covers everything in it). A pool is shown only
when at least ``MIN_CLIENTS`` clients contribute and it rests on at least the largest
threshold among them; otherwise it reads as not available.

The pooled breakdowns are computed, audited and stored by ``pool_publish``; this module
reads only stored pools (``HubPool``) and each client's own released figures beside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core.i18n import _l
from hrcare.hubs.models import HubPool
from hrcare.loss import services as loss
from hrcare.surveys import services as surveys
from hrcare.surveys.results import services as results
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


# --- the stored pooled breakdowns ---------------------------------------------------------

#: The breakdowns pooled, with their groups in order.
POOLED_BY: dict[str, tuple[str, ...]] = {
    "age_band": tuple(results.AGE_BANDS),
    "position": ("manager", "non_manager"),
}
BY_LABELS = {"age_band": _l("年齢層"), "position": _l("役職")}
POSITION_LABELS = {"manager": _l("管理職"), "non_manager": _l("非管理職")}
#: The pooled figures: metric → (question, option) tallied per cell; the caregivers' one
#: is audited over the caregivers (``pool_publish.CAREGIVER_METRICS``).
POOLED_METRICS = ("caregiver_share", "knows_legal_share", "considering_leaving_share")
#: Knowledge of the legal systems: the first question a release has answers to (version 2
#: asks about 介護休業 on its own, version 1 about the measures together), as the clients'
#: own figures (``checklists.figures.KNOWLEDGE_QUESTIONS``).
KNOWLEDGE_CODES = ("knows_law_care_leave", "knows_measures")
#: Why a pooled group is not shown.
REASONS = {
    "small": _l("人数が基準に満たない"),
    "few_clients": _l("2社以上の回答者がいない"),
    "overlap": _l("公開済みの値と組み合わせると個人が特定されうる"),
}


@dataclass(frozen=True)
class PooledGroup:
    by: str
    value: str
    clients: int  # clients with respondents in the group
    respondents: int
    shown: bool
    reason: str | None
    figures: dict[str, checklists.Figure]  # metric → figure; absent: not shown

    def to_json(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "value": self.value,
            "clients": self.clients,
            "respondents": self.respondents if self.shown else None,
            "shown": self.shown,
            "reason": self.reason,
            "figures": {m: [f.pct, f.n] for m, f in self.figures.items()},
        }

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> PooledGroup:
        return PooledGroup(
            str(raw["by"]),
            str(raw["value"]),
            int(raw.get("clients") or 0),
            int(raw.get("respondents") or 0),
            bool(raw["shown"]),
            raw.get("reason"),
            {m: checklists.Figure(float(p), int(n)) for m, (p, n) in raw["figures"].items()},
        )


def pools(session: Session, hub_id: int) -> list[HubPool]:
    """Every pool the hub published, oldest first."""
    return list(
        session.scalars(select(HubPool).where(HubPool.hub_id == hub_id).order_by(HubPool.id))
    )


def latest_pool(session: Session, hub_id: int) -> HubPool | None:
    return session.scalars(
        select(HubPool).where(HubPool.hub_id == hub_id).order_by(HubPool.id.desc()).limit(1)
    ).first()


def groups_of(pool: HubPool | None) -> dict[tuple[str, str], PooledGroup]:
    if pool is None:
        return {}
    return {(g["by"], g["value"]): PooledGroup.from_json(g) for g in pool.groups}


# --- what the pages show -------------------------------------------------------------------


@dataclass(frozen=True)
class OwnFigures:
    """A company's own released figures per pooled row: the shown group covering the row's
    value (its label differs when the release merged bands), or nothing (suppressed)."""

    name: str
    title: str | None
    rows: dict[tuple[str, str], tuple[str, dict[str, checklists.Figure]]]


@dataclass(frozen=True)
class PooledView:
    pool: HubPool | None
    groups: dict[tuple[str, str], PooledGroup]
    published: int  # pools the hub has published so far
    newer: bool  # a client released a wave after the stored pool


def _share(result: Any, option: str) -> checklists.Figure | None:
    if result is None or not result.answered:
        return None
    value = result.pct(option)
    return None if value is None else checklists.Figure(float(value), int(result.answered))


def _group_figures(group: Any) -> dict[str, checklists.Figure]:
    found = {"caregiver_share": _share(group.question(surveys.CARING), "yes")}
    for code in KNOWLEDGE_CODES:
        figure = _share(group.question(code), "content" if code == KNOWLEDGE_CODES[0] else "yes")
        if figure is not None:
            found["knows_legal_share"] = figure
            break
    if group.caregivers_shown:
        found["considering_leaving_share"] = _share(
            group.question(surveys.BALANCING), "considering_leaving"
        )
    return {m: f for m, f in found.items() if f is not None}


def own_figures(name: str, released: Any) -> OwnFigures:
    """``released``: a ``SurveyResults`` of a release (or None: nothing released)."""
    rows: dict[tuple[str, str], tuple[str, dict[str, checklists.Figure]]] = {}
    if released is not None and released.answers_available:
        for by in POOLED_BY:
            for g in released.segments.get(by, ()):
                if not g.shown:
                    continue
                for value in g.members or (g.value,):
                    rows[(by, value)] = (g.value, _group_figures(g))
    return OwnFigures(name, released.title if released is not None else None, rows)


def pooled_view(session: Session, hub_id: int) -> PooledView:
    pool = latest_pool(session, hub_id)
    count = len(pools(session, hub_id)) if pool is not None else 0
    newer = False
    if pool is not None:
        companies = tenants.hub_company_list(session, hub_id)
        stored = {int(s["company_id"]): int(s["survey_id"]) for s in pool.sources}
        latest = results.latest_released(session, [c.id for c in companies])
        newer = any(stored.get(cid) != sid for cid, (_rid, sid) in latest.items())
    return PooledView(pool, groups_of(pool), count, newer)


def pooled_clients(session: Session, hub_id: int, pool: HubPool | None) -> list[OwnFigures]:
    """Each client of the stored pool, with the figures of the release pooled."""
    if pool is None:
        return []
    names = {c.id: c.name for c in tenants.hub_company_list(session, hub_id)}
    found = []
    for s in pool.sources:
        company_id = int(s["company_id"])
        if company_id not in names:
            continue  # left the hub: its own figures are no longer the hub's to show
        released = results.release_for(session, company_id, int(s["survey_id"]))
        found.append(own_figures(names[company_id], released.results if released else None))
    return found
