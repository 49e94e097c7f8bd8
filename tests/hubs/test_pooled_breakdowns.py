"""The hub's pooled breakdowns (issues 8 and 14): pooled groups over the clients' latest
releases, audited jointly with every release and every earlier pool, stored frozen."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hrcare.core.db import utcnow
from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.hubs import pool_publish, pooled
from hrcare.hubs.models import HubPool
from hrcare.surveys.results import services as results
from hrcare.tenants import services as tenants
from tests.conftest import Tenant, sign_in
from tests.surveys.results.checker import Person
from tests.surveys.results.conftest import SurveyFactory

FACTORY = SurveyFactory()


def org(bands: dict[str, int]) -> list[Person]:
    """One department; every 4th person of a band a manager, every 3rd a caregiver."""
    return [
        Person("営業部", band, i % 4 == 0, True, "yes" if i % 3 == 0 else "no")
        for band, n in bands.items()
        for i in range(n)
    ]


def released(hub: Any, slug: str, bands: dict[str, int], *, company: Any = None,
             threshold: int = 5, seed: int = 1) -> Any:  # fmt: skip
    if company is None:
        company = tenants.create_company(db.session, slug=slug, name=f"企業{slug}", hub=hub)
    company.anonymity_threshold = threshold
    survey = FACTORY.survey(company)
    FACTORY.populate(company, survey, org(bands), seed=seed)
    return company


def publish(hub: Any) -> HubPool:
    return pool_publish.publish(db.session, hub.id, actor_id=None, now=utcnow())


def page(client: Any, url: str) -> str:
    """The page without its per-request CSRF tokens."""
    text = client.get(url).get_data(as_text=True)
    return re.sub(r'name="csrf_token" value="[^"]*"', "", re.sub(r'content="[^"]*"', "", text))


def group(row: HubPool, by: str, value: str) -> dict[str, Any]:
    return next(g for g in row.groups if g["by"] == by and g["value"] == value)


def members(row: HubPool, value: str) -> set[str]:
    """The prefixed values the stored view's age band ``value`` pools."""
    return {m for by, label, ms in row.view["groups"] if label == value for m in ms}


def own_band(company: Any, value: str) -> tuple[str, Any] | None:
    release = results.releases_for(db.session, company.id)[-1]
    return pooled.own_figures(company.name, release.results).rows.get(("age_band", value))


SMALL = {"40-44": 3, "45-49": 9, "50-54": 8}  # 20 people, three of them 40–44


def test_small_client_compares_a_band_its_own_release_hides(
    client: Any, login_as: Any, tenant_a: Tenant
) -> None:
    released(tenant_a.hub, "", SMALL, company=tenant_a.company)
    released(tenant_a.hub, "sm-b", SMALL, seed=2)
    released(tenant_a.hub, "sm-c", SMALL, seed=3)
    own = own_band(tenant_a.company, "40-44")  # its release shows no group of its three 40–44s
    assert own is None or own[1]["caregiver_share"].n > 3
    row = publish(tenant_a.hub)
    band = group(row, "age_band", "40-44")
    assert band["shown"] and band["clients"] == 3 and band["respondents"] == 9
    share = band["figures"]["caregiver_share"]
    assert share[1] == 9 and share[0] == round(100 * 3 / 9, 1)  # one caregiver per client
    assert "considering_leaving_share" not in band["figures"]  # 3 caregivers: below 5
    assert group(row, "position", "manager")["shown"]
    login_as(Role.HR_ADMIN)
    inherited = client.get(f"/c/{tenant_a.slug}/hub-template/").get_data(as_text=True)
    assert f"/c/{tenant_a.slug}/hub-benchmarks/" in inherited  # where HR finds the page
    page = client.get(f"/c/{tenant_a.slug}/hub-benchmarks/").get_data(as_text=True)
    assert "33.3%" in page and "n=9" in page and tenant_a.hub.name in page
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get(f"/c/{tenant_a.slug}/hub-benchmarks/").get_data(as_text=True)
    assert "Hub pooled" in page and "Managers" in page
    login_as(Role.EXECUTIVE)
    assert client.get(f"/c/{tenant_a.slug}/hub-benchmarks/").status_code == 200


