"""Issues 8 and 14 as a property: random small clients (thresholds 5–8) release waves one
after another, the hub publishes a pool after each, and an independent auditor reads the
union of everything published — every release's groups and totals, every stored pool —
over the true people behind them: no combination may isolate fewer people than the
threshold of a release it touches. The figures are printed by the last test.

The auditor shares no code with ``pooling.parts_disclosure``: it builds the rows from the
true people, and for every set S of respondent types lighter than 8 it computes the space
of published combinations supported inside S (the null space of the complement projector
restricted to S) and the releases those combinations touch. That is exact for the rule
"touching release r, at least r's threshold", where the implementation audits a stricter
one by threshold levels. Sets are enumerated up to ``MAX_SETS`` per layer; a state with
more is counted as not checked (never as a pass).
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from hrcare.core.db import utcnow
from hrcare.extensions import db
from hrcare.hubs import pool_publish, pooled
from hrcare.surveys.models import SurveyRelease
from hrcare.surveys.results.release import View, views_of
from hrcare.tenants import services as tenants
from tests.surveys.results.checker import Person
from tests.surveys.results.conftest import SurveyFactory

STATS = Counter()
HUBS = itertools.count(1)
BANDS = ("40-44", "45-49", "50-54", "55-59")
MAX_SETS = 400_000


@st.composite
def client_people(draw: Any) -> tuple[int, list[Person]]:
    threshold = draw(st.integers(5, 8))
    size = draw(st.integers(6, 16))
    depts = ("営業部", "製造部")[: draw(st.integers(1, 2))]
    people = [
        Person(
            draw(st.sampled_from(depts)),
            draw(st.sampled_from(BANDS)),
            draw(st.integers(0, 3)) == 0,
            True,
            "yes" if draw(st.integers(0, 2)) == 0 else "no",
        )
        for _ in range(size)
    ]
    return threshold, people


def _types(rows: list[SurveyRelease], truth: dict[int, list[Person]], carers: bool) -> Counter:
    found: Counter = Counter()
    for row in rows:
        for p in truth[row.survey_id]:
            if carers and p.caring != "yes":
                continue
            found[(f"r{row.id}", p.department, p.age_band, p.value("position"))] += 1
    return found


def _rows(
    types: list[tuple[str, ...]], releases: list[SurveyRelease], pools: list[View], carers: bool
) -> list[np.ndarray]:
    """Every published group as a 0/1 row over the types (from the stored specs)."""
    col = {"department": 1, "age_band": 2, "position": 3}
    rows = []
    for row in releases:
        key = f"r{row.id}"
        views = views_of(row)
        if any(v.caregiver_total if carers else v.total for v in views):
            rows.append(np.array([1.0 if t[0] == key else 0.0 for t in types]))
        for view in views:
            for by, _label, members in view.caregiver_groups if carers else view.groups:
                rows.append(
                    np.array(
                        [1.0 if t[0] == key and t[col[by]] in members else 0.0 for t in types]
                    )  # fmt: skip
                )
    for view in pools:
        for by, _label, members in view.caregiver_groups if carers else view.groups:
            rows.append(np.array([1.0 if f"{t[0]}/{t[col[by]]}" in members else 0.0
                                  for t in types]))  # fmt: skip
    return rows


def violations(
    releases: list[SurveyRelease], truth: dict[int, list[Person]], pools: list[View], carers: bool
) -> list[str] | None:
    """Isolating combinations found (empty: none), or None when too many sets to check."""
    counts = _types(releases, truth, carers)
    types = list(counts)
    if not types:
        return []
    rows = _rows(types, releases, pools, carers)
    if not rows:
        return []
    matrix = np.array(rows)
    touched = matrix.any(axis=0)  # types nothing published touches are out of every figure
    # Types in exactly the same published groups cannot be told apart: merge them.
    classes: dict[tuple[float, ...], list[int]] = {}
    for i in np.flatnonzero(touched):
        classes.setdefault(tuple(matrix[:, i]), []).append(int(i))
    merged = list(classes.values())
    weights = np.array([sum(counts[types[i]] for i in c) for c in merged])
    kmax = {t[0]: 0 for t in types}
    for row in releases:
        kmax[f"r{row.id}"] = row.threshold
    ks = np.array([max(kmax[types[i][0]] for i in c) for c in merged])
    m = np.array([[1.0 if r[c[0]] else 0.0 for c in merged] for r in matrix])
    _, s, vt = np.linalg.svd(m, full_matrices=True)
    rank = int((s > 1e-9).sum())
    null = vt[rank:].T
    projector = null @ null.T  # x is published (a combination) iff projector @ x == 0
    light = [i for i in range(len(merged)) if weights[i] < 8]
    found: list[str] = []
    checked = 0
    for size in range(1, 8):
        subsets = [c for c in itertools.combinations(light, size) if weights[list(c)].sum() < 8]
        if not subsets:
            break
        checked += len(subsets)
        if checked > MAX_SETS:
            return None
        idx = np.array(subsets)
        minors = projector[idx[:, :, None], idx[:, None, :]]
        for b in np.flatnonzero(np.linalg.det(minors) < 1e-9):
            subset = list(subsets[b])
            _, sv, vh = np.linalg.svd(projector[:, subset])
            space = vh[int((sv > 1e-9).sum()) :]  # published vectors supported in S
            support = [subset[j] for j in np.flatnonzero(np.abs(space).max(axis=0) > 1e-9)]
            weight = int(weights[subset].sum())
            if support and max(ks[j] for j in support) > weight:
                found.append(
                    f"{weight} people of {sorted({types[merged[j][0]][0] for j in support})}"
                )
    return found


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    clients=st.lists(client_people(), min_size=3, max_size=4),
    second=st.tuples(st.integers(0, 3), client_people()),
    seed=st.integers(0, 1000),
)
def test_releases_and_pools_never_isolate_anyone(
    app: Any, clients: list[tuple[int, list[Person]]], second: Any, seed: int
) -> None:
    n = next(HUBS)
    hub = tenants.create_hub(db.session, slug=f"prop-{n}", name=f"ハブ{n}")
    factory = SurveyFactory()
    truth: dict[int, list[Person]] = {}
    companies = []

    def release(company: Any, people: list[Person], wave: int) -> None:
        survey = factory.survey(company, wave=wave)
        factory.populate(company, survey, people, seed=seed + wave)
        truth[survey.id] = people

    def publish() -> None:
        try:
            pool_publish.publish(db.session, hub.id, actor_id=None, now=utcnow())
            STATS["pools"] += 1
        except pool_publish.PoolError:
            pass

    for i, (threshold, people) in enumerate(clients):
        company = tenants.create_company(db.session, slug=f"p{n}-{i}", name=f"P{i}", hub=hub)
        company.anonymity_threshold = threshold
        companies.append(company)
        release(company, people, 1)
        publish()
    which, (threshold, people) = second
    company = companies[which % len(companies)]
    company.anonymity_threshold = threshold  # a later threshold: the later wave only
    release(company, people, 2)
    publish()
    releases = list(
        db.session.scalars(
            select(SurveyRelease).where(SurveyRelease.company_id.in_([c.id for c in companies]))
        )
    )
    pools = [View.from_json(p.view) for p in pooled.pools(db.session, hub.id)]
    STATS["groups shown"] += sum(len(v.groups) + len(v.caregiver_groups) for v in pools)
    for carers in (False, True):
        found = violations(releases, truth, pools, carers)
        if found is None:
            STATS["states not checked"] += 1
            continue
        STATS["states checked"] += 1
        STATS["releases checked"] += len(releases)
        STATS["disclosures"] += len(found)
        assert not found, found


@pytest.mark.usefixtures("app")
def test_report_figures() -> None:
    print(  # noqa: T201 - the figures of the issue note
        f"\npooled property: {dict(STATS)}"
    )
    assert STATS["states checked"] > 0 and STATS["disclosures"] == 0


def test_the_auditor_finds_the_differencing_attack(app: Any) -> None:
    """The auditor above is not vacuous: two pools that differ by one client's two 40–44s,
    written by hand (the hub would refuse the second), are reported."""
    hub = tenants.create_hub(db.session, slug="prop-diff", name="差分")
    factory = SurveyFactory()
    truth: dict[int, list[Person]] = {}
    companies = []
    shapes = [{"40-44": 3, "45-49": 9, "50-54": 8}] * 3 + [{"40-44": 2, "45-49": 10, "50-54": 9}]
    for i, shape in enumerate(shapes):
        company = tenants.create_company(db.session, slug=f"pd-{i}", name=f"D{i}", hub=hub)
        people = [Person("営業部", band, False, True, "no") for band, n in shape.items()
                  for _ in range(n)]  # fmt: skip
        survey = factory.survey(company)
        factory.populate(company, survey, people, seed=i)
        truth[survey.id] = people
        companies.append(company)
    releases = list(
        db.session.scalars(
            select(SurveyRelease).where(SurveyRelease.company_id.in_([c.id for c in companies]))
        )
    )
    keys = [f"r{r.id}" for r in sorted(releases, key=lambda r: r.company_id)]

    def pool(name: str, members: list[str]) -> View:
        return View(name, (("age_band", "40-44", frozenset(f"{k}/40-44" for k in members)),),
                    total=False)  # fmt: skip

    assert violations(releases, truth, [pool("one", keys[:3])], carers=False) == []
    found = violations(releases, truth, [pool("one", keys[:3]), pool("two", keys)], carers=False)
    assert found and "2 people" in found[0]
