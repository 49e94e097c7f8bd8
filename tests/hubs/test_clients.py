"""Onboarding a client from the hub, a wave for several clients (all or none), and a client
leaving the hub (access ends at once). A company the hub does not manage answers 404."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from hrcare.auth.models import Membership, User
from hrcare.core.audit import AuditEvent
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.roster.models import Employee
from hrcare.surveys.models import Survey
from hrcare.tenants import services as tenants
from hrcare.tenants.models import Company
from tests.conftest import Tenant, sign_in


def _surveys(company_id: int) -> list[Survey]:
    return list(db.session.scalars(select(Survey).where(Survey.company_id == company_id)))


def _client(tenant: Tenant, slug: str, make_employee, employees: int = 6) -> Company:  # type: ignore[no-untyped-def]
    company = tenants.create_company(db.session, slug=slug, name=f"会社{slug}", hub=tenant.hub)
    for n in range(employees):
        make_employee(company, email=f"{slug}{n}@example.jp")
    return company


def test_onboarding_creates_the_client_invites_hr_and_imports_the_roster(
    client, login_as, tenant_a: Tenant
) -> None:
    login_as(Role.HUB_OPERATOR)
    assert client.get("/hub/clients/new").status_code == 200
    response = client.post(
        "/hub/clients/new",
        data={
            "name": "新規工業株式会社",
            "slug": "shinki",
            "hr_name": "人事 花子",
            "hr_email": "hr@shinki.example.jp",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert "/hub/clients/shinki/roster" in response.location
    company = db.session.scalars(select(Company).where(Company.slug == "shinki")).one()
    assert company.hub_id == tenant_a.hub.id
    hr = db.session.scalars(select(User).where(User.email == "hr@shinki.example.jp")).one()
    assert [(m.role, m.company_id) for m in hr.memberships] == [("hr_admin", company.id)]
    assert db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.company_id == company.id, AuditEvent.action == "hubs.client_onboard")
    )

    # A file with an error: nothing imported, the row and column named.
    bad = "社員番号,氏名,部署,生年月日\nE1,山田,営業部,1980-01-01\nE2,佐藤,営業部,1980-02-30\n"
    response = client.post(
        "/hub/clients/shinki/roster",
        data={"file": (io.BytesIO(bad.encode("cp932")), "roster.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "3 行目" in page and "生年月日" in page
    assert "/commit" not in page
    good = "社員番号,氏名,部署,生年月日\n" + "".join(
        f"E{n},社員{n},営業部,198{n}-04-01\n" for n in range(6)
    )
    response = client.post(
        "/hub/clients/shinki/roster",
        data={"file": (io.BytesIO(good.encode("utf-8")), "roster.csv")},
        content_type="multipart/form-data",
    )
    preview = response.location
    assert "追加される従業員" in client.get(preview).get_data(as_text=True)
    assert client.post(preview + "/commit").status_code == 302
    count = db.session.scalar(select(func.count()).where(Employee.company_id == company.id))
    assert count == 6
    # From now on the roster is the HR admin's: the hub's import is closed.
    assert client.get("/hub/clients/shinki/roster").status_code == 302


def test_duplicate_slug_or_name_is_refused_with_a_message_and_no_change(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    login_as(Role.HUB_OPERATOR)
    before = db.session.scalar(select(func.count()).select_from(Company))
    for name, slug in ((tenant_b.company.name, "fresh-slug"), ("全く新しい会社", tenant_b.slug)):
        response = client.post(
            "/hub/clients/new",
            data={"name": name, "slug": slug, "hr_email": "x@new.example.jp"},
            follow_redirects=True,
        )
        assert "既にあります" in response.get_data(as_text=True), response.get_data(as_text=True)[
            1500:
        ]
    assert db.session.scalar(select(func.count()).select_from(Company)) == before
    assert db.session.scalars(select(User).where(User.email == "x@new.example.jp")).first() is None
    client.post("/language", data={"locale": "en", "next": "/hub/"})
    response = client.post(
        "/hub/clients/new",
        data={"name": "x", "slug": tenant_b.slug, "hr_email": "x@new.example.jp"},
        follow_redirects=True,
    )
    assert "already exists" in response.get_data(as_text=True)


def test_a_wave_opens_in_every_client_ticked(client, login_as, tenant_a: Tenant, make_employee):  # type: ignore[no-untyped-def]
    one = _client(tenant_a, "co-w1", make_employee)
    two = _client(tenant_a, "co-w2", make_employee)
    login_as(Role.HUB_OPERATOR)
    closes = (date.today() + timedelta(days=14)).isoformat()
    response = client.post(
        "/hub/waves", data={"company": ["co-w1", "co-w2"], "title": "両立調査", "closes_on": closes}
    )
    assert response.status_code == 302
    for company in (one, two):
        (survey,) = _surveys(company.id)
        assert survey.status == "open" and survey.title == "両立調査"
        assert db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.company_id == company.id, AuditEvent.action == "hubs.wave_open")
        )
    # A second batch: the clients already have a wave open → refused whole.
    response = client.post(
        "/hub/waves", data={"company": ["co-w1"], "title": "x", "closes_on": closes}
    )
    assert response.status_code == 400 and len(_surveys(one.id)) == 1


def test_a_batch_with_a_foreign_company_changes_nothing(  # type: ignore[no-untyped-def]
    client, login_as, tenant_a: Tenant, tenant_b: Tenant, make_employee
):
    mine = _client(tenant_a, "co-w3", make_employee)
    make_employee(tenant_b.company)
    login_as(Role.HUB_OPERATOR)
    closes = (date.today() + timedelta(days=14)).isoformat()
    for foreign in (tenant_b.slug, "no-such-company"):
        response = client.post(
            "/hub/waves", data={"company": ["co-w3", foreign], "title": "x", "closes_on": closes}
        )
        assert response.status_code == 404
    assert _surveys(mine.id) == [] and _surveys(tenant_b.company.id) == []
    # A client with nobody to invite fails the batch whole, naming the company.
    _client(tenant_a, "co-empty", make_employee, employees=0)
    response = client.post(
        "/hub/waves", data={"company": ["co-w3", "co-empty"], "title": "x", "closes_on": closes}
    )
    assert response.status_code == 400 and "会社co-empty" in response.get_data(as_text=True)
    assert _surveys(mine.id) == []


def test_leaving_the_hub_ends_its_access_at_once(
    client, login_as, tenant_a: Tenant, make_employee
) -> None:
    company = _client(tenant_a, "co-leave", make_employee)
    consultant = tenant_a.users[Role.HUB_CONSULTANT]
    tenants.assign_hub_consultant(db.session, consultant=consultant, company=company)
    operator = sign_in(client, tenant_a.users[Role.HUB_OPERATOR], company)  # entered the client
    assert client.get(f"/c/{company.slug}/").status_code == 200
    assert client.get("/hub/clients/co-leave/leave").status_code == 200
    assert client.post("/hub/clients/co-leave/leave", data={}).status_code == 200  # unconfirmed
    response = client.post("/hub/clients/co-leave/leave", data={"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Company, company.id).hub_id is None
    assert (
        db.session.scalars(
            select(Membership).where(
                Membership.company_id == company.id, Membership.user_id == consultant.id
            )
        ).first()
        is None
    )
    assert client.get(f"/c/{company.slug}/").status_code == 404
    assert "会社co-leave" not in client.get("/hub/").get_data(as_text=True)
    assert client.get("/hub/clients/co-leave/leave").status_code == 404
    assert operator.id  # the operator keeps the hub
    events = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.company_id == company.id)
    ).all()
    assert "hubs.client_leave" in events


def test_routes_on_a_company_the_hub_does_not_manage_answer_404(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    login_as(Role.HUB_OPERATOR)
    for url in (f"/hub/clients/{tenant_b.slug}/roster", f"/hub/clients/{tenant_b.slug}/leave"):
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/hub/clients/{tenant_b.slug}/leave", data={"confirm": "y"}).status_code == 404
    )
    assert client.get(f"/hub/clients/{tenant_b.slug}/roster/1").status_code == 404
    db.session.expire_all()
    assert db.session.get(Company, tenant_b.company.id).hub_id == tenant_b.hub.id


def test_offboarding_export_holds_aggregates_only_and_is_audited(  # type: ignore[no-untyped-def]
    client, login_as, tenant_a: Tenant, tenant_b: Tenant, make_employee
):
    import zipfile

    from hrcare.loss import estimates
    from tests.surveys.results.conftest import SurveyFactory, simple_org

    company = tenant_a.company
    for n in range(3):
        make_employee(company, name=f"個人名{n}")
    factory = SurveyFactory()
    survey = factory.survey(company, status="closed")
    factory.populate(company, survey, simple_org({"営業部": 12}))
    estimates.store_estimate(db.session, company, today=date.today(), now=datetime.now(UTC))
    login_as(Role.HUB_OPERATOR)
    assert client.get(f"/hub/clients/{company.slug}/export.zip").status_code == 405
    response = client.post(f"/hub/clients/{company.slug}/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as zf:
        assert set(zf.namelist()) == {"client.csv", "waves.csv", "loss_estimate.csv"}
        text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    assert company.name in text and "個人名" not in text
    assert len(text.splitlines()) >= 6  # headers and one row each
    assert (
        "hubs.client_export"
        in db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.company_id == company.id)
        ).all()
    )
    assert client.post(f"/hub/clients/{tenant_b.slug}/export.zip").status_code == 404


def test_the_hub_roster_upload_checks_the_file_as_the_roster_import_does(  # type: ignore[no-untyped-def]
    app, client, login_as, tenant_a: Tenant, make_employee, monkeypatch
):
    """One set of checks (``roster.services.file_field``/``read_file``): the same messages on
    the hub's onboarding upload as on the HR admin's import, and nothing stored."""
    import dataclasses

    from hrcare.roster.models import RosterUpload

    company = _client(tenant_a, "co-file", make_employee, employees=0)
    url = "/hub/clients/co-file/roster"
    login_as(Role.HUB_OPERATOR)
    for data, fragment in (
        (
            {"file": (io.BytesIO(b"x"), "roster.pdf")},
            "CSV（.csv）または Excel（.xlsx）を選んでください。",
        ),
        ({}, "ファイルを選んでください。"),
    ):
        response = client.post(url, data=data, content_type="multipart/form-data")
        assert response.status_code == 200 and fragment in response.get_data(as_text=True)
    settings = app.extensions["hrcare.settings"]
    monkeypatch.setitem(
        app.extensions, "hrcare.settings", dataclasses.replace(settings, upload_max_bytes=1024)
    )
    big = "社員番号,氏名,部署,生年月日\n" + "".join(
        f"E{n},社員{n},営業部,1980-04-01\n" for n in range(100)
    )
    response = client.post(
        url,
        data={"file": (io.BytesIO(big.encode()), "roster.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "上限 1 KB" in response.get_data(as_text=True)
    assert (
        db.session.scalars(select(RosterUpload).where(RosterUpload.company_id == company.id)).all()
        == []
    )


def test_a_client_that_left_before_the_batch_fails_it_whole(  # type: ignore[no-untyped-def]
    client, login_as, tenant_a: Tenant, make_employee
):
    """A client leaving mid-batch: the operator ticked it on a page loaded before it left.
    The batch reads and locks its companies first (``FOR UPDATE`` on PostgreSQL, so a leave
    that starts while the batch runs waits for the batch's commit); a company no longer the
    hub's makes the whole batch a 404 and no other client gets a wave."""
    stays = _client(tenant_a, "co-stay", make_employee)
    leaves = _client(tenant_a, "co-gone", make_employee)
    login_as(Role.HUB_OPERATOR)
    page = client.get("/hub/").get_data(as_text=True)
    assert "co-gone" in page and "co-stay" in page  # the operator's page lists both
    assert client.post("/hub/clients/co-gone/leave", data={"confirm": "y"}).status_code == 302
    closes = (date.today() + timedelta(days=14)).isoformat()
    response = client.post(
        "/hub/waves", data={"company": ["co-stay", "co-gone"], "title": "x", "closes_on": closes}
    )
    assert response.status_code == 404
    assert _surveys(stays.id) == [] and _surveys(leaves.id) == []
    # Without it, the batch goes through for the client that stayed.
    response = client.post(
        "/hub/waves", data={"company": ["co-stay"], "title": "x", "closes_on": closes}
    )
    assert response.status_code == 302 and len(_surveys(stays.id)) == 1