def test_differencing_two_pools_is_refused(tenant_a: Tenant, tenant_b: Tenant) -> None:
    """pool(A, B, C) then pool(A, B, C, D): the difference would be D's two 40–44s."""
    for n in range(3):
        released(tenant_a.hub, f"df-{n}", SMALL, seed=n)
    first = publish(tenant_a.hub)
    assert group(first, "age_band", "40-44")["shown"]
    shown_before = dict(first.groups[3])
    late = {"40-44": 2, "45-49": 10, "50-54": 9}
    late_co = released(tenant_a.hub, "df-late", late, seed=9)
    second = publish(tenant_a.hub)
    late_key = f"r{results.latest_released(db.session, [late_co.id])[late_co.id][0]}"
    for value, before in (("40-44", 9), ("45-49", 27)):
        # The late client's share would be the difference of the two pools (and its 45–49
        # with its own released "<=49" its two 40–44s): the group leaves it out, or is hidden.
        band = group(second, "age_band", value)
        assert not band["shown"] or band["respondents"] == before
        assert all(not m.startswith(late_key + "/") for m in members(second, value))
    assert group(second, "age_band", "50-54")["respondents"] == 24 + 9  # its own, published
    assert first.groups[3] == shown_before  # nothing un-released or changed
    # The same four clients pooled once, with no earlier pool: 40–44 is shown.
    for n in range(3):
        released(tenant_b.hub, f"dg-{n}", SMALL, seed=n)
    released(tenant_b.hub, "dg-late", late, seed=9)
    alone = publish(tenant_b.hub)
    assert group(alone, "age_band", "40-44")["shown"]
    assert group(alone, "age_band", "40-44")["respondents"] == 11


def test_a_pool_that_exposes_one_clients_band_is_refused(tenant_a: Tenant) -> None:
    """A and B show their 40–44; C's two 40–44s would be the pool minus A's and B's: the
    pooled 40–44 leaves C out."""
    a = released(tenant_a.hub, "ex-a", {"40-44": 6, "45-49": 8, "50-54": 7}, seed=1)
    b = released(tenant_a.hub, "ex-b", {"40-44": 7, "45-49": 6, "50-54": 8}, seed=2)
    c = released(tenant_a.hub, "ex-c", {"40-44": 2, "45-49": 9, "50-54": 9}, seed=3)
    for company, seen in ((a, 6), (b, 7)):  # their group covering 40–44 is their 40–44s
        assert own_band(company, "40-44")[1]["caregiver_share"].n == seen  # type: ignore[index]
    own = own_band(c, "40-44")
    assert own is None or own[1]["caregiver_share"].n > 2
    row = publish(tenant_a.hub)
    band = group(row, "age_band", "40-44")  # pooled over A and B only (their own, shown)
    c_key = f"r{results.latest_released(db.session, [c.id])[c.id][0]}"
    assert band["shown"] and band["respondents"] == 13 and band["clients"] == 2
    assert f"{c_key}/40-44" not in members(row, "40-44")
    # The audit itself, on the view as it would have been: it finds C's cells.
    sources = results.pool_sources(db.session, [a.id, c.id, *(
        x.id for x in tenants.hub_company_list(db.session, tenant_a.hub.id))])  # fmt: skip
    parts = [s.part for s in sources.values()]
    spec = ("age_band", "40-44", frozenset(results.prefixed(p.key, "40-44") for p in parts))
    found = results.parts_disclosure(parts, [results.View("try", (spec,), total=False)])
    key = sources[c.id].part.key
    assert found  # cells named by the audit's labels: all of them C's own (or the pool's)
    assert {v.split("/")[0] for cell in found for v in cell if "/" in v} == {key}


