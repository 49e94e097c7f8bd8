"""Several releases audited as one (the hub's pooled figures).

A figure pooled over several companies' releases (a hub's pooled breakdowns) is audited
jointly with everything each release published: each release is a ``Part`` (its stored
cells and views, ``part_of``), the parts' respondents are disjoint once every value carries
the part's key as a prefix (``prefixed``), and ``parts_disclosure`` runs the exact check
of ``release.joint_disclosure`` over that union. ``mark_pooled`` records on a release that
pooled figures rest on it, so no view is later added to it alone (``release.add_view``).
The per-cell answer tallies pooled figures count are stored with each release
(``release.TALLIED``, ``release.tallies_of``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hrcare.surveys.models import SurveyRelease
from hrcare.surveys.results.release import (
    Cells,
    GroupSpec,
    View,
    _cells_from,
    _cells_json,
    joint_disclosure,
    views_of,
)


@dataclass(frozen=True)
class Part:
    """One release in a joint audit over several: its respondents are nobody else's, so
    the union is disjoint once every value carries the part's ``key`` as a prefix."""

    key: str  # unique among the parts, without "/" (e.g. "r12" for release 12)
    threshold: int
    respondents: Cells
    caregivers: Cells
    views: tuple[View, ...]


def mark_pooled(session: Session, row: SurveyRelease, pool: str) -> None:
    """Record that figures pooled over several releases (``pool``: e.g. "hub-pool-3" of a
    hub) rest on this release, so no view is later added to it alone (``add_view``)."""
    row.data = {**row.data, "pooled_in": [*row.data.get("pooled_in", ()), pool]}
    session.flush()


def part_of(row: SurveyRelease) -> Part:
    return Part(
        f"r{row.id}",
        int(row.threshold),
        _cells_from(row.cells.get("respondents", ())),
        _cells_from(row.cells.get("caregivers", ())),
        tuple(views_of(row)),
    )


def part_to_json(part: Part) -> dict[str, Any]:
    """A part as a later joint audit needs it when its release may be gone (its company
    deleted after a hub pooled it): counts per cell and the views, with department names
    replaced by codes ("d1", "d2", ...). The audit reads only the structure, so the codes
    keep it exact while the stored copy names nobody's department."""
    departments = sorted(
        {d for d, _b, _p in part.respondents}
        | {d for d, _b, _p in part.caregivers}
        | {
            m
            for v in part.views
            for d, _label, members in (*v.groups, *v.caregiver_groups)
            if d == "department"
            for m in members
        }
    )
    code = {d: f"d{i}" for i, d in enumerate(departments, start=1)}

    def cells(c: Cells) -> list[list[Any]]:
        return _cells_json({(code[d], b, p): n for (d, b, p), n in c.items()})

    def specs(items: tuple[GroupSpec, ...]) -> tuple[GroupSpec, ...]:
        renamed = []
        for d, label, members in items:
            if d == "department":
                members = frozenset(code[m] for m in members)
                label = "+".join(sorted(members))
            renamed.append((d, label, members))
        return tuple(renamed)

    views = [
        View(v.name, specs(v.groups), specs(v.caregiver_groups), v.caregiver_total, v.total)
        for v in part.views
    ]
    return {
        "key": part.key,
        "threshold": part.threshold,
        "respondents": cells(part.respondents),
        "caregivers": cells(part.caregivers),
        "views": [v.to_json() for v in views],
    }


def part_from_json(raw: Mapping[str, Any]) -> Part:
    return Part(
        str(raw["key"]),
        int(raw["threshold"]),
        _cells_from(raw["respondents"]),
        _cells_from(raw["caregivers"]),
        tuple(View.from_json(v) for v in raw["views"]),
    )


def prefixed(key: str, value: str) -> str:
    return f"{key}/{value}"


def _prefix_view(view: View, key: str) -> View:
    def specs(items: tuple[GroupSpec, ...]) -> tuple[GroupSpec, ...]:
        return tuple(
            (d, prefixed(key, label), frozenset(prefixed(key, m) for m in members))
            for d, label, members in items
        )

    return View(view.name, specs(view.groups), specs(view.caregiver_groups),
                view.caregiver_total, view.total)  # fmt: skip


