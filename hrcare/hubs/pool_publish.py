"""Publishing the hub's pooled breakdowns: computed, audited jointly, stored (``HubPool``).

Pooled breakdowns (``publish``) go further than the benchmarks (``pooled``): a group such as
"40–44" pools every client's
respondents of that band, so a 20-person client whose own release hides its 40–44 band
still compares itself with a pooled group that meets the largest threshold among the
clients. Such a group is a new figure about released waves, so (issue 8) it is audited
jointly with everything already released — every pooled client's release (all its views
and its total) and every pool the hub published before (the differencing attack:
pool(A, B, C) then pool(A, B, C, D) isolates D's group) — over the disjoint union of the
releases' respondents (``parts_disclosure``); a group the audit cannot prove safe is not
shown. The result is stored frozen (``HubPool``) and pages read only stored pools; a
pool is never changed or removed.

A group the audit refuses is tried again without the releases the audit names (their
share would be exposed), as long as it still meets the size rules; it then pools fewer
clients, which the page says.

When: the hub operator publishes a new pool explicitly ("refresh", a hub job), not on
every client release. A release happens inside the client's own close of a wave (a lower
feature that knows nothing of hubs); every pool published becomes part of what later
pools are audited with, so publishing one per release would spend the room later pools
have, for figures nobody asked for; and the audit can take a minute, too long for the
close of a wave. The page tells the operator when newer releases exist.

Thresholds: a combination touching a release must rest on at least that release's
threshold. ``parts_disclosure`` audits per threshold level with the lower-threshold
releases taken as known, which is stricter than the rule when a group mixes a few
respondents of a strict client with many of a lenient one (such a group then leaves the
strict client out, or is hidden).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core import jobs
from hrcare.core.db import utcnow
from hrcare.core.i18n import _l
from hrcare.extensions import db
from hrcare.hubs.models import HubPool
from hrcare.hubs.pooled import (
    KNOWLEDGE_CODES,
    MIN_CLIENTS,
    POOLED_BY,
    POOLED_METRICS,
    PooledGroup,
    latest_pool,
    pools,
)
from hrcare.surveys import services as surveys
from hrcare.surveys.results import services as results
from hrcare.tenants import services as tenants

#: The pooled figure of ``POOLED_METRICS`` audited over the caregivers.
CAREGIVER_METRICS = frozenset({"considering_leaving_share"})
#: The question each pooled figure tallies (knowledge: ``_metric_code``).
METRIC_CODES = {"caregiver_share": surveys.CARING, "considering_leaving_share": surveys.BALANCING}
#: A shown group pools respondents of at least this many clients.
MIN_GROUP_CLIENTS = 2


class PoolError(ValueError):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def _cell_value(by: str, cell: tuple[str, str, str]) -> str:
    return cell[1] if by == "age_band" else cell[2]


def _metric_code(metric: str, source: results.PoolSource) -> str:
    if metric != "knows_legal_share":
        return METRIC_CODES[metric]
    for code in KNOWLEDGE_CODES:
        if any((t.get(code) or [0, 0])[1] for t in (source.tallies or {}).values()):
            return code
    return KNOWLEDGE_CODES[-1]


def _figure(counts: Sequence[int]) -> checklists.Figure | None:
    chose, answered = counts
    return checklists.Figure(round(100.0 * chose / answered, 1), answered) if answered else None


@dataclass(frozen=True)
class _Share:
    """One release's part of one pooled group."""

    respondents: int
    caregivers: int  # 0 unless the release publishes its caregiver figures
    counts: dict[str, tuple[int, int]]  # metric → (chose, answered)


@dataclass(frozen=True)
class _Candidate:
    by: str
    value: str
    keys: frozenset[str]  # the releases (parts) it pools
    respondents: int
    caregivers: int
    clients: int  # releases with respondents in it
    spec: results.GroupSpec
    carer_spec: results.GroupSpec  # the pooled releases that publish caregiver figures
    figures: dict[str, checklists.Figure]


def _shares(sources: Sequence[results.PoolSource]) -> dict[tuple[str, str], dict[str, _Share]]:
    people = {p.key for p in results.pool_parts([s.part for s in sources])}
    carers = {p.key for p in results.pool_parts([s.part for s in sources], caregivers=True)}
    found: dict[tuple[str, str], dict[str, _Share]] = {}
    for by, values in POOLED_BY.items():
        for value in values:
            per: dict[str, _Share] = {}
            for s in sources:
                if s.part.key not in people:
                    continue

                def mine(cell: tuple[str, str, str], by: str = by, value: str = value) -> bool:
                    return _cell_value(by, cell) == value

                in_carers = s.part.key in carers
                counts: dict[str, tuple[int, int]] = {}
                for metric in POOLED_METRICS:
                    if metric in CAREGIVER_METRICS and not in_carers:
                        continue
                    code = _metric_code(metric, s)
                    tallies = [
                        t[code] for c, t in (s.tallies or {}).items() if mine(c) and code in t
                    ]
                    counts[metric] = (sum(t[0] for t in tallies), sum(t[1] for t in tallies))
                per[s.part.key] = _Share(
                    sum(n for c, n in s.part.respondents.items() if mine(c)),
                    sum(n for c, n in s.part.caregivers.items() if mine(c)) if in_carers else 0,
                    counts,
                )
            found[(by, value)] = per
    return found


