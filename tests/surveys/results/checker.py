"""An independent auditor of published results (SECURITY.md item 4), used by the tests.

It knows the true organisation (every respondent's department, fine age band, position and
whether they care for someone) and reads only what an output published: which groups were
shown with which counts. It shares no code with ``hrcare.surveys.results.anonymity``: the
overlap check here enumerates every set of respondent types lighter than the threshold and
asks whether some combination of the published groups is non-zero on that set only (a
rank test on the null space, via Gram determinants), where the implementation searches a
reduced space.

Attacker model: the viewer may add and subtract any published group figures, within one
breakdown and across breakdowns of the same survey (the total included). Anything so
derived must concern 0 or at least ``threshold`` respondents.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

DIMS = ("department", "age_band", "position")


@dataclass(frozen=True)
class Person:
    department: str
    age_band: str  # the fine band of the roster snapshot
    is_manager: bool
    responded: bool = True
    caring: str = "no"  # yes | no | prefer_not

    def value(self, dim: str) -> str:
        if dim == "department":
            return self.department
        if dim == "age_band":
            return self.age_band
        return "manager" if self.is_manager else "non_manager"


@dataclass(frozen=True)
class Shown:
    """One published group: its breakdown, the fine values it covers, and its count."""

    by: str
    members: frozenset[str]
    count: int


def shown_groups(segments: Iterable[Mapping], *, layer: str = "respondents") -> list[Shown]:
    """Groups an output published, from the JSON shape of ``results_dict``.

    ``layer="caregivers"`` reads the groups whose caregiver-only figures are published and
    the caregiver count those figures are based on.
    """
    result = []
    for seg in segments:
        if seg.get("suppressed"):
            assert set(seg) <= {"by", "value", "label", "age_bands", "suppressed"}, seg
            continue
        members = frozenset(seg.get("age_bands") or [seg["value"]])
        if layer == "respondents":
            result.append(Shown(seg["by"], members, int(seg["respondents"])))
        else:
            bases = {q["base"] for q in seg.get("questions", ()) if q["code"] in CAREGIVER_CODES}
            if bases:
                assert len(bases) == 1, bases
                result.append(Shown(seg["by"], members, bases.pop()))
    return result


CAREGIVER_CODES = frozenset(
    {"dependent_count", "balancing_status", "performance", "care_hours", "care_leave_days"}
)


def violations(
    people: Sequence[Person], groups: Sequence[Shown], total_shown: bool, k: int
) -> list[str]:
    """Every way the published groups break the rules (empty = safe)."""
    found: list[str] = []
    n = len(people)
    if not total_shown:
        if groups:
            found.append("groups published while the total is hidden")
        return found
    if n < k:
        found.append(f"total of {n} published below threshold {k}")
    by_dim: dict[str, list[Shown]] = {}
    for g in groups:
        true = sum(1 for p in people if p.value(g.by) in g.members)
        if true != g.count:
            found.append(f"{g.by} {sorted(g.members)}: published {g.count}, true {true}")
        if g.count < k:
            found.append(f"{g.by} {sorted(g.members)}: {g.count} < {k}")
        if 0 < n - g.count < k:
            found.append(f"{g.by} {sorted(g.members)}: complement {n - g.count}")
        by_dim.setdefault(g.by, []).append(g)
    for dim, shown in by_dim.items():
        rest = n - sum(g.count for g in shown)
        if 0 < rest < k:
            found.append(f"{dim}: total minus shown groups = {rest}")
    found.extend(_overlap(people, groups, k))
    return found


def _overlap(people: Sequence[Person], groups: Sequence[Shown], k: int) -> list[str]:
    types = Counter((p.department, p.age_band, p.is_manager) for p in people)
    keys = list(types)
    weights = np.array([types[t] for t in keys])
    rows = [np.ones(len(keys))]
    for g in groups:
        col = DIMS.index(g.by)
        rows.append(
            np.array(
                [
                    1.0
                    if (t[col] if col < 2 else ("manager" if t[2] else "non_manager")) in g.members
                    else 0.0
                    for t in keys
                ]
            )
        )
    matrix = np.array(rows)
    _, s, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((s > 1e-9).sum())
    null = vt[rank:].T  # T × (T - rank): dependencies among the types' columns
    projector = null @ null.T
    light = [i for i in range(len(keys)) if weights[i] < k]
    for size in range(1, k):
        subsets = [c for c in itertools.combinations(light, size) if weights[list(c)].sum() < k]
        if not subsets:
            break
        idx = np.array(subsets)
        minors = projector[idx[:, :, None], idx[:, None, :]]
        dets = np.linalg.det(minors)
        bad = np.flatnonzero(dets < 1e-9)
        if bad.size:
            isolated = [keys[i] for i in subsets[bad[0]]]
            return [
                f"a combination of shown groups isolates {int(weights[list(subsets[bad[0]])].sum())} respondents: {isolated}"
            ]
    return []
