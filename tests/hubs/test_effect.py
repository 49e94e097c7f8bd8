"""効果検証 for the hub: each client's first and latest released waves, the hub pooled, with
the 95% interval of each change; the hub's own clients only."""

from __future__ import annotations

from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.hubs import effect
from tests.conftest import Tenant
from tests.surveys.results.conftest import SurveyFactory, simple_org


def test_before_after_per_client_and_pooled(client, login_as, tenant_a: Tenant, tenant_b: Tenant):  # type: ignore[no-untyped-def]
    factory = SurveyFactory()
    for wave, seed in ((1, 1), (2, 2)):
        survey = factory.survey(tenant_a.company, status="closed", wave=wave)
        factory.populate(
            tenant_a.company, survey, simple_org({"営業部": 30, "製造部": 20}), seed=seed
        )
    result = effect.hub_effect(db.session, tenant_a.hub.id)
    assert result.compared_clients == 1
    (mine,) = result.clients
    assert mine.before is not None and mine.after is not None
    assert (mine.before.wave, mine.after.wave) == (1, 2)
    rate = next(m for m in mine.metrics if m.metric == "response_rate")
    pooled = next(m for m in result.pooled if m.metric == "response_rate")
    # One client compared: the pooled figure is that client's figure.
    assert pooled.before == rate.before and pooled.after == rate.after
    caring = next(m for m in mine.metrics if m.metric == "caregiver_share")
    if caring.change is not None:
        assert caring.change.low <= caring.change.diff <= caring.change.high

    login_as(Role.HUB_OPERATOR)
    page = client.get("/hub/effect").get_data(as_text=True)
    assert tenant_a.company.name in page and tenant_b.company.name not in page
    assert "95%区間" in page
    client.post("/language", data={"locale": "en", "next": "/hub/effect"})
    english = client.get("/hub/effect").get_data(as_text=True)
    assert "95% interval" in english and "Before" in english


def test_a_single_wave_is_not_compared(tenant_a: Tenant) -> None:
    factory = SurveyFactory()
    survey = factory.survey(tenant_a.company, status="closed")
    factory.populate(tenant_a.company, survey, simple_org({"営業部": 12}))
    result = effect.hub_effect(db.session, tenant_a.hub.id)
    assert result.compared_clients == 0
    assert all(m.change is None for m in result.clients[0].metrics)
    assert all(m.before is None for m in result.pooled)


def test_the_hub_pdf_is_a_hub_job_and_only_the_hubs_own(  # type: ignore[no-untyped-def]
    client, login_as, tenant_a: Tenant, tenant_b: Tenant, app, tmp_path, monkeypatch
):
    import dataclasses

    from hrcare.core.jobs import JobRun
    from hrcare.hubs.models import HubReport
    from tests.conftest import sign_in

    settings = app.extensions["hrcare.settings"]
    monkeypatch.setitem(
        app.extensions, "hrcare.settings", dataclasses.replace(settings, file_store=str(tmp_path))
    )
    factory = SurveyFactory()
    for wave, seed in ((1, 3), (2, 4)):
        survey = factory.survey(tenant_a.company, status="closed", wave=wave)
        factory.populate(tenant_a.company, survey, simple_org({"営業部": 20}), seed=seed)
    login_as(Role.HUB_OPERATOR)
    response = client.post("/hub/effect/pdf", data={"language": "en"})
    assert response.status_code == 302
    report = db.session.query(HubReport).one()
    run = db.session.get(JobRun, report.job_run_id)
    assert run is not None and run.hub_id == tenant_a.hub.id and run.company_id is None
    assert run.status == "finished", run.error
    page = client.get(response.location).get_data(as_text=True)
    assert "download=1" in page
    pdf = client.get(response.location + "?download=1")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "no-store"
    sign_in(client, tenant_b.users[Role.HUB_OPERATOR])
    assert client.get(response.location).status_code == 404
