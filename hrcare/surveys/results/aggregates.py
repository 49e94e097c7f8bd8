"""Survey results: distributions overall and by segment, with the anonymity rules applied.

Pure computation over already-loaded rows (``queries`` loads them in a constant number of
SQL statements). Every figure that leaves this module comes from a ``SurveyResults``; the
page, the exports, the CLI and the waves comparison all render that one object, so they
show exactly the same suppression. Free-text answers are never read: only questions of kind
single, multiple and scale are counted, and only answers that are one of their option codes
(or a number in the scale) count, so nothing an employee typed can reach an output.

Answers are published only when the survey is closed. While it is open, a viewer who
reloads the page after each new answer could subtract two snapshots and read that one
person's answers; during collection the results show participation only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hrcare.surveys.questionnaire import (
    CAREGIVERS,
    CARING,
    DEPENDENT_COUNT,
    DEPENDENT_FIELDS,
    DEPENDENTS,
    EVERYONE,
    NON_CAREGIVERS,
    PREFER_NOT,
)
from hrcare.surveys.results import anonymity
from hrcare.surveys.results.columns import Column, OptionCount, QuestionResult, pct
from hrcare.surveys.results.definitions import (
    DIMENSIONS,
    FINE_AGE_BANDS,
    POSITIONS,
    QuestionDef,
    position_value,
    segment_label,
)

#: (department, age band, is_manager, answers) — one anonymous response's snapshot.
ResponseRow = tuple[str, str, bool, Mapping[str, Any]]
#: (department, age band, is_manager) → number of invitations.
InvitationCounts = Mapping[tuple[str, str, bool], int]


@dataclass(frozen=True)
class Group:
    """One segment (a department, an age band, managers or not). Counts only when shown."""

    by: str
    value: str
    label_ja: str
    label_en: str
    shown: bool
    reason: str | None = None
    respondents: int | None = None
    invited: int | None = None
    response_rate: float | None = None
    caregivers_shown: bool = False
    questions: tuple[QuestionResult, ...] = ()
    members: tuple[str, ...] = ()  # the fine age bands a merged band covers

    def question(self, code: str) -> QuestionResult | None:
        return next((q for q in self.questions if q.code == code), None)


@dataclass(frozen=True)
class DependentsResult:
    caregivers: int  # respondents counted (caregivers, or everyone when ``base`` says so)
    described: int  # relatives described (up to three per respondent)
    fields: Mapping[str, tuple[OptionCount, ...]]
    prefer_not: Mapping[str, int]
    base: str = CAREGIVERS  # questionnaire version 2 asks everyone


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    title: str
    title_en: str
    series: str
    wave: int
    status: str
    threshold: int
    invited: int
    shown: bool  # the population reaches the threshold
    answers_available: bool  # closed: distributions may be published
    respondents: int | None = None
    response_rate: float | None = None
    caregivers: int | None = None
    caregivers_shown: bool = False
    questions: tuple[QuestionResult, ...] = ()
    segments: Mapping[str, tuple[Group, ...]] = field(default_factory=dict)
    dependents: DependentsResult | None = None
    plans: Mapping[str, anonymity.Plan] = field(default_factory=dict, repr=False, compare=False)

    def question(self, code: str) -> QuestionResult | None:
        return next((q for q in self.questions if q.code == code), None)


@dataclass(frozen=True)
class SurveyMeta:
    id: int
    title: str
    title_en: str
    series: str
    wave: int
    status: str


def compute(
    meta: SurveyMeta,
    questions: Sequence[QuestionDef],
    responses: Sequence[ResponseRow],
    invitations: InvitationCounts,
    threshold: int,
) -> SurveyResults:
    """All published figures of one survey (see the module docstring for what is shown)."""
    k = anonymity.check_threshold(threshold)
    invited = sum(invitations.values())
    n = len(responses)
    answers = [r[3] if isinstance(r[3], Mapping) else {} for r in responses]
    caring = np.array([a.get(CARING) == "yes" for a in answers], dtype=bool)
    not_caring = np.array([a.get(CARING) == "no" for a in answers], dtype=bool)

    band_counts: dict[str, int] = {}
    for r in responses:
        band_counts[r[1]] = band_counts.get(r[1], 0) + 1
    merged = anonymity.merge_age_bands(band_counts, FINE_AGE_BANDS, k)
    band_of = {fine: anonymity.band_label(group) for group in merged for fine in group}
    members = {anonymity.band_label(group): tuple(group) for group in merged}
    values = {
        "department": sorted({r[0] for r in responses} | {key[0] for key in invitations}),
        "age_band": [anonymity.band_label(g) for g in merged],
        "position": list(POSITIONS),
    }

    def cell(dept: str, band: str, manager: bool) -> tuple[str, str, str]:
        return (dept, band_of.get(band, band), position_value(bool(manager)))

    cells: dict[tuple[Any, ...], tuple[str, str, str]] = {}
    keys = []
    for r in responses:
        raw = (r[0], r[1], r[2])
        key = cells.get(raw)
        if key is None:
            key = cells[raw] = cell(*raw)
        keys.append(key)
    respondent_cells: dict[tuple[str, ...], int] = {}
    caregiver_cells: dict[tuple[str, ...], int] = {}
    other_cells: dict[tuple[str, ...], int] = {}
    for key, is_carer, is_other in zip(keys, caring.tolist(), not_caring.tolist(), strict=True):
        respondent_cells[key] = respondent_cells.get(key, 0) + 1
        if is_carer:
            caregiver_cells[key] = caregiver_cells.get(key, 0) + 1
        if is_other:
            other_cells[key] = other_cells.get(key, 0) + 1
    plan = anonymity.plan(respondent_cells, DIMENSIONS, k, values=values)
    eligible = {dim: set(plan.shown(dim)) for dim in DIMENSIONS}
    carer_plan = anonymity.plan(caregiver_cells, DIMENSIONS, k, values=values, eligible=eligible)
    # Those not caring now: the population of the five-year question (its own plan, as the
    # caregivers have theirs, so no group's figure rests on fewer than k of them).
    other_plan = anonymity.plan(other_cells, DIMENSIONS, k, values=values, eligible=eligible)
    answers_available = meta.status == "closed" and plan.total_shown
    carers_shown = answers_available and carer_plan.total_shown
    others_shown = answers_available and other_plan.total_shown
    scopes = {EVERYONE: np.ones(n, dtype=bool), CAREGIVERS: caring, NON_CAREGIVERS: not_caring}

    invited_by: dict[str, dict[str, int]] = {dim: {} for dim in DIMENSIONS}
    for (dept, band, manager), count in invitations.items():
        for dim, value in zip(DIMENSIONS, cell(dept, band, manager), strict=True):
            invited_by[dim][value] = invited_by[dim].get(value, 0) + int(count)

    columns = (
        [Column(q, [a.get(q.code) for a in answers]) for q in questions]
        if answers_available
        else []
    )

    def per_group(
        groups: np.ndarray, size: int, shown_groups: Mapping[str, set[int]]
    ) -> list[tuple[QuestionResult, ...]]:
        """Question results of every group; an item counted among caregivers (or those not
        caring) only for the groups where that population is shown."""
        found: list[list[QuestionResult]] = [[] for _ in range(size)]
        for column in columns:
            base = column.question.base if column.question.base in scopes else EVERYONE
            allowed = shown_groups.get(base)
            if allowed is not None and not allowed:
                continue
            for i, result in enumerate(column.by_group(groups, size, scopes[base])):
                if allowed is None or i in allowed:
                    found[i].append(result)
        return [tuple(f) for f in found]

    segments: dict[str, tuple[Group, ...]] = {}
    for d, dim in enumerate(DIMENSIONS):
        shown = [v for v in values[dim] if plan.is_shown(dim, v)]
        position = {v: i for i, v in enumerate(shown)}
        groups = np.array([position.get(key[d], -1) for key in keys], dtype=np.int64)
        carer_groups = {
            i for v, i in position.items() if carers_shown and carer_plan.is_shown(dim, v)
        }
        other_groups = {
            i for v, i in position.items() if others_shown and other_plan.is_shown(dim, v)
        }
        results = per_group(
            groups, len(shown), {CAREGIVERS: carer_groups, NON_CAREGIVERS: other_groups}
        )
        built = []
        for value in values[dim]:
            ja, en = segment_label(dim, value)
            extra = {"members": members.get(value, ())} if dim == "age_band" else {}
            i = position.get(value)
            if i is None:
                built.append(Group(dim, value, ja, en, False, plan.reason(dim, value), **extra))
                continue
            count, invited_here = plan.counts[dim][value], invited_by[dim].get(value, 0)
            built.append(
                Group(
                    dim,
                    value,
                    ja,
                    en,
                    True,
                    None,
                    count,
                    invited_here,
                    pct(count, invited_here) if invited_here else None,
                    i in carer_groups,
                    results[i],
                    **extra,
                )
            )
        segments[dim] = tuple(built)

    common: dict[str, Any] = {
        "survey_id": meta.id,
        "title": meta.title,
        "title_en": meta.title_en,
        "series": meta.series,
        "wave": meta.wave,
        "status": meta.status,
        "threshold": k,
        "invited": invited,
        "segments": segments,
        "plans": {"respondents": plan, "caregivers": carer_plan, "non_caregivers": other_plan},
    }
    if not plan.total_shown:
        return SurveyResults(shown=False, answers_available=False, **common)
    overall = per_group(
        np.zeros(n, dtype=np.int64),
        1,
        {
            CAREGIVERS: {0} if carers_shown else set(),
            NON_CAREGIVERS: {0} if others_shown else set(),
        },
    )[0]
    count_def = next((q for q in questions if q.code == DEPENDENT_COUNT), None)
    relatives_of = EVERYONE if count_def is not None and count_def.base == EVERYONE else CAREGIVERS
    relatives_shown = answers_available if relatives_of == EVERYONE else carers_shown
    return SurveyResults(
        shown=True,
        answers_available=answers_available,
        respondents=n,
        response_rate=pct(n, invited) if invited else None,
        caregivers=int(caring.sum()) if answers_available else None,
        caregivers_shown=carers_shown,
        questions=overall if answers_available else (),
        dependents=(
            _dependents(answers, scopes[relatives_of], relatives_of) if relatives_shown else None
        ),
        **common,
    )


def _dependents(
    answers: Sequence[Mapping[str, Any]], caring: np.ndarray, base: str
) -> DependentsResult:
    """Relatives who need care: relationship, age, residence, care level, main carer.

    Computed over the respondents who were asked (caregivers in questionnaire version 1,
    everyone from version 2: ``caring`` is then all true) and called only when they reach
    the threshold. Units are relatives (up to three each), so percentages are of relatives.
    """
    counts = {
        name: dict.fromkeys((o.code for o in opts), 0) for name, opts in DEPENDENT_FIELDS.items()
    }
    prefer = dict.fromkeys(DEPENDENT_FIELDS, 0)
    described = 0
    for answer, is_carer in zip(answers, caring.tolist(), strict=True):
        relatives = answer.get(DEPENDENTS) if is_carer else None
        if not isinstance(relatives, list):
            continue
        for relative in relatives[:3]:
            if not isinstance(relative, Mapping):
                continue
            described += 1
            for name in DEPENDENT_FIELDS:
                value = relative.get(name)
                if value == PREFER_NOT:
                    prefer[name] += 1
                elif isinstance(value, str) and value in counts[name]:
                    counts[name][value] += 1
    fields = {
        name: tuple(
            OptionCount(
                o.code, o.ja, o.en, counts[name][o.code], pct(counts[name][o.code], described)
            )
            for o in opts
        )
        for name, opts in DEPENDENT_FIELDS.items()
    }
    return DependentsResult(int(caring.sum()), described, fields, prefer, base)
