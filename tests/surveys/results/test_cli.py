"""``hrcare survey results``: the aggregates HR sees, as JSON, with the same suppression."""

from __future__ import annotations

import json
from typing import Any

from hrcare.extensions import db
from hrcare.surveys.results import queries
from hrcare.surveys.results.export import results_dict
from tests.conftest import Tenant
from tests.surveys.results.conftest import CANARY, SurveyFactory, simple_org


def run(app: Any, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["survey", "results", *args])


def test_prints_what_hr_sees(app: Any, tenant_a: Tenant, survey_factory: SurveyFactory) -> None:
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(
        tenant_a.company, survey, simple_org({"営業部": 12, "開発部": 9, "法務部": 2})
    )
    survey_factory.comment(tenant_a.company, survey)
    out = run(
        app,
        "--company",
        tenant_a.slug,
        "--survey",
        str(survey.id),
        "--by",
        "department",
        "--format",
        "json",
    )
    assert out.exit_code == 0, out.stderr
    assert CANARY not in out.stdout
    data = json.loads(out.stdout)
    assert data["threshold"] == 5 and data["respondents"] == 23 and data["company"] == tenant_a.slug
    segments = {s["value"]: s for s in data["segments"]}
    assert segments["法務部"] == {
        "by": "department",
        "value": "法務部",
        "label": {"ja": "法務部", "en": "法務部"},
        "suppressed": True,
    }
    assert all(s["respondents"] >= 5 for s in data["segments"] if not s.get("suppressed"))
    assert all(s["by"] == "department" for s in data["segments"])
    # Exactly the object the page renders.
    page = queries.load_results(db.session, tenant_a.company.id, 5, [survey])[survey.id]
    assert data == {
        "company": tenant_a.slug,
        **json.loads(json.dumps(results_dict(page, "department"), ensure_ascii=False)),
    }


def test_latest_and_other_breakdowns(
    app: Any, tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    first = survey_factory.survey(tenant_a.company, wave=1, opened_days_ago=400)
    survey_factory.populate(tenant_a.company, first, simple_org({"営業部": 10}))
    second = survey_factory.survey(tenant_a.company, wave=2, opened_days_ago=20)
    survey_factory.populate(tenant_a.company, second, simple_org({"営業部": 10, "開発部": 10}))
    for by in ("age_band", "position"):
        data = json.loads(run(app, "--company", tenant_a.slug, "--by", by).stdout)
        assert data["survey"]["id"] == second.id and data["respondents"] == 20
        assert {s["by"] for s in data["segments"]} == {by}
    bands = json.loads(run(app, "--company", tenant_a.slug, "--by", "age_band").stdout)["segments"]
    assert all("age_bands" in s for s in bands)


def test_unknown_company_or_survey_exits_2(
    app: Any, tenant_a: Tenant, tenant_b: Tenant, survey_factory: SurveyFactory
) -> None:
    out = run(app, "--company", "no-such-company")
    assert out.exit_code == 2 and "no-such-company" in out.stderr and out.stdout == ""
    out = run(app, "--company", tenant_a.slug)  # no survey yet
    assert out.exit_code == 2 and out.stdout == ""
    other = survey_factory.survey(tenant_b.company)
    out = run(app, "--company", tenant_a.slug, "--survey", str(other.id))
    assert out.exit_code == 2 and out.stdout == ""
    out = run(app, "--company", tenant_a.slug, "--survey", "abc")
    assert out.exit_code == 2
    draft = survey_factory.survey(tenant_a.company, status="draft")
    assert run(app, "--company", tenant_a.slug, "--survey", str(draft.id)).exit_code == 2
    assert run(app, "--company", tenant_a.slug, "--by", "name").exit_code == 2


def test_release_command_releases_waves_closed_before_releases(
    app, tenant_a, survey_factory
) -> None:
    import json

    from hrcare.surveys.results import services
    from tests.surveys.results.conftest import simple_org

    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(
        tenant_a.company, survey, simple_org({"営業部": 8, "開発部": 8}), release=False
    )
    assert services.release_for(db.session, tenant_a.company.id, survey.id) is None
    runner = app.test_cli_runner()
    out = runner.invoke(args=["survey", "release", "--company", tenant_a.company.slug])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == {"company": tenant_a.company.slug, "released": 1}
    assert services.release_for(db.session, tenant_a.company.id, survey.id) is not None
    again = runner.invoke(args=["survey", "release", "--company", tenant_a.company.slug])
    assert json.loads(again.stdout)["released"] == 0
