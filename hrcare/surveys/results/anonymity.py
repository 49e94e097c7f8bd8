"""Anonymity rules for survey results (SECURITY.md item 4, SURVEY.md). Pure: no DB, no Flask.

What is published, and the attacker we defend against
-----------------------------------------------------
Results are published for the whole population and for *fixed single-dimension segments*
(department, age band, manager/non-manager). Combined filters ("managers aged 40–44 in
sales") are never offered. A viewer may still combine what is shown: subtract shown groups
from the total within one breakdown, and set one breakdown against another (a department
that lies almost entirely inside one age band). Every aggregate we publish for a group is a
sum over its members (counts per option, histograms), so what a viewer can *derive* is any
linear combination of the published group sums. A combination isolates people when it is
non-zero on fewer than ``threshold`` respondents: its value is then a statement about
those few people (for instance "a answered yes and b answered no").

The rules, in the order they are applied
----------------------------------------
1. Threshold ``k`` = the company's anonymity threshold, default 5, never below 5 (a lower
   value is an error, not silently raised: a misconfigured tenant must be noticed).
2. Nothing is shown when the population has fewer than ``k`` respondents.
3. Group rule: a group is shown only with ``k`` or more respondents.
4. Complement rule: a group is shown only when the rest of the population is 0 (the group
   *is* the population: showing it equals showing the total) or at least ``k``.
5. Secondary suppression within a breakdown: the suppressed groups together are the total
   minus the shown groups, so their union must hold 0 or at least ``k`` respondents. While
   it does not, the smallest shown group is suppressed too. (Suppressing only "the next
   smallest" once is not enough in general: 1 + 2 respondents is still below 5.)
6. Overlap audit across breakdowns: with the total and the shown groups of every breakdown
   as rows and the respondents' "cells" (which shown group they fall into in each
   breakdown) as columns, a viewer can derive any vector of the row space. One whose
   support holds fewer than ``k`` respondents isolates them; it exists on a set S of cells
   exactly when deleting S's columns lowers the rank. ``audit.find_disclosure`` searches
   for such a set exactly (see its docstring for how it stays fast with hundreds of
   departments). When one is found, the suppression that ends it while hiding the fewest
   respondents is applied (and rule 5 re-applied), until none is left. If the search would
   be too big to finish in time, we do not guess: the smallest group of the largest
   breakdown is suppressed and the audit runs again, so the result is always safe,
   possibly more suppressed than necessary.

Why the same-dimension and nested cases are covered: a department group and "the same
department restricted to managers" would be a combined filter and is not offered; but a
department that lies inside an age band is a real nested pair the audit of rule 6 sees
(the band minus the department is a vector supported on the few others), as is a pair of
groups that differ by swapping one person for another.

Answer cells inside a shown group are not suppressed one by one (Culture Amp and Qualtrics
work the same way): a group of ``k`` or more is the unit of anonymity. Answers to questions
asked only of caregivers are a sub-population: their figures form a second layer planned
with the same rules on caregiver counts (``plan`` with ``eligible``), so a department with
one caregiver never shows that caregiver's balancing status.

Age bands may be merged into wider contiguous bands (``merge_age_bands``) before planning,
so small bands are shown as part of a wider one instead of disappearing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from hrcare.surveys.results.audit import SEARCH_BUDGET, find_disclosure

MIN_THRESHOLD = 5

#: Why a group is not shown (codes; the UI words them without revealing the count).
SMALL = "small"  # fewer than k respondents
COMPLEMENT = "complement"  # the rest of the population would be 1..k-1
SECONDARY = "secondary"  # protects the other suppressed groups of the same breakdown
OVERLAP = "overlap"  # combined with another breakdown it would isolate fewer than k
PARENT = "parent"  # sub-population layer: the group itself is not shown
REASONS = (SMALL, COMPLEMENT, SECONDARY, OVERLAP, PARENT)

Cell = tuple[str, ...]


class ThresholdError(ValueError):
    """The anonymity threshold is missing its floor (SECURITY.md item 4)."""


def check_threshold(value: int | None) -> int:
    """The threshold to use: the company's value, default 5, never below 5."""
    if value is None:
        return MIN_THRESHOLD
    if isinstance(value, bool) or not isinstance(value, int):
        raise ThresholdError(f"anonymity threshold must be an integer, got {value!r}")
    if value < MIN_THRESHOLD:
        raise ThresholdError(f"anonymity threshold {value} is below the minimum of {MIN_THRESHOLD}")
    return value


