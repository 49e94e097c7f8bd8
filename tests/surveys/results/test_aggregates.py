"""Figures from stored responses: distributions, segments, caregivers, relatives, SQL count."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from hrcare.extensions import db
from hrcare.surveys.results import queries
from hrcare.surveys.results.aggregates import SurveyMeta, compute
from hrcare.surveys.results.anonymity import ThresholdError
from hrcare.surveys.results.definitions import question_defs
from tests.conftest import Tenant
from tests.surveys.results.checker import Person
from tests.surveys.results.conftest import SurveyFactory, simple_org


def load(company: Any, survey: Any) -> Any:
    return queries.load_results(db.session, company.id, company.anonymity_threshold, [survey])[
        survey.id
    ]


def designed(n_carers: int, n_others: int) -> tuple[list[Person], list[dict[str, Any]]]:
    people, answers = [], []
    for i in range(n_carers):
        people.append(Person("営業部", "50-54", i == 0, True, "yes"))
        answers.append(
            {
                "caring_now": "yes",
                "dependent_count": "1",
                "dependents": [
                    {
                        "relationship": "mother",
                        "age_band": "85_plus",
                        "residence": "far" if i % 2 else "same_household",
                        "care_level": "care_2",
                        "main_carer": "me",
                    }
                ],
                "balancing_status": "considering_leaving" if i == 0 else "managing",
                "performance": 4 + i,
                "helpful_support": ["telework", "leave"],
                "likely_future": "prefer_not",
            }
        )
    for i in range(n_others):
        people.append(Person("開発部", "30-34", False, True, "no"))
        answers.append(
            {
                "caring_now": "no",
                "likely_future": "very_likely" if i < 3 else "no",
                "helpful_support": ["prefer_not"],
                "balancing_status": "very_hard",
            }
        )
    return people, answers


def test_distributions_are_counted_by_code(tenant_a: Tenant, survey_factory: SurveyFactory) -> None:
    people, answers = designed(6, 8)
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(tenant_a.company, survey, people, answers=answers)
    results = load(tenant_a.company, survey)
    assert results.shown and results.answers_available
    assert (results.respondents, results.invited, results.response_rate) == (14, 14, 100.0)
    caring = results.question("caring_now")
    assert {o.code: o.count for o in caring.options} == {"yes": 6, "no": 8}
    assert caring.pct("yes") == pytest.approx(42.9)
    # The five-year item counts those not caring now (as the loss engine does): version 1
    # asked caregivers too, and their answers ("prefer not" here) are not counted.
    future = results.question("likely_future")
    assert future.base == 8 and future.prefer_not == 0 and future.answered == 8
    assert {o.code: o.count for o in future.options}["very_likely"] == 3
    # Caregiver-only: based on the 6 caregivers; a non-caregiver's stray answer is ignored.
    balancing = results.question("balancing_status")
    assert balancing.base == 6
    assert {o.code: o.count for o in balancing.options} == {
        "balancing_well": 0,
        "managing": 5,
        "very_hard": 0,
        "considering_leaving": 1,
    }
    performance = results.question("performance")
    assert performance.mean == pytest.approx(sum(range(4, 10)) / 6, abs=0.01)
    assert performance.median == 6.5
    assert sum(o.count for o in performance.options) == 6
    support = results.question("helpful_support")
    assert support.prefer_not == 8 and support.answered == 14
    assert {o.code: o.count for o in support.options}["telework"] == 6
    dep = results.dependents
    assert dep is not None and dep.caregivers == 6 and dep.described == 6
    assert {o.code: o.count for o in dep.fields["residence"]} == {
        "same_household": 3,
        "near": 0,
        "far": 3,
    }
    # The survey's own wording is used; HR's free-text item is not a result.
    assert (
        results.question("custom_telework") is None
        or results.question("custom_telework").question.text_ja == "在宅勤務の頻度"
    )
    assert results.question("custom_note") is None and results.question("comment") is None


def test_caregiver_figures_need_enough_caregivers(
    tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    people, answers = designed(4, 10)
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(tenant_a.company, survey, people, answers=answers)
    results = load(tenant_a.company, survey)
    assert results.shown and not results.caregivers_shown
    assert results.question("caring_now") is not None
    assert results.question("balancing_status") is None and results.question("performance") is None
    assert results.dependents is None


def test_segments_apply_the_rules(tenant_a: Tenant, survey_factory: SurveyFactory) -> None:
    people = simple_org({"営業部": 12, "開発部": 9, "法務部": 2})
    people.append(Person("秘書室", "40-44", False, False))  # invited, did not answer
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(tenant_a.company, survey, people)
    results = load(tenant_a.company, survey)
    departments = {g.value: g for g in results.segments["department"]}
    assert set(departments) == {"営業部", "開発部", "法務部", "秘書室"}
    assert not departments["法務部"].shown and not departments["秘書室"].shown
    assert departments["法務部"].respondents is None and departments["法務部"].questions == ()
    shown = [g for g in departments.values() if g.shown]
    assert all(g.respondents >= 5 for g in shown)
    assert results.respondents - sum(g.respondents for g in shown) in {0} | set(range(5, 100))
    if departments["営業部"].shown:
        assert departments["営業部"].invited == 12 and departments["営業部"].response_rate == 100.0


def test_open_survey_shows_participation_only(
    tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    survey = survey_factory.survey(tenant_a.company, status="open")
    survey_factory.populate(tenant_a.company, survey, simple_org({"営業部": 10, "開発部": 10}))
    results = load(tenant_a.company, survey)
    assert results.shown and not results.answers_available
    assert results.respondents == 20 and results.questions == () and results.dependents is None
    assert all(g.questions == () for groups in results.segments.values() for g in groups)


def test_nothing_below_the_threshold(tenant_a: Tenant, survey_factory: SurveyFactory) -> None:
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(tenant_a.company, survey, simple_org({"営業部": 4}))
    results = load(tenant_a.company, survey)
    assert not results.shown and results.respondents is None and results.questions == ()
    assert all(not g.shown for groups in results.segments.values() for g in groups)


def test_company_threshold_seven_is_respected(
    tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(
        tenant_a.company, survey, simple_org({"営業部": 6, "開発部": 20, "総務部": 8})
    )
    default = {g.value: g.shown for g in load(tenant_a.company, survey).segments["department"]}
    tenant_a.company.anonymity_threshold = 7
    db.session.flush()
    strict = load(tenant_a.company, survey)
    assert strict.threshold == 7
    assert (
        default["営業部"]
        and not {g.value: g.shown for g in strict.segments["department"]}["営業部"]
    )
    assert all(g.respondents >= 7 for groups in strict.segments.values() for g in groups if g.shown)


def test_threshold_below_five_is_refused(tenant_a: Tenant) -> None:
    meta = SurveyMeta(1, "t", "t", "s", 1, "closed")
    with pytest.raises(ThresholdError):
        compute(meta, question_defs([]), [], {}, 4)
    tenant_a.company.anonymity_threshold = 4
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.flush()


def test_age_bands_merge_when_small(tenant_a: Tenant, survey_factory: SurveyFactory) -> None:
    people = [
        Person("営業部", band, False)
        for band, n in (("<=29", 2), ("30-34", 3), ("50-54", 8), ("55-59", 9))
        for _ in range(n)
    ]
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(tenant_a.company, survey, people)
    bands = {g.value: g for g in load(tenant_a.company, survey).segments["age_band"]}
    shown = {v: g.members for v, g in bands.items() if g.shown}
    assert any(set(members) >= {"<=29", "30-34"} for members in shown.values())
    assert sum(bands[v].respondents for v in shown) == 22


@pytest.mark.parametrize("n", [10, 200])
def test_query_count_does_not_grow_with_responses(
    tenant_a: Tenant, survey_factory: SurveyFactory, count_queries: list[str], n: int
) -> None:
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(
        tenant_a.company, survey, simple_org({"営業部": n // 2, "開発部": n - n // 2})
    )
    count_queries.clear()
    results = load(tenant_a.company, survey)
    assert results.respondents == n
    print(f"figure: SQL statements for results of {n} responses = {len(count_queries)}")
    assert len(count_queries) == 3