def _candidate(by: str, value: str, per: Mapping[str, _Share], keys: frozenset[str]) -> _Candidate:
    chosen = {k: per[k] for k in keys if k in per}
    carers = sorted(k for k, sh in chosen.items() if "considering_leaving_share" in sh.counts)
    figures = {}
    for metric in POOLED_METRICS:
        chose = sum(sh.counts.get(metric, (0, 0))[0] for sh in chosen.values())
        answered = sum(sh.counts.get(metric, (0, 0))[1] for sh in chosen.values())
        if (found := _figure((chose, answered))) is not None:
            figures[metric] = found
    return _Candidate(
        by,
        value,
        frozenset(chosen),
        sum(sh.respondents for sh in chosen.values()),
        sum(sh.caregivers for sh in chosen.values()),
        sum(1 for sh in chosen.values() if sh.respondents),
        (by, value, frozenset(results.prefixed(k, value) for k in sorted(chosen))),
        (by, value, frozenset(results.prefixed(k, value) for k in carers)),
        figures,
    )


def _audit(
    parts: Sequence[results.Part],
    earlier: Sequence[results.View],
    name: str,
    groups: Sequence[results.GroupSpec],
    carers: Sequence[results.GroupSpec] = (),
    *,
    caregivers: bool = False,
) -> list[tuple[str, ...]] | None:
    view = results.View(name, tuple(groups), tuple(carers), total=False)
    return results.parts_disclosure(parts, [*earlier, view], caregivers=caregivers)


def _size_reason(c: _Candidate, threshold: int) -> str | None:
    if c.respondents < threshold:
        return "small"
    if c.clients < MIN_GROUP_CLIENTS:
        return "few_clients"
    return None


def _select(
    parts: Sequence[results.Part],
    earlier: Sequence[results.View],
    name: str,
    shares: Mapping[tuple[str, str], Mapping[str, _Share]],
    threshold: int,
) -> tuple[list[_Candidate], dict[tuple[str, str], str]]:
    """The groups to show, each over the releases it may pool, and why the others are not.

    All groups over every release at once when the joint audit passes (the usual case);
    else group by group, each audited with those kept before it: when the audit names
    releases whose share the group would expose, the group is tried again without them
    (it then pools fewer clients), as long as it still meets the size rules.
    """
    reasons: dict[tuple[str, str], str] = {}
    first = []
    for (by, value), per in shares.items():
        c = _candidate(by, value, per, frozenset(per))
        if (why := _size_reason(c, threshold)) is not None:
            reasons[(by, value)] = why
        else:
            first.append(c)
    if not first or _audit(parts, earlier, name, [c.spec for c in first]) is None:
        return first, reasons
    kept: list[_Candidate] = []
    for c in first:
        while True:
            found = _audit(parts, earlier, name, [*(k.spec for k in kept), c.spec])
            if found is None:
                kept.append(c)
                break
            named = {v.split("/")[0] for cell in found for v in cell} & c.keys
            if not named or named == c.keys:
                reasons[(c.by, c.value)] = "overlap"
                break
            c = _candidate(c.by, c.value, shares[(c.by, c.value)], c.keys - named)
            if _size_reason(c, threshold) is not None:
                reasons[(c.by, c.value)] = "overlap"
                break
    return kept, reasons


def _select_carers(
    parts: Sequence[results.Part],
    earlier: Sequence[results.View],
    name: str,
    kept: Sequence[_Candidate],
    threshold: int,
) -> list[results.GroupSpec]:
    """The kept groups whose caregiver figure is shown (all at once, else one by one)."""
    groups = [k.spec for k in kept]
    specs = [k.carer_spec for k in kept if k.caregivers >= threshold and k.carer_spec[2]]
    if not specs or _audit(parts, earlier, name, groups, specs, caregivers=True) is None:
        return specs
    chosen: list[results.GroupSpec] = []
    for spec in specs:
        if _audit(parts, earlier, name, groups, [*chosen, spec], caregivers=True) is None:
            chosen.append(spec)
    return chosen


JOB_FUNC = "hrcare.hubs.pool_publish.publish_job"


