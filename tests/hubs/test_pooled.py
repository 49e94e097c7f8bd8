"""Pooled benchmarks: only published figures enter the pool, a pool needs three clients, and
a client whose figure its release hides changes nothing in the pool."""

from __future__ import annotations

from hrcare.checklists.figures import Figure
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.hubs import pooled
from hrcare.tenants import services as tenants
from tests.conftest import Tenant
from tests.surveys.results.conftest import SurveyFactory, simple_org


def _released(factory: SurveyFactory, company, size: int, seed: int) -> None:  # type: ignore[no-untyped-def]
    survey = factory.survey(company, status="closed")
    factory.populate(company, survey, simple_org({"営業部": size}), seed=seed)


def test_pool_rules() -> None:
    a, b, c = Figure(10.0, 20), Figure(20.0, 30), Figure(40.0, 50)
    assert pooled.pool([(a, 5), (b, 5)]).figure is None  # two clients: one is the other's gap
    found = pooled.pool([(a, 5), (b, 5), (c, 5)]).figure
    assert found == Figure(round((10 * 20 + 20 * 30 + 40 * 50) / 100, 1), 100)


def test_only_published_figures_are_pooled(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    factory = SurveyFactory()
    _released(factory, tenant_a.company, 30, 1)
    for n, size in enumerate((25, 40)):
        company = tenants.create_company(
            db.session, slug=f"co-p{n}", name=f"比較{n}", hub=tenant_a.hub
        )
        _released(factory, company, size, 10 + n)
    _released(factory, tenant_b.company, 30, 5)  # another hub's client
    result = pooled.benchmarks(db.session, tenant_a.hub.id)
    rate = result.pooled["response_rate"]
    assert rate.clients == 3 and rate.figure is not None
    expected = sum(c.figures["response_rate"].n for c in result.clients)
    assert rate.figure.n == expected
    # A small client whose figures its release hides: the pool does not move.
    small = tenants.create_company(db.session, slug="co-small", name="小さな会社", hub=tenant_a.hub)
    _released(factory, small, 3, 20)
    again = pooled.benchmarks(db.session, tenant_a.hub.id)
    assert again.pooled["caregiver_share"] == result.pooled["caregiver_share"]
    assert "caregiver_share" not in next(c for c in again.clients if c.slug == "co-small").figures
    login_as(Role.HUB_OPERATOR)
    page = client.get("/hub/benchmarks").get_data(as_text=True)
    assert "比較0" in page and tenant_b.company.name not in page
    client.post("/language", data={"locale": "en", "next": "/hub/benchmarks"})
    assert "Whole hub (pooled)" in client.get("/hub/benchmarks").get_data(as_text=True)
