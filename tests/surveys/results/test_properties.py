"""SECURITY.md item 4 as properties: random organisations, every output, no isolation.

Organisations have 1–6 departments of 1–15 people (so many departments of 1–4), people
concentrated in a few age bands per department (which produces departments nested inside
bands, the overlapping-filter attack), random managers, non-respondents and caregivers.
For every output — the JSON of the CLI, the CSV/Excel table, the results page — the
independent checker of ``checker.py`` must find nothing:

* no shown group has fewer than ``threshold`` respondents;
* no shown group leaves a complement of 1..threshold−1;
* in every breakdown, total − shown groups is 0 or at least ``threshold``;
* no combination (sums and differences) of shown groups, within and across breakdowns,
  is non-zero on fewer than ``threshold`` respondents — for respondents, and for the
  caregivers behind the caregiver-only questions.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.surveys.questionnaire import AGE_BANDS
from hrcare.surveys.results.definitions import DIMENSIONS
from hrcare.surveys.results.export import results_dict, table_rows
from hrcare.tenants import services as tenants
from tests.conftest import sign_in
from tests.surveys.results.checker import CAREGIVER_CODES, Person, shown_groups, violations
from tests.surveys.results.conftest import CANARY, SurveyFactory, wave_results

STATS = {"examples": 0, "counterexamples": 0}
SLUGS = itertools.count(1)


@st.composite
def organisations(draw: Any) -> tuple[int, list[Person]]:
    threshold = draw(st.sampled_from([5, 5, 5, 6, 7]))
    people: list[Person] = []
    for d in range(draw(st.integers(1, 6))):
        bands = draw(st.lists(st.sampled_from(AGE_BANDS), min_size=1, max_size=3, unique=True))
        for _ in range(draw(st.integers(1, 15))):
            band = (
                draw(st.sampled_from(bands))
                if draw(st.integers(0, 5))
                else draw(st.sampled_from(AGE_BANDS))
            )
            people.append(
                Person(
                    f"部署{d}",
                    band,
                    draw(st.integers(0, 3)) == 0,
                    draw(st.integers(0, 5)) != 0,
                    draw(st.sampled_from(["yes", "yes", "no", "no", "no", "prefer_not"])),
                )
            )
    return threshold, people


def audit(data: dict[str, Any], people: list[Person], threshold: int) -> list[str]:
    """All violations in one output (the JSON shape), for both layers."""
    respondents = [p for p in people if p.responded]
    carers = [p for p in respondents if p.caring == "yes"]
    found = violations(
        respondents, shown_groups(data["segments"]), not data["suppressed"], threshold
    )
    if not data["suppressed"] and data["respondents"] != len(respondents):
        found.append("wrong total")
    carer_bases = {q["base"] for q in data["questions"] if q["code"] in CAREGIVER_CODES}
    carers_shown = bool(carer_bases)
    if carers_shown and carer_bases != {len(carers)}:
        found.append(f"caregiver base {carer_bases} != {len(carers)}")
    if data["dependents"] is not None and not carers_shown:
        found.append("relatives shown without caregiver figures")
    found += [
        "caregivers: " + v
        for v in violations(
            carers, shown_groups(data["segments"], layer="caregivers"), carers_shown, threshold
        )
    ]
    if CANARY in json.dumps(data, ensure_ascii=False):
        found.append("free text in output")
    return found


def record(found: list[str]) -> None:
    STATS["examples"] += 1
    if found:
        STATS["counterexamples"] += 1
    assert found == []


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org=organisations(), seed=st.integers(0, 10_000))
def test_json_and_table_outputs_never_isolate_anyone(
    app: Any, org: tuple[int, list[Person]], seed: int
) -> None:
    threshold, people = org
    results = wave_results(1, "closed", threshold, people, seed)
    everything = results_dict(results)
    found = audit(everything, people, threshold)
    for by in DIMENSIONS:
        one = results_dict(results, by)
        found += audit(one, people, threshold)
        assert [s for s in everything["segments"] if s["by"] == by] == one["segments"]
    # The table behind CSV and Excel publishes exactly the JSON's groups and counts.
    table = {
        (r[0], r[1], r[2])
        for r in table_rows(results)
        if r[2] is not None and r[0] != "全体" and r[0] != "介護対象の家族"
    }
    expected = {
        (
            {"department": "部署", "age_band": "年代", "position": "役職"}[s["by"]],
            s["label"]["ja"],
            s["respondents"],
        )
        for s in everything["segments"]
        if not s.get("suppressed")
    }
    if table != expected:
        found.append(f"table groups differ: {table ^ expected}")
    record(found)


PAGE_ROW = re.compile(r"<tr ([^>]*data-by=[^>]*)>")
ATTR = re.compile(r'data-([a-z-]+)="([^"]*)"')


def page_groups(body: str) -> list[dict[str, Any]]:
    """Segments as the page shows them, read back from its data attributes."""
    segments = []
    for attrs in PAGE_ROW.findall(body):
        values = {k: html.unescape(v) for k, v in ATTR.findall(attrs)}
        if "code" in values:
            continue
        seg: dict[str, Any] = {"by": values["by"], "value": values["value"]}
        if values.get("suppressed"):
            seg["suppressed"] = True
        else:
            seg["respondents"] = int(values["respondents"])
            if values.get("members"):
                seg["age_bands"] = values["members"].split()
        segments.append(seg)
    return segments


def page_carer_groups(body: str) -> list[dict[str, Any]]:
    """Groups whose caregiver-only figures the page shows, with their caregiver base."""
    rows = []
    for attrs in PAGE_ROW.findall(body):
        v = {k: html.unescape(x) for k, x in ATTR.findall(attrs)}
        if v.get("code") == "balancing_status":
            row: dict[str, Any] = {
                "by": v["by"],
                "value": v["value"],
                "respondents": int(v["base"]),
            }
            if v.get("members"):
                row["age_bands"] = v["members"].split()
            rows.append(row)
    return rows


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(org=organisations(), seed=st.integers(0, 10_000))
def test_page_cli_and_exports_never_isolate_anyone(
    app: Any, client: Any, org: tuple[int, list[Person]], seed: int
) -> None:
    threshold, people = org
    key = f"p{next(SLUGS)}"
    company = tenants.create_company(db.session, slug=f"prop-{key}", name="性質テスト", hub=None)
    company.anonymity_threshold = threshold
    hr = tenants.create_user(
        db.session, email=f"hr-{key}@example.jp", role=Role.HR_ADMIN, name="HR", company=company
    )
    factory = SurveyFactory()
    survey = factory.survey(company)
    factory.populate(company, survey, people, seed=seed)
    factory.comment(company, survey)
    sign_in(client, hr)
    found: list[str] = []
    runner = app.test_cli_runner()
    page_segments: list[dict[str, Any]] = []
    carer_rows: list[dict[str, Any]] = []
    for by in DIMENSIONS:
        out = runner.invoke(
            args=[
                "survey",
                "results",
                "--company",
                company.slug,
                "--survey",
                str(survey.id),
                "--by",
                by,
            ]
        )
        assert out.exit_code == 0, out.output
        found += audit(json.loads(out.stdout), people, threshold)
        body = client.get(f"/c/{company.slug}/surveys/results/{survey.id}?by={by}").get_data(
            as_text=True
        )
        assert CANARY not in body
        page_segments += page_groups(body)
        carer_rows += page_carer_groups(body)
    respondents = [p for p in people if p.responded]
    total_shown = 'data-total-respondents=""' not in body
    found += violations(respondents, shown_groups(page_segments), total_shown, threshold)
    if carer_rows:  # groups whose caregiver-only figures the page shows, by their caregiver base
        carers = [p for p in respondents if p.caring == "yes"]
        found += [
            "page caregivers: " + v
            for v in violations(carers, shown_groups(carer_rows), True, threshold)
        ]
    csv_body = client.get(f"/c/{company.slug}/surveys/results/{survey.id}/export.csv").data.decode(
        "utf-8-sig"
    )
    assert CANARY not in csv_body
    cli_all = [
        json.loads(
            runner.invoke(args=["survey", "results", "--company", company.slug, "--by", by]).stdout
        )
        for by in DIMENSIONS
    ]
    expected = {
        (s["label"]["ja"], s["respondents"])
        for data in cli_all
        for s in data["segments"]
        if not s.get("suppressed")
    }
    rows = list(csv.reader(io.StringIO(csv_body)))[1:]
    published = {(r[1], int(r[2])) for r in rows if r[2] and r[0] not in ("全体", "介護対象の家族")}
    if published != expected:
        found.append(f"csv groups differ: {published ^ expected}")
    record(found)


def test_figure_property_counterexamples(app: Any) -> None:
    """Reports the figure of SECURITY.md item 4 for the property tests run above."""
    if STATS["examples"] == 0:
        pytest.skip("reports the property tests of this module: run them together")
    print(f"figure: property-test counterexamples = {STATS['counterexamples']}")
    print(f"figure: property-test examples checked = {STATS['examples']}")
    assert STATS["counterexamples"] == 0
