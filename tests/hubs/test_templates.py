"""Hub templates: clients inherit the survey variant, the directory entries and the report
cover; a client's HR admins may override them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from hrcare.consultations.directory import visible_entries
from hrcare.consultations.directory_models import OutsideService
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.hubs import inherit
from hrcare.surveys.models import Survey
from hrcare.tenants import services as tenants
from tests.conftest import Tenant, sign_in

TEMPLATE = {
    "survey_title": "ハブ標準の両立調査",
    "survey_title_en": "Hub survey",
    "questions": "在宅勤務を使いたいですか | Would you use telework?\n介護の研修に出たいですか",
    "report_cover": "○○県両立支援ハブが作成しました。",
    "report_cover_en": "Prepared by the hub.",
}


def _first_wave(client, slug: str) -> None:  # type: ignore[no-untyped-def]
    closes = (date.today() + timedelta(days=10)).isoformat()
    response = client.post(
        "/hub/waves", data={"company": [slug], "title": "x", "closes_on": closes}
    )
    assert response.status_code == 302


def _survey(company_id: int) -> Survey:
    return db.session.scalars(select(Survey).where(Survey.company_id == company_id)).one()


def test_clients_inherit_the_survey_variant_and_may_override_it(  # type: ignore[no-untyped-def]
    client, login_as, tenant_a: Tenant, make_employee
):
    one = tenants.create_company(db.session, slug="co-t1", name="継承する会社", hub=tenant_a.hub)
    two = tenants.create_company(db.session, slug="co-t2", name="変更する会社", hub=tenant_a.hub)
    for company in (one, two):
        for _ in range(6):
            make_employee(company)
    login_as(Role.HUB_OPERATOR)
    assert client.get("/hub/template").status_code == 200
    assert client.post("/hub/template", data=TEMPLATE).status_code == 302

    hr = tenants.create_user(
        db.session, email="hr@co-t2.example.jp", role=Role.HR_ADMIN, name="人事", company=two
    )
    sign_in(client, hr)
    page = client.get("/c/co-t2/hub-template/").get_data(as_text=True)
    assert "在宅勤務を使いたいですか" in page and tenant_a.hub.name in page
    response = client.post(
        "/c/co-t2/hub-template/", data={"survey_title": "当社の調査", "report_cover": "当社版"}
    )
    assert response.status_code == 302
    assert inherit.report_cover(db.session, two, "ja") == "当社版"
    assert inherit.report_cover(db.session, one, "ja") == TEMPLATE["report_cover"]
    assert inherit.report_cover(db.session, one, "en") == "Prepared by the hub."

    login_as(Role.HUB_OPERATOR)
    _first_wave(client, "co-t1")
    _first_wave(client, "co-t2")
    inherited, overridden = _survey(one.id), _survey(two.id)
    assert inherited.title == "ハブ標準の両立調査" and inherited.title_en == "Hub survey"
    extra = [q for q in inherited.questions if not q.is_core]
    assert [q.text_ja for q in extra] == ["在宅勤務を使いたいですか", "介護の研修に出たいですか"]
    assert extra[0].text_en == "Would you use telework?"
    assert overridden.title == "当社の調査"
    assert [q for q in overridden.questions if not q.is_core] == []  # the box left unticked


def test_the_hubs_directory_entries_reach_its_clients_only(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    login_as(Role.HUB_OPERATOR)
    response = client.post(
        "/hub/directory",
        data={"name": "ハブ提携の介護相談", "categories": ["housing"], "contact": "0120-000-000"},
    )
    assert response.status_code == 302
    entry = db.session.scalars(
        select(OutsideService).where(OutsideService.name == "ハブ提携の介護相談")
    ).one()
    assert entry.scope == "hub" and entry.hub_id == tenant_a.hub.id
    seen_a = {e.name for e in visible_entries(db.session, tenant_a.company.id, tenant_a.hub.id)}
    seen_b = {e.name for e in visible_entries(db.session, tenant_b.company.id, tenant_b.hub.id)}
    assert "ハブ提携の介護相談" in seen_a and "ハブ提携の介護相談" not in seen_b
    sign_in(client, tenant_b.users[Role.HUB_OPERATOR])
    assert client.post(f"/hub/directory/{entry.id}/delete").status_code == 404
    login_as(Role.HUB_OPERATOR)
    assert client.post(f"/hub/directory/{entry.id}/delete").status_code == 302
    assert db.session.get(OutsideService, entry.id) is None


def test_template_pages_in_english(client, login_as, tenant_a: Tenant) -> None:
    login_as(Role.HUB_OPERATOR)
    client.post("/language", data={"locale": "en", "next": "/hub/template"})
    assert "Template for client companies" in client.get("/hub/template").get_data(as_text=True)
    login_as(Role.HR_ADMIN)
    page = client.get(f"/c/{tenant_a.slug}/hub-template/").get_data(as_text=True)
    assert "Settings from the hub" in page