@dataclass(frozen=True)
class Plan:
    """Which groups of which breakdown may be shown.

    ``counts`` holds every group's count for the code that renders shown groups; a
    suppressed group's count must never be rendered.
    """

    threshold: int
    total: int
    total_shown: bool
    dimensions: tuple[str, ...]
    values: Mapping[str, tuple[str, ...]]
    counts: Mapping[str, Mapping[str, int]]
    reasons: Mapping[str, Mapping[str, str | None]]

    def is_shown(self, dimension: str, value: str) -> bool:
        return self.total_shown and self.reasons[dimension].get(value, SMALL) is None

    def shown(self, dimension: str) -> tuple[str, ...]:
        return tuple(v for v in self.values[dimension] if self.is_shown(dimension, v))

    def reason(self, dimension: str, value: str) -> str | None:
        return (
            None if self.is_shown(dimension, value) else self.reasons[dimension].get(value, SMALL)
        )


def plan(
    cells: Mapping[Cell, int],
    dimensions: Sequence[str],
    threshold: int,
    *,
    values: Mapping[str, Sequence[str]] | None = None,
    eligible: Mapping[str, Collection[str]] | None = None,
    budget: int = SEARCH_BUDGET,
) -> Plan:
    """Decide which groups to show.

    ``cells`` maps each combination of group values (one per dimension, in ``dimensions``
    order) to its number of respondents. ``values`` lists every group of each breakdown in
    display order, including groups nobody answered from (they are listed, suppressed, so a
    suppressed entry never tells whether a one-person department took part). ``eligible``
    restricts a sub-population layer to the groups shown in the parent layer.
    """
    k = check_threshold(threshold)
    dims = tuple(dimensions)
    total = sum(int(n) for n in cells.values())
    counts: dict[str, dict[str, int]] = {}
    ordered: dict[str, tuple[str, ...]] = {}
    for i, dim in enumerate(dims):
        per: dict[str, int] = {v: 0 for v in (values or {}).get(dim, ())}
        for cell, n in cells.items():
            per[cell[i]] = per.get(cell[i], 0) + int(n)
        counts[dim] = per
        ordered[dim] = tuple(per)
    reasons: dict[str, dict[str, str | None]] = {dim: {} for dim in dims}
    if total < k:
        for dim in dims:
            reasons[dim] = {v: SMALL for v in ordered[dim]}
        return Plan(k, total, False, dims, ordered, counts, reasons)

    for dim in dims:
        allowed = None if eligible is None else eligible.get(dim, ())
        for value, n in counts[dim].items():
            if allowed is not None and value not in allowed:
                reasons[dim][value] = PARENT
            elif n < k:
                reasons[dim][value] = SMALL
            elif 0 < total - n < k:
                reasons[dim][value] = COMPLEMENT
            else:
                reasons[dim][value] = None
        _secondary(counts[dim], reasons[dim], total, k)

    while True:
        shown = _shown(reasons)
        finding = find_disclosure(cells, dims, shown, k, budget=budget)
        if finding is None:
            break
        if finding.proven:
            action = _best_action(cells, dims, counts, reasons, finding.cells, total, k, budget)
        else:
            action = _undecided_action(dims, counts, shown)
        for dim, value in action:
            reasons[dim][value] = OVERLAP
        for dim in {dim for dim, _ in action}:
            _secondary(counts[dim], reasons[dim], total, k)
    return Plan(k, total, True, dims, ordered, counts, reasons)


def _shown(reasons: Mapping[str, Mapping[str, str | None]]) -> dict[str, set[str]]:
    return {dim: {v for v, r in per.items() if r is None} for dim, per in reasons.items()}