def test_hub_pages_are_scoped(
    client: Any, login_as: Any, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    for n in range(3):
        released(tenant_a.hub, f"sc-{n}", SMALL, seed=n)
    publish(tenant_a.hub)
    sign_in(client, tenant_b.users[Role.HUB_OPERATOR])
    assert client.get(f"/c/{tenant_a.slug}/hub-benchmarks/").status_code == 404
    page = client.get("/hub/benchmarks").get_data(as_text=True)
    assert "企業sc-0" not in page  # hub B's page: not hub A's pool
    tenant_b.company.hub_id = None  # a company outside any hub has no such page
    db.session.flush()
    sign_in(client, tenant_b.users[Role.HR_ADMIN], tenant_b.company)
    assert client.get(f"/c/{tenant_b.slug}/hub-benchmarks/").status_code == 404


def test_stored_pool_survives_threshold_changes(
    client: Any, login_as: Any, tenant_a: Tenant
) -> None:
    clients = [released(tenant_a.hub, f"th-{n}", SMALL, seed=n) for n in range(3)]
    login_as(Role.HUB_OPERATOR)
    assert client.post("/hub/benchmarks/pool").status_code == 302  # starts the hub job
    client.get("/hub/benchmarks")  # the flash message
    run = db.session.query(JobRun).filter_by(hub_id=tenant_a.hub.id, kind="hubs.pool").one()
    assert run.args == [tenant_a.hub.id]  # ids only
    db.session.refresh(run)
    assert run.status == "finished" and run.result["published"]  # run inline (no Redis)
    first = pooled.latest_pool(db.session, tenant_a.hub.id)
    assert first is not None
    stored = [dict(g) for g in first.groups]
    before = page(client, "/hub/benchmarks")
    for company in clients:
        company.anonymity_threshold = 8
    db.session.flush()
    assert page(client, "/hub/benchmarks") == before
    with pytest.raises(pool_publish.PoolError):  # nothing new released: the same pool again
        publish(tenant_a.hub)
    assert not pool_publish.publish_job(run.id, tenant_a.hub.id)["published"]
    released(tenant_a.hub, "th-late", {"40-44": 8, "45-49": 9, "50-54": 9}, threshold=8)
    second = publish(tenant_a.hub)
    assert second.threshold == 8 and second.id != first.id
    db.session.expire_all()
    assert [dict(g) for g in db.session.get(HubPool, first.id).groups] == stored
    assert len(pooled.pools(db.session, tenant_a.hub.id)) == 2


def test_too_few_clients_is_a_clear_refusal(client: Any, login_as: Any, tenant_a: Tenant) -> None:
    released(tenant_a.hub, "few-0", SMALL)
    with pytest.raises(pool_publish.PoolError, match="3"):
        publish(tenant_a.hub)
    login_as(Role.HUB_OPERATOR)
    page = client.post("/hub/benchmarks/pool", follow_redirects=True).get_data(as_text=True)
    assert "3社未満" in page
    assert pooled.latest_pool(db.session, tenant_a.hub.id) is None
    assert not db.session.query(JobRun).filter_by(hub_id=tenant_a.hub.id).count()


def test_a_pooled_release_takes_no_view_audited_without_the_pool(tenant_a: Tenant) -> None:
    """A later view of one release alone would not see the pool it is part of: refused."""
    clients = [released(tenant_a.hub, f"pv-{n}", SMALL, seed=n) for n in range(3)]
    survey_id = results.releases_for(db.session, clients[0].id)[-1].survey_id
    view = results.View("later", (("position", "all", frozenset({"manager", "non_manager"})),))
    results.publish_view(db.session, clients[0].id, survey_id, view)  # before: audited, fine
    publish(tenant_a.hub)
    with pytest.raises(results.ReleaseError, match="pooled"):
        results.publish_view(
            db.session, clients[0].id, survey_id, results.View("later-2", view.groups)
        )


def test_a_deleted_clients_share_stays_protected(tenant_a: Tenant) -> None:
    """pool(A, B, C, D), then D's company is deleted and E releases: a pool of A, B, C (and
    E, whose band is published) minus the first pool would be D's two 40–44s. The first
    pool keeps the audit's copy of D's release, so the later audit still sees it."""
    from hrcare.privacy import company as privacy_company

    clients = [released(tenant_a.hub, f"dl-{n}", SMALL, seed=n) for n in range(3)]
    gone = released(tenant_a.hub, "dl-gone", {"40-44": 2, "45-49": 10, "50-54": 9}, seed=9)
    first = publish(tenant_a.hub)
    assert group(first, "age_band", "40-44")["respondents"] == 11
    stored = {raw["key"] for raw in first.parts}
    gone_key = f"r{results.latest_released(db.session, [gone.id])[gone.id][0]}"
    assert gone_key in stored and "営業部" not in str(first.parts)  # departments coded
    privacy_company.purge_company(
        db.session, company=gone, confirm=gone.slug, actor_id=None, now=utcnow()
    )
    released(tenant_a.hub, "dl-new", {"40-44": 6, "45-49": 9, "50-54": 8}, seed=11)
    second = publish(tenant_a.hub)
    keys = {
        f"r{rid}" for rid, _s in results.latest_released(
            db.session, [c.id for c in clients]
        ).values()
    }  # fmt: skip
    band = group(second, "age_band", "40-44")
    pooled_keys = {m.split("/")[0] for m in members(second, "40-44")}
    assert not band["shown"] or not keys <= pooled_keys
    # Control: without the stored copy of D's release, A + B + C's 40–44 passes the audit.
    live = [p for p in pool_publish._earlier_parts([first], set()) if p.key != gone_key]
    spec = ("age_band", "40-44", frozenset(f"{k}/40-44" for k in keys))
    view = results.View("control", (spec,), total=False)
    assert results.parts_disclosure(live, [results.View.from_json(first.view), view]) is None
    with_gone = pool_publish._earlier_parts([first], set())
    assert results.parts_disclosure(with_gone, [results.View.from_json(first.view), view])
