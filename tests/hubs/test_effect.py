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