def _best_action(
    cells: Mapping[Cell, int],
    dims: tuple[str, ...],
    counts: Mapping[str, Mapping[str, int]],
    reasons: Mapping[str, Mapping[str, str | None]],
    disclosed: Sequence[Cell],
    total: int,
    k: int,
    budget: int,
) -> list[tuple[str, str]]:
    """The suppression that ends the disclosure while hiding the fewest respondents.

    Candidates are the shown groups the isolated cells fall into. Suppressing one group of a
    breakdown that has nothing suppressed yet changes nothing (it equals the total minus the
    others), so such an action takes the breakdown's smallest other group along. One step of
    look-ahead prefers actions after which no disclosure is left.
    """
    shown = _shown(reasons)
    touched = {
        (dim, cell[i]) for cell in disclosed for i, dim in enumerate(dims) if cell[i] in shown[dim]
    }
    if not touched:
        # The isolating combination lives on cells outside every shown group (a suppressed
        # remainder minus shown groups): any shown group may take part in it.
        touched = {(dim, v) for dim in dims for v in shown[dim]}
    actions: list[list[tuple[str, str]]] = []
    for dim, value in sorted(touched):
        hidden = total - sum(counts[dim][v] for v in shown[dim])
        action = [(dim, value)]
        if hidden == 0:
            others = sorted(
                (v for v in shown[dim] if v != value), key=lambda v: (counts[dim][v], v)
            )
            if not others:
                continue  # the group is the whole population: its row is the total's
            action.append((dim, others[0]))
        actions.append(action)
    if not actions:
        return sorted(touched)

    def score(action: list[tuple[str, str]]) -> tuple[bool, int, int, list[tuple[str, str]]]:
        trial = {dim: dict(per) for dim, per in reasons.items()}
        for dim, value in action:
            trial[dim][value] = OVERLAP
            _secondary(counts[dim], trial[dim], total, k)
        left = find_disclosure(cells, dims, _shown(trial), k, budget=budget) is not None
        return (left, _lost(counts, reasons, trial), dims.index(action[0][0]), action)

    return min(actions, key=score)


def _undecided_action(
    dims: tuple[str, ...], counts: Mapping[str, Mapping[str, int]], shown: Mapping[str, set[str]]
) -> list[tuple[str, str]]:
    """Too many small cells to clear in time: suppress the smallest group of the breakdown
    with the most groups (usually a small department). Its respondents then join the other
    suppressed ones, which makes cells heavier and the next audit decidable."""
    dim = max(dims, key=lambda d: (len(shown[d]), -dims.index(d)))
    value = min(shown[dim], key=lambda v: (counts[dim][v], v))
    return [(dim, value)]


def _lost(
    counts: Mapping[str, Mapping[str, int]],
    before: Mapping[str, Mapping[str, str | None]],
    after: Mapping[str, Mapping[str, str | None]],
) -> int:
    """Respondents in groups shown before and hidden after."""
    return sum(
        counts[d][v]
        for d in before
        for v, r in before[d].items()
        if r is None and after[d][v] is not None
    )


def _secondary(
    counts: Mapping[str, int], reasons: dict[str, str | None], total: int, k: int
) -> None:
    """Rule 5: the suppressed groups of one breakdown hold 0 or at least k respondents."""
    while True:
        hidden = total - sum(n for v, n in counts.items() if reasons[v] is None)
        if hidden == 0 or hidden >= k:
            return
        shown = [v for v, r in reasons.items() if r is None]
        smallest = min(shown, key=lambda v: (counts[v], v))
        reasons[smallest] = SECONDARY


# --- age bands ---------------------------------------------------------------------------
_LOW = {"<=29": None, ">=60": 60}
_HIGH = {"<=29": 29, ">=60": None}


def _bounds(band: str) -> tuple[int | None, int | None]:
    if band in _LOW:
        return _LOW[band], _HIGH[band]
    low, high = band.split("-")
    return int(low), int(high)


def band_label(members: Sequence[str]) -> str:
    """The code of a merged band: ``40-49``, ``<=34``, ``>=55``, or ``all``."""
    low = _bounds(members[0])[0]
    high = _bounds(members[-1])[1]
    if low is None and high is None:
        return "all"
    if low is None:
        return f"<={high}"
    if high is None:
        return f">={low}"
    return f"{low}-{high}"


def merge_age_bands(
    counts: Mapping[str, int], order: Sequence[str], threshold: int
) -> list[list[str]]:
    """Merge adjacent age bands until every merged band has at least ``threshold`` respondents.

    ``order`` lists the bands youngest first (bands absent from ``counts`` count as 0). The
    smallest band joins its smaller neighbour, repeatedly; bands already large enough are
    kept as they are, so a company with enough respondents keeps the fine bands.
    """
    groups = [[band] for band in order]
    sizes = [int(counts.get(band, 0)) for band in order]
    while len(groups) > 1:
        small = [i for i, n in enumerate(sizes) if n < threshold]
        if not small:
            break
        i = min(small, key=lambda j: (sizes[j], j))
        if i == 0:
            j = 1
        elif i == len(groups) - 1:
            j = i - 1
        else:
            j = i - 1 if sizes[i - 1] <= sizes[i + 1] else i + 1
        lo, hi = min(i, j), max(i, j)
        groups[lo : hi + 1] = [groups[lo] + groups[hi]]
        sizes[lo : hi + 1] = [sizes[lo] + sizes[hi]]
    return groups
