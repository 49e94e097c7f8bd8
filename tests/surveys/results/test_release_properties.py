"""Issue 8 as properties: random populations and thresholds, every released view at once.

For each random organisation a wave is closed (released), then the independent auditor of
``checker.py`` reads the union of everything shown about it — the results of every
breakdown (page, exports and CLI render the same release) and the loss page's breakdowns —
and the threshold is changed to another random value, after which nothing published may
differ. The figures of the issue note are printed by the last test of the module.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrcare.extensions import db
from hrcare.loss import services as loss
from hrcare.surveys.results import services
from hrcare.surveys.results.export import results_dict
from hrcare.tenants import services as tenants
from tests.surveys.results.checker import Person, shown_groups, violations
from tests.surveys.results.conftest import SurveyFactory
from tests.surveys.results.test_properties import audit, organisations
from tests.surveys.results.test_release import loss_groups

STATS = {"releases": 0, "disclosures": 0, "changed": 0}
SLUGS = itertools.count(1)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org=organisations(), seed=st.integers(0, 10_000), later=st.integers(5, 8))
def test_releases_never_isolate_anyone_and_never_change(
    app: Any, org: tuple[int, list[Person]], seed: int, later: int
) -> None:
    threshold, people = org
    key = f"r{next(SLUGS)}"
    company = tenants.create_company(db.session, slug=f"rel-{key}", name="公開テスト", hub=None)
    company.anonymity_threshold = threshold
    factory = SurveyFactory()
    survey = factory.survey(company)
    factory.populate(company, survey, people, seed=seed)

    def published() -> tuple[dict[str, Any], Any, list[Any]]:
        results = services.published_results(db.session, company.id, [survey])[survey.id]
        release = services.release_for(db.session, company.id, survey.id)
        assert release is not None
        try:
            estimate = loss.company_estimate(db.session, company, today=date.today())
        except loss.NoEmployees:
            return results_dict(results), {}, []
        return results_dict(results), estimate.breakdowns, loss_groups(estimate, release)

    data, breakdowns, loss_shown = published()
    respondents = [p for p in people if p.responded]
    found = audit(data, people, threshold)
    found += violations(
        respondents,
        list(dict.fromkeys(shown_groups(data["segments"]) + loss_shown)),  # one row per group
        not data["suppressed"],
        threshold,
    )
    company.anonymity_threshold = later
    db.session.flush()
    again = published()
    STATS["releases"] += 1
    STATS["disclosures"] += bool(found)
    STATS["changed"] += again[0] != data or again[1] != breakdowns
    assert found == []
    assert again[0] == data and again[1] == breakdowns


def test_figure_release_properties(app: Any) -> None:
    """Prints the issue's figures for the property test run above."""
    if STATS["releases"] == 0:
        pytest.skip("reports the property test of this module: run them together")
    print(f"figure: releases checked = {STATS['releases']}")
    print(f"figure: joint disclosures found = {STATS['disclosures']}")
    print(f"figure: published figures changed by a later threshold = {STATS['changed']}")
    assert STATS["disclosures"] == 0 and STATS["changed"] == 0
