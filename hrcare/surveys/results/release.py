"""One frozen, jointly audited release per closed wave (SECURITY.md item 4).

Why: figures recomputed on every request change when the threshold changes or a new view
is added, and two snapshots of the same wave can then be differenced (issue 8, attack 2);
views audited one by one (the loss page's breakdowns) can be combined (attack 1). So when a
wave closes, everything that will ever be shown about it is computed once:

* every distribution and breakdown of the results pages, exports and CLI (``SurveyResults``
  of all three breakdowns), with the participation of each shown group;
* the partition the loss page may use (its breakdowns show only groups shown here, and its
  non-respondent rates are taken over these groups only, so every loss figure is a
  function of released figures and of parameters);

then audited *jointly* with the exact check of ``audit.find_disclosure`` — every group of
every view as a row, respondents' (department, age band, position) cells as columns —
for the respondents and for the caregivers behind caregiver-only figures, and stored with
the threshold in force. Nothing reads answers for a released wave again; a threshold change
applies to waves not yet released. A later view (a hub pool, a report's own grouping) is
added only through ``add_view``, which audits it jointly with everything already released
and refuses it otherwise; nothing is ever removed from a release.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.surveys.models import Survey, SurveyRelease, SurveyResponse
from hrcare.surveys.questionnaire import ALL_QUESTIONS_BY_CODE, BALANCING, CARING, PREFER_NOT
from hrcare.surveys.results import frozen, queries
from hrcare.surveys.results.aggregates import SurveyResults
from hrcare.surveys.results.audit import SEARCH_BUDGET, find_disclosure
from hrcare.surveys.results.definitions import DIMENSIONS, position_value

#: A published group: (breakdown, label, the fine values it covers).
GroupSpec = tuple[str, str, frozenset[str]]
#: Respondents per (department, fine age band, position).
Cells = Mapping[tuple[str, str, str], int]


class ReleaseError(ValueError):
    """A view that would isolate fewer than the threshold together with what is released."""


@dataclass(frozen=True)
class View:
    """What one output publishes: groups with respondent figures, and the groups (a subset)
    whose caregiver-only figures it publishes (``caregiver_total``: the overall ones)."""

    name: str
    groups: tuple[GroupSpec, ...]
    caregiver_groups: tuple[GroupSpec, ...] = ()
    caregiver_total: bool = False
    total: bool = True  # the overall respondent figures

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "total": self.total,
            "groups": [[d, label, sorted(m)] for d, label, m in self.groups],
            "caregiver_groups": [[d, label, sorted(m)] for d, label, m in self.caregiver_groups],
            "caregiver_total": self.caregiver_total,
        }

    @staticmethod
    def from_json(raw: Mapping[str, Any]) -> View:
        def specs(items: Iterable[Any]) -> tuple[GroupSpec, ...]:
            return tuple((d, label, frozenset(m)) for d, label, m in items)

        return View(
            str(raw["name"]),
            specs(raw["groups"]),
            specs(raw.get("caregiver_groups", ())),
            bool(raw.get("caregiver_total")),
            bool(raw.get("total", True)),
        )


def results_view(results: SurveyResults) -> View:
    """The groups the results pages, exports and CLI publish (the same object for all)."""
    if not results.shown:
        return View("results", (), total=False)
    groups, carers = [], []
    for dim in DIMENSIONS:
        for g in results.segments.get(dim, ()):
            if g.shown:
                spec = (dim, g.value, frozenset(g.members or (g.value,)))
                groups.append(spec)
                if g.caregivers_shown:
                    carers.append(spec)
    return View("results", tuple(groups), tuple(carers), results.caregivers_shown)


def loss_view(results: SurveyResults) -> View:
    """The loss page's breakdowns: departments and age bands shown by the results, and
    caregiver figures (expected caregivers, leavers, yen) for those groups; its rates are
    ratios of released counts (see ``LossPartition``)."""
    base = results_view(results)
    groups = tuple(g for g in base.groups if g[0] in ("department", "age_band"))
    return View("loss", groups, total=base.total)


def joint_disclosure(
    cells: Cells, views: Sequence[View], threshold: int, *, caregivers: bool = False
) -> list[tuple[str, ...]] | None:
    """Cells a combination of *all* the views' groups isolates (fewer than ``threshold``
    people), or None. Each distinct grouping of a breakdown becomes one audit dimension,
    so groupings that overlap (fine and merged age bands) are audited together."""
    specs: dict[str, set[GroupSpec]] = {}
    any_total = False
    for view in views:
        chosen = view.caregiver_groups if caregivers else view.groups
        any_total = any_total or (view.caregiver_total if caregivers else view.total)
        for spec in chosen:
            specs.setdefault(f"{view.name}:{spec[0]}", set()).add(spec)
    total = sum(int(n) for n in cells.values())
    if not any_total and not specs:
        return None
    if total < threshold:
        return [tuple(c) for c in cells]
    dims: list[str] = []
    partitions: list[tuple[int, dict[str, str]]] = []
    seen: set[frozenset[tuple[str, frozenset[str]]]] = set()
    # Breakdowns in the order ``plan`` audits them (the search is exact either way; the
    # order only decides which one it eliminates first, i.e. how fast it finishes).
    for key in sorted(specs, key=lambda k: (DIMENSIONS.index(k.split(":")[-1]), k)):
        signature = frozenset((label, members) for _d, label, members in specs[key])
        if signature in seen:
            continue  # the same grouping shown by two views is one set of rows
        seen.add(signature)
        source = DIMENSIONS.index(next(iter(specs[key]))[0])
        lookup = {value: label for _d, label, members in specs[key] for value in members}
        dims.append(key)
        partitions.append((source, lookup))
    coarse: dict[tuple[str, ...], int] = {}
    for cell, n in cells.items():
        key = tuple(lookup.get(cell[source], "\0rest") for source, lookup in partitions)
        coarse[key] = coarse.get(key, 0) + int(n)
    shown = {dim: set(lookup.values()) for dim, (_s, lookup) in zip(dims, partitions, strict=True)}
    finding = find_disclosure(coarse, dims, shown, threshold)
    if finding is not None and not finding.proven:  # over budget: look harder, then refuse
        finding = find_disclosure(coarse, dims, shown, threshold, budget=20 * SEARCH_BUDGET)
    return None if finding is None else [tuple(c) for c in finding.cells]


#: Answers counted per cell for figures computed later over groups no release shows (the
#: hub's pooled breakdowns): (question, option, among caregivers only). A tally is
#: [chose the option, answered the question (prefer-not included)], as ``QuestionResult``.
TALLIED: tuple[tuple[str, str, bool], ...] = (
    (CARING, "yes", False),
    ("knows_law_care_leave", "content", False),  # version 2
    ("knows_measures", "yes", False),  # version 1
    (BALANCING, "considering_leaving", True),
)


#: The answers a tally counts as given: an option of the question or "prefer not" (as the
#: results count them; a tampered value is ignored).
_VALID = {
    code: frozenset({PREFER_NOT, *(o.code for o in ALL_QUESTIONS_BY_CODE[code].options)})
    for code, _option, _carers in TALLIED
}


def _cells(
    session: Session, survey: Survey
) -> tuple[dict[Any, int], dict[Any, int], dict[Any, dict[str, list[int]]]]:
    respondents: dict[Any, int] = {}
    carers: dict[Any, int] = {}
    tallies: dict[Any, dict[str, list[int]]] = {}
    table = SurveyResponse.__table__.c
    for dept, band, manager, answers in session.execute(
        select(table.department, table.age_band, table.is_manager, table.answers).where(
            table.company_id == survey.company_id, table.survey_id == survey.id
        )
    ):
        key = (dept or "", band, position_value(bool(manager)))
        respondents[key] = respondents.get(key, 0) + 1
        answers = answers if isinstance(answers, Mapping) else {}
        caring = answers.get(CARING) == "yes"
        if caring:
            carers[key] = carers.get(key, 0) + 1
        cell = tallies.setdefault(key, {})
        for code, option, carers_only in TALLIED:
            value = answers.get(code)
            if (carers_only and not caring) or not isinstance(value, str):
                continue
            if value not in _VALID[code]:
                continue
            counts = cell.setdefault(code, [0, 0])
            counts[0] += int(value == option and value != PREFER_NOT)
            counts[1] += 1
    return respondents, carers, tallies


def _tallies_json(tallies: Mapping[Any, Mapping[str, Sequence[int]]]) -> list[list[Any]]:
    return [[*key, {c: list(v) for c, v in t.items()}] for key, t in sorted(tallies.items())]


def tallies_of(session: Session, row: SurveyRelease) -> dict[tuple[str, str, str], Any] | None:
    """Per cell, the ``TALLIED`` counts of a release: stored with it since pooling existed.

    A release stored before that gets them once from the wave's responses, which must
    still be exactly the respondents its cells count (else, e.g. after an employee's
    deletion on request, None: the release takes no part in later pooled figures).
    """
    raw = (row.cells or {}).get("tallies")
    if raw is None:
        survey = session.get(Survey, row.survey_id)
        if survey is None:
            return None
        respondents, _carers, tallies = _cells(session, survey)
        if _cells_json(respondents) != [list(c) for c in row.cells.get("respondents", ())]:
            return None
        raw = _tallies_json(tallies)
        row.cells = {**row.cells, "tallies": raw}
        session.flush()
    return {(str(d), str(b), str(p)): t for d, b, p, t in raw}


def _cells_json(cells: Cells) -> list[list[Any]]:
    return [[*key, n] for key, n in sorted(cells.items())]


def _cells_from(raw: Iterable[Sequence[Any]]) -> dict[tuple[str, str, str], int]:
    return {(str(d), str(b), str(p)): int(n) for d, b, p, n in raw}


def build(
    session: Session,
    survey: Survey,
    *,
    threshold: int,
    today: date,
    extra: Mapping[str, Any] | None = None,
) -> SurveyRelease:
    """Compute, audit and store the release of a wave that has just closed (flushes)."""
    if survey.status != "closed":
        raise ReleaseError("only a closed wave is released")
    results = queries.load_results(session, survey.company_id, threshold, [survey])[survey.id]
    respondents, carers, tallies = _cells(session, survey)
    views = [results_view(results), loss_view(results)]
    for layer, cells in ((False, respondents), (True, carers)):
        found = joint_disclosure(cells, views, results.threshold, caregivers=layer)
        if found is not None:  # ``plan`` prevents this; never store what fails the audit
            raise ReleaseError(f"release audit failed on {len(found)} cells")
    dumped = frozen.dump(results)
    row = SurveyRelease(
        company_id=survey.company_id,
        survey_id=survey.id,
        threshold=results.threshold,
        released_on=today,
        summary={key: dumped.get(key) for key in SUMMARY_KEYS},
        data={
            "results": dumped,
            "views": [v.to_json() for v in views],
            **(extra or {}),
        },
        cells={
            "respondents": _cells_json(respondents),
            "caregivers": _cells_json(carers),
            "tallies": _tallies_json(tallies),
        },
        additions=[],
    )
    session.add(row)
    session.flush()
    return row


#: The overall figures copied into ``SurveyRelease.summary``.
SUMMARY_KEYS = (
    "title",
    "title_en",
    "invited",
    "respondents",
    "response_rate",
    "caregivers",
    "caregivers_shown",
)


def views_of(row: SurveyRelease) -> list[View]:
    return [View.from_json(v) for v in row.data.get("views", ())] + [
        View.from_json(v) for v in row.additions or ()
    ]


def add_view(session: Session, row: SurveyRelease, view: View) -> None:
    """Publish one more view of a released wave, audited jointly with everything released.

    Raises ``ReleaseError`` (and stores nothing) when the union would isolate fewer than
    the release's threshold, for respondents or for caregivers.
    """
    if row.data.get("pooled_in"):
        # Pooled figures (a hub's) also rest on this release: a view added here alone would
        # be audited without them. Refused until such views are audited with the pools.
        raise ReleaseError("the release is part of pooled figures: no view is added to it")
    if any(v.name == view.name for v in views_of(row)):
        raise ReleaseError(f"a view named {view.name!r} is already released")
    views = [*views_of(row), view]
    for layer, key in ((False, "respondents"), (True, "caregivers")):
        cells = _cells_from(row.cells.get(key, ()))
        if joint_disclosure(cells, views, row.threshold, caregivers=layer) is not None:
            raise ReleaseError(
                f"view {view.name!r} would isolate fewer than {row.threshold} people"
            )
    row.additions = [*(row.additions or []), view.to_json()]
    session.flush()
