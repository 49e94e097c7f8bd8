"""Waves side by side, each with its own suppression."""

from __future__ import annotations

import re
from typing import Any

from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.surveys.results import queries
from hrcare.surveys.results.waves import compare, response_rate_diffs
from tests.conftest import Tenant, sign_in
from tests.surveys.results.checker import Person
from tests.surveys.results.conftest import SurveyFactory, simple_org


def waves_of(tenant: Tenant, survey: Any) -> list[Any]:
    series = queries.series_waves(db.session, tenant.company.id, survey)
    computed = queries.load_results(db.session, tenant.company.id, 5, series)
    return [computed[s.id] for s in series]


def test_key_figures_and_differences(tenant_a: Tenant, survey_factory: SurveyFactory) -> None:
    first = survey_factory.survey(tenant_a.company, wave=1)
    survey_factory.populate(
        tenant_a.company, first, simple_org({"営業部": 10, "開発部": 10}, caring_every=4)
    )
    second = survey_factory.survey(tenant_a.company, wave=2)
    people = simple_org({"営業部": 10, "開発部": 10}, caring_every=2)
    people += [Person("営業部", "40-44", False, False) for _ in range(5)]  # invited, no answer
    survey_factory.populate(tenant_a.company, second, people)
    other = survey_factory.survey(tenant_a.company, wave=1, series="other")
    survey_factory.populate(tenant_a.company, other, simple_org({"営業部": 10}))
    comparison = compare(waves_of(tenant_a, second))
    assert [w.wave for w in comparison.waves] == [1, 2]
    assert [w.response_rate for w in comparison.waves] == [100.0, 80.0]
    assert response_rate_diffs(comparison) == (None, -20.0)
    caring = next(b for b in comparison.blocks if b.code == "caring_now")
    yes = next(r for r in caring.rows if r.code == "yes")
    assert yes.values == (30.0, 50.0) and yes.diffs == (None, 20.0)
    codes = [b.code for b in comparison.blocks]
    assert "balancing_status" in codes and "knows_insurance" in codes


def test_a_segment_hidden_in_one_wave_stays_hidden(
    tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    first = survey_factory.survey(tenant_a.company, wave=1)
    survey_factory.populate(
        tenant_a.company, first, simple_org({"営業部": 10, "開発部": 10, "法務部": 6})
    )
    second = survey_factory.survey(tenant_a.company, wave=2)
    survey_factory.populate(
        tenant_a.company, second, simple_org({"営業部": 10, "開発部": 10, "法務部": 3})
    )
    comparison = compare(waves_of(tenant_a, second), "department", "法務部")
    first_col, second_col = comparison.waves
    assert first_col.shown and first_col.respondents == 6
    assert not second_col.shown and second_col.respondents is None
    for block in comparison.blocks:
        for row in block.rows:
            assert row.values[1] is None and row.diffs[1] is None


def test_waves_page(client: Any, tenant_a: Tenant, survey_factory: SurveyFactory) -> None:
    first = survey_factory.survey(tenant_a.company, wave=1)
    survey_factory.populate(tenant_a.company, first, simple_org({"営業部": 10, "開発部": 10}))
    second = survey_factory.survey(tenant_a.company, wave=2, status="open")
    survey_factory.populate(tenant_a.company, second, simple_org({"営業部": 10, "開発部": 3}))
    sign_in(client, tenant_a.users[Role.EXECUTIVE])
    base = f"/c/{tenant_a.slug}/surveys/results/{first.id}/waves"
    body = client.get(base).get_data(as_text=True)
    assert 'data-wave="1"' in body and 'data-wave="2"' in body and "途中経過" in body
    segment = client.get(f"{base}?segment=department|開発部").get_data(as_text=True)
    assert 'data-respondents="10"' in segment and 'data-suppressed="1"' in segment
    assert client.get(f"{base}?segment=department|存在しない部").status_code == 200


def test_an_open_wave_is_marked_and_never_differenced(
    client: Any, tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    """A final 100% against an in-progress rate is no change at all (issue 9, item 7)."""
    first = survey_factory.survey(tenant_a.company, wave=1)
    survey_factory.populate(tenant_a.company, first, simple_org({"営業部": 10, "開発部": 10}))
    second = survey_factory.survey(tenant_a.company, wave=2, status="open")
    people = simple_org({"営業部": 10, "開発部": 10})
    people += [Person("営業部", "40-44", False, False) for _ in range(20)]  # not answered yet
    survey_factory.populate(tenant_a.company, second, people)
    comparison = compare(waves_of(tenant_a, second))
    assert [w.response_rate for w in comparison.waves] == [100.0, 50.0]
    assert response_rate_diffs(comparison) == (None, None)
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    body = client.get(f"/c/{tenant_a.slug}/surveys/results/{second.id}/waves").get_data(
        as_text=True
    )
    assert "-50.0" not in body and "−50.0" not in body
    assert body.count("前回との差") == 2 and "sr-open-wave" in body


def test_results_pages_use_the_status_words_of_the_survey_pages(
    client: Any, tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    """One vocabulary (実施中/終了) and the effective status: past its last day a survey is 終了."""
    from datetime import date, timedelta

    survey = survey_factory.survey(tenant_a.company, status="open")
    survey.closes_on = date.today() - timedelta(days=3)
    survey_factory.populate(tenant_a.company, survey, simple_org({"営業部": 10}))
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    for path in ("/", f"/{survey.id}"):
        body = client.get(f"/c/{tenant_a.slug}/surveys/results{path}").get_data(as_text=True)
        assert "badge-closed" in body and "締切済み" not in body and "回答受付中" not in body
        text = re.sub(r"<[^>]+>", "", body)  # each date is kept whole in a span on a phone
        assert f"{survey.opens_on.isoformat()} 〜 {survey.closes_on.isoformat()}" in text
