"""Platform admin pages: hubs, companies, accounts; validation; disabling ends sessions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.tenants import services as tenants
from hrcare.tenants.models import Company, Hub
from tests.conftest import Tenant, held, sign_in
from tests.tenants.conftest import live_sessions, signed_out, user_by_email


def _hub(slug: str) -> Hub | None:
    return db.session.scalars(select(Hub).where(Hub.slug == slug)).first()


def _company(slug: str) -> Company | None:
    return db.session.scalars(select(Company).where(Company.slug == slug)).first()


def test_overview_lists_tenants_and_accounts_but_no_roster(
    client, login_as, tenant_a: Tenant, make_employee
) -> None:
    make_employee(tenant_a.company, name="名簿太郎")
    login_as(Role.PLATFORM_ADMIN)
    page = client.get("/admin/").get_data(as_text=True)
    assert tenant_a.company.name in page and tenant_a.hub.name in page
    assert tenant_a.users[Role.EMPLOYEE].email in page
    assert "名簿太郎" not in page  # platform admins see head counts, never the roster


def test_create_hub(client, login_as) -> None:
    login_as(Role.PLATFORM_ADMIN)
    response = client.post("/admin/hubs/new", data={"slug": "tokai-hub", "name": "東海ハブ"})
    assert response.status_code == 302
    hub = _hub("tokai-hub")
    assert hub is not None and hub.name == "東海ハブ"


def test_hub_slug_is_validated(client, login_as) -> None:
    login_as(Role.PLATFORM_ADMIN)
    for bad in ("Tokai", "tokai hub", "-tokai", "tokai-", "t", "東海"):
        response = client.post("/admin/hubs/new", data={"slug": bad, "name": "東海ハブ"})
        assert response.status_code == 200
        assert "識別子は英小文字・数字・ハイフン" in response.get_data(as_text=True)
        assert _hub(bad) is None


def test_duplicate_hub_slug_is_refused(client, login_as, tenant_a: Tenant) -> None:
    login_as(Role.PLATFORM_ADMIN)
    response = client.post("/admin/hubs/new", data={"slug": tenant_a.hub.slug, "name": "別のハブ"})
    assert response.status_code == 200
    assert "既にあります" in response.get_data(as_text=True)
    assert _hub(tenant_a.hub.slug).name == tenant_a.hub.name


def test_create_company_with_and_without_hub(client, login_as, tenant_a: Tenant) -> None:
    login_as(Role.PLATFORM_ADMIN)
    assert (
        client.post(
            "/admin/companies/new",
            data={"slug": "sakura", "name": "さくら工業", "hub": str(tenant_a.hub.id)},
        ).status_code
        == 302
    )
    assert (
        client.post(
            "/admin/companies/new", data={"slug": "solo", "name": "独立商事", "hub": ""}
        ).status_code
        == 302
    )
    assert _company("sakura").hub_id == tenant_a.hub.id
    assert _company("solo").hub_id is None


def test_company_with_unknown_hub_is_refused(client, login_as) -> None:
    login_as(Role.PLATFORM_ADMIN)
    response = client.post(
        "/admin/companies/new", data={"slug": "sakura", "name": "さくら工業", "hub": "999999"}
    )
    assert response.status_code == 200
    assert _company("sakura") is None


def _new_company(slug: str = "co-new") -> Company:
    company = tenants.create_company(db.session, slug=slug, name="新会社")
    db.session.flush()
    return company


def test_create_user_sends_invitation(client, login_as, tenant_a: Tenant, sent_mail) -> None:
    login_as(Role.PLATFORM_ADMIN)
    company = _new_company()
    response = client.post(
        "/admin/users/new",
        data={
            "email": "New.HR@a.example.jp",
            "name": "新人事",
            "role": "hr_admin",
            "company": str(company.id),
            "hub": "",
        },
    )
    assert response.status_code == 302
    user = user_by_email("new.hr@a.example.jp")
    assert (
        user is not None
        and held(user) == [("hr_admin", company.id, None)]
        and user.password_hash is None
    )
    assert [m.to for m in sent_mail] == ["new.hr@a.example.jp"]
    assert "/invitation/" in sent_mail[0].body


def test_create_hub_operator_needs_a_hub(client, login_as, tenant_a: Tenant, sent_mail) -> None:
    login_as(Role.PLATFORM_ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "email": "op@hub.example.jp",
            "role": "hub_operator",
            "company": str(tenant_a.company.id),
            "hub": "",
        },
    )
    assert response.status_code == 200
    assert "ハブ運営者にはハブを選択してください" in response.get_data(as_text=True)
    assert user_by_email("op@hub.example.jp") is None and sent_mail == []
    response = client.post(
        "/admin/users/new",
        data={
            "email": "op@hub.example.jp",
            "role": "hub_operator",
            "company": "",
            "hub": str(tenant_a.hub.id),
        },
    )
    assert response.status_code == 302
    assert held(user_by_email("op@hub.example.jp")) == [("hub_operator", None, tenant_a.hub.id)]


def test_company_account_needs_a_company(client, login_as) -> None:
    login_as(Role.PLATFORM_ADMIN)
    response = client.post(
        "/admin/users/new",
        data={"email": "x@y.example.jp", "role": "employee", "company": "", "hub": ""},
    )
    assert response.status_code == 200
    assert "企業を選択してください" in response.get_data(as_text=True)
    assert user_by_email("x@y.example.jp") is None


def test_duplicate_email_is_refused(client, login_as, tenant_a: Tenant, sent_mail) -> None:
    login_as(Role.PLATFORM_ADMIN)
    existing = tenant_a.users[Role.EMPLOYEE].email
    response = client.post(
        "/admin/users/new",
        data={
            "email": existing.upper(),
            "role": "hr_admin",
            "company": str(_new_company().id),
            "hub": "",
        },
    )
    assert response.status_code == 200
    assert "既にあります" in response.get_data(as_text=True)
    assert sent_mail == []


def test_disabling_a_user_ends_their_sessions(
    client, other_client, login_as, tenant_a: Tenant
) -> None:
    victim = tenant_a.users[Role.HR_ADMIN]
    sign_in(other_client, victim)
    assert other_client.get(f"/c/{tenant_a.slug}/").status_code == 200
    login_as(Role.PLATFORM_ADMIN)
    response = client.post(f"/admin/users/{victim.id}/toggle", data={"active": "0"})
    assert response.status_code == 302
    db.session.refresh(victim)
    assert victim.is_active is False
    assert live_sessions(victim.id) == []
    assert signed_out(other_client.get(f"/c/{tenant_a.slug}/"))
    # Enabling again does not revive the old session: the user signs in anew.
    assert client.post(f"/admin/users/{victim.id}/toggle", data={"active": "1"}).status_code == 302
    db.session.refresh(victim)
    assert victim.is_active is True
    assert signed_out(other_client.get(f"/c/{tenant_a.slug}/"))


def test_toggle_is_idempotent(client, login_as, tenant_a: Tenant) -> None:
    victim = tenant_a.users[Role.EMPLOYEE]
    login_as(Role.PLATFORM_ADMIN)
    for _ in range(2):
        assert (
            client.post(f"/admin/users/{victim.id}/toggle", data={"active": "0"}).status_code == 302
        )
    db.session.refresh(victim)
    assert victim.is_active is False


def test_admin_cannot_disable_themselves(client, login_as) -> None:
    admin = login_as(Role.PLATFORM_ADMIN)
    response = client.post(
        f"/admin/users/{admin.id}/toggle", data={"active": "0"}, follow_redirects=True
    )
    assert "自分のアカウントは無効にできません" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.is_active is True


def test_toggle_unknown_user_is_404_and_bad_form_is_400(client, login_as) -> None:
    login_as(Role.PLATFORM_ADMIN)
    assert client.post("/admin/users/999999/toggle", data={"active": "0"}).status_code == 404
    admin = login_as(Role.PLATFORM_ADMIN)
    assert (
        client.post(f"/admin/users/{admin.id}/toggle", data={"active": "maybe"}).status_code == 400
    )


def test_admin_forms_need_csrf(client, login_as, app, monkeypatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    login_as(Role.PLATFORM_ADMIN)
    assert client.post("/admin/hubs/new", data={"slug": "csrf-hub", "name": "x"}).status_code == 400
    assert _hub("csrf-hub") is None


def test_hub_home_lists_client_companies_with_counts(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant, make_employee
) -> None:
    for _ in range(3):
        make_employee(tenant_a.company)
    login_as(Role.HUB_OPERATOR)
    page = client.get("/hub/").get_data(as_text=True)
    assert tenant_a.company.name in page and f"/c/{tenant_a.slug}/" in page
    assert tenant_b.company.name not in page  # another hub's client
    assert ">3<" in page


@pytest.mark.parametrize("role", ["hr_admin", "executive", "employee", "consultation_staff"])
def test_platform_admin_cannot_add_accounts_to_a_company_with_an_hr_admin(
    client, login_as, tenant_a: Tenant, sent_mail, role
) -> None:
    """Otherwise a platform admin invites themselves as HR admin and reads the answers."""
    login_as(Role.PLATFORM_ADMIN)
    response = client.post(
        "/admin/users/new",
        data={
            "email": "me@platform.example.jp",
            "role": role,
            "company": str(tenant_a.company.id),
            "hub": "",
        },
    )
    assert response.status_code == 200
    assert "人事管理者が招待します" in response.get_data(as_text=True)
    assert user_by_email("me@platform.example.jp") is None and sent_mail == []


def test_first_hr_admin_made_by_the_platform_is_shown_to_the_company(
    client, login_as, sent_mail
) -> None:
    company = _new_company()
    login_as(Role.PLATFORM_ADMIN)
    data = {
        "email": "first@new.example.jp",
        "role": "hr_admin",
        "company": str(company.id),
        "hub": "",
    }
    assert client.post("/admin/users/new", data=data).status_code == 302
    second = {**data, "email": "second@new.example.jp"}
    assert client.post("/admin/users/new", data=second).status_code == 200
    assert user_by_email("second@new.example.jp") is None
    first = user_by_email("first@new.example.jp")
    client.post("/logout")
    sign_in(client, first)
    page = client.get(f"/c/{company.slug}/users").get_data(as_text=True)
    assert "運営事務局が作成したアカウント" in page and "first@new.example.jp" in page


@pytest.mark.parametrize(
    "name", ["株式会社A\r\nBcc: x@evil.example", "改行\n社", "タブ\t社", "A\u2028B"]
)
def test_company_name_with_a_line_break_is_refused(client, login_as, name) -> None:
    """The name goes into every mail of the company: a line break would make each job fail."""
    login_as(Role.PLATFORM_ADMIN)
    response = client.post(
        "/admin/companies/new", data={"slug": "co-crlf", "name": name, "hub": ""}
    )
    assert response.status_code == 200
    assert "制御文字は使えません" in response.get_data(as_text=True)
    assert _company("co-crlf") is None