def _totals_view(parts: Sequence[Part]) -> View:
    """Each part's total as a group (a release publishes its own total): the department
    values of a part, all of them, under the part's key."""
    groups, carers = [], []
    for part in parts:
        spec = ("department", part.key,
                frozenset(prefixed(part.key, d) for d, _b, _p in part.respondents))  # fmt: skip
        if any(v.total for v in part.views):
            groups.append(spec)
        if any(v.caregiver_total for v in part.views):
            carers.append(spec)
    return View("release-totals", tuple(groups), tuple(carers), total=False)


def _local_views(part: Part, views: Sequence[View]) -> list[View]:
    """The part's share of every group of ``views``, as groups of the part's own values."""
    found = []
    start = prefixed(part.key, "")
    for view in views:

        def own(items: tuple[GroupSpec, ...]) -> tuple[GroupSpec, ...]:
            specs = []
            for d, label, members in items:
                mine = frozenset(m[len(start) :] for m in members if m.startswith(start))
                if mine:
                    specs.append((d, label, mine))
            return tuple(specs)

        local = View(f"share:{view.name}", own(view.groups), own(view.caregiver_groups),
                     total=False)  # fmt: skip
        if local.groups or local.caregiver_groups:
            found.append(local)
    return found


def _locally_safe(part: Part, views: Sequence[View], level: int, caregivers: bool) -> bool:
    """Whether the part's own release together with its share of every pooled group, all
    taken as published, isolates nobody below ``level``. Then any combination of the
    union is, on this part, 0 or at least ``level`` people, so a combination lighter than
    ``level`` never touches it: the part's cells are left out of the joint search (its
    shares taken as known), which keeps that search small (with 5 clients of 20–120
    people: 17 s and 30 undecided searches before, 1 s and none after)."""
    local = _local_views(part, views)
    if not local:
        return True
    layer = part.caregivers if caregivers else part.respondents
    return joint_disclosure(layer, [*part.views, *local], level, caregivers=caregivers) is None


def pool_parts(parts: Sequence[Part], *, caregivers: bool = False) -> list[Part]:
    """The parts whose respondents (caregivers) a pooled figure may count."""
    return [p for p in parts if any(v.caregiver_total if caregivers else v.total for v in p.views)]


def parts_disclosure(
    parts: Sequence[Part], views: Sequence[View], *, caregivers: bool = False
) -> list[tuple[str, ...]] | None:
    """``joint_disclosure`` over the disjoint union of several releases: each part's own
    views and total, plus ``views`` over the union (groups whose members are prefixed
    values, e.g. ``{"r1/40-44", "r2/40-44"}``).

    Parts may have different thresholds: a combination touching a part's respondents must
    rest on at least that part's threshold. For each threshold t among the parts (lowest
    first) the audit runs at t over the parts whose threshold is at least t, the others'
    counts taken as known (their cells left out: every combination restricted to the rest
    stays derivable). That is never weaker than the rule, and stricter where a group
    mixes a few respondents of a strict part with many of a lenient one.

    Only parts whose release publishes its total (for caregivers: its caregiver total)
    take part: the union's total is then a sum of published totals. A pooled group must
    count nobody of the other parts (``pool_parts`` says which parts a layer admits).
    """
    parts = pool_parts(parts, caregivers=caregivers)
    every = [_prefix_view(v, p.key) for p in parts for v in p.views]
    every += [_totals_view(parts), *views]
    for level in sorted({p.threshold for p in parts}):
        cells: dict[tuple[str, str, str], int] = {}
        for part in parts:
            if part.threshold < level or _locally_safe(part, views, level, caregivers):
                continue
            layer = part.caregivers if caregivers else part.respondents
            for (d, b, p), n in layer.items():
                key = (prefixed(part.key, d), prefixed(part.key, b), prefixed(part.key, p))
                cells[key] = int(n)
        if not cells:
            continue
        found = joint_disclosure(cells, every, level, caregivers=caregivers)
        if found is not None:
            return found
    return None