def _check_new(session: Session, hub_id: int, release_ids: Sequence[int]) -> None:
    if len(release_ids) < MIN_CLIENTS:
        raise PoolError(_l("公開済みの調査がある支援先企業が%(n)s社未満のため、合算できません。",
                           n=MIN_CLIENTS))  # fmt: skip
    last = latest_pool(session, hub_id)
    if last is not None and sorted(int(s["release_id"]) for s in last.sources) == sorted(
        release_ids
    ):
        raise PoolError(_l("前回の合算以降、新しく公開された調査はありません。"))


def request_publish(session: Session, hub_id: int, *, actor_id: int | None) -> None:
    """Check what can be told at once (three clients released, something new) and start
    the hub job that computes, audits and stores the pool (the joint audit can take tens of
    seconds with a few clients of mixed thresholds: not in a request). Raises ``PoolError``."""
    companies = tenants.hub_company_list(session, hub_id)
    latest = results.latest_released(session, [c.id for c in companies])
    _check_new(session, hub_id, [rid for rid, _sid in latest.values()])
    jobs.enqueue(
        session, "hubs.pool", JOB_FUNC, hub_id=hub_id, actor_id=actor_id, args=(hub_id,),
        timeout=1800,
    )  # fmt: skip


def publish_job(run_id: str, hub_id: int) -> dict[str, Any]:
    """The hub job: publish a pool now (a run that finds nothing new stores nothing)."""
    session = db.session
    run = session.get(jobs.JobRun, run_id)
    try:
        row = publish(session, hub_id, actor_id=run.actor_id if run else None, now=utcnow())
    except PoolError:
        return {"hub_id": hub_id, "published": False}
    session.commit()
    return {"hub_id": hub_id, "published": True, "pool_id": row.id}


def _earlier_parts(earlier: Sequence[HubPool], current: set[str]) -> list[results.Part]:
    """The releases earlier pools rest on that this one does not pool, from the pools' own
    copies: a release whose company was deleted since still constrains what a new pool may
    show (its difference with an earlier pool would otherwise give that company's share)."""
    stored: dict[str, dict[str, Any]] = {}
    for row in earlier:
        for raw in row.parts or ():
            stored[str(raw["key"])] = raw
    return [
        results.part_from_json(raw) for key, raw in sorted(stored.items()) if key not in current
    ]


def publish(session: Session, hub_id: int, *, actor_id: int | None, now: datetime) -> HubPool:
    """Compute, audit and store a new pool from every client's latest release (flushes).

    Raises ``PoolError`` when fewer than ``MIN_CLIENTS`` clients have a release, or when
    nothing was released since the last pool (it would be the same pool again).
    """
    companies = tenants.hub_company_list(session, hub_id)
    latest = results.pool_sources(session, [c.id for c in companies])
    sources = [latest[c.id] for c in companies if c.id in latest]
    sources = [s for s in sources if s.part in results.pool_parts([s.part])]
    _check_new(session, hub_id, [s.release_id for s in sources])
    earlier = pools(session, hub_id)
    threshold = max(s.threshold for s in sources)
    earlier_views = [results.View.from_json(p.view) for p in earlier]
    parts = [s.part for s in sources] + _earlier_parts(earlier, {s.part.key for s in sources})
    name = f"hub-pool-{len(earlier) + 1}"
    shares = _shares(sources)
    kept, reasons = _select(parts, earlier_views, name, shares, threshold)
    carers = _select_carers(parts, earlier_views, name, kept, threshold)
    view = results.View(name, tuple(k.spec for k in kept), tuple(carers), total=False)
    by_group = {(k.by, k.value): k for k in kept}
    groups = []
    for by, value in shares:
        c = by_group.get((by, value)) or _candidate(by, value, shares[(by, value)], frozenset())
        shown = (by, value) in by_group
        figures = {
            m: f
            for m, f in c.figures.items()
            if shown and (m not in CAREGIVER_METRICS or c.carer_spec in carers)
        }
        groups.append(
            PooledGroup(
                by, value, c.clients, c.respondents, shown, reasons.get((by, value)), figures
            ).to_json()  # fmt: skip
        )
    row = HubPool(
        hub_id=hub_id,
        threshold=threshold,
        sources=[
            {
                "release_id": s.release_id,
                "company_id": s.company_id,
                "survey_id": s.survey_id,
                "threshold": s.threshold,
            }  # fmt: skip
            for s in sources
        ],
        view=view.to_json(),
        groups=groups,
        parts=[results.part_to_json(s.part) for s in sources],
        published_by_id=actor_id,
        published_at=now,
    )
    session.add(row)
    session.flush()
    if kept:
        results.mark_pooled(session, [s.release_id for s in sources], f"hub-{hub_id}:{name}")
    return row
