"""HR admin: the company's accounts (invite, link to the roster, disable) and its settings."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hrcare.auth.models import User
from hrcare.core.audit import AuditEvent
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant, held, sign_in
from tests.tenants.conftest import live_sessions, signed_out, user_by_email


def _invite(client, slug: str, **data: str):
    form = {"email": "", "name": "", "role": "employee", "employee_number": ""}
    form.update(data)
    return client.post(f"/c/{slug}/users", data=form)


def test_list_shows_only_own_company_accounts(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    login_as(Role.HR_ADMIN)
    page = client.get(f"/c/{tenant_a.slug}/users").get_data(as_text=True)
    assert tenant_a.users[Role.EMPLOYEE].email in page
    assert tenant_b.users[Role.EMPLOYEE].email not in page
    assert tenant_a.users[Role.HUB_OPERATOR].email not in page  # not a company account


@pytest.mark.parametrize("role", ["executive", "consultation_staff", "employee", "hr_admin"])
def test_hr_invites_company_accounts(
    client, login_as, tenant_a: Tenant, sent_mail, role: str
) -> None:
    login_as(Role.HR_ADMIN)
    response = _invite(client, tenant_a.slug, email="sato@a.example.jp", name="佐藤 浩", role=role)
    assert response.status_code == 302
    user = user_by_email("sato@a.example.jp")
    assert user is not None
    assert held(user) == [(role, tenant_a.company.id, None)] and user.password_hash is None
    assert [m.to for m in sent_mail] == ["sato@a.example.jp"]


@pytest.mark.parametrize("role", ["platform_admin", "hub_operator", "superuser"])
def test_hr_cannot_invite_platform_or_hub_roles(
    client, login_as, tenant_a: Tenant, sent_mail, role: str
) -> None:
    login_as(Role.HR_ADMIN)
    response = _invite(client, tenant_a.slug, email="x@a.example.jp", role=role)
    assert response.status_code == 200
    assert user_by_email("x@a.example.jp") is None and sent_mail == []


def test_employee_account_is_linked_by_employee_number(
    client, login_as, tenant_a: Tenant, make_employee
) -> None:
    employee = make_employee(tenant_a.company, employee_number="A-100")
    login_as(Role.HR_ADMIN)
    assert (
        _invite(
            client, tenant_a.slug, email="e100@a.example.jp", employee_number="A-100"
        ).status_code
        == 302
    )
    assert user_by_email("e100@a.example.jp").employee_id == employee.id
    page = client.get(f"/c/{tenant_a.slug}/users").get_data(as_text=True)
    assert "A-100" in page
    # One account per roster employee.
    response = _invite(client, tenant_a.slug, email="e100b@a.example.jp", employee_number="A-100")
    assert response.status_code == 200 and "既にアカウントがあります" in response.get_data(
        as_text=True
    )
    assert user_by_email("e100b@a.example.jp") is None


def test_employee_number_of_another_company_is_not_found(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant, make_employee, sent_mail
) -> None:
    make_employee(tenant_b.company, employee_number="B-7")
    login_as(Role.HR_ADMIN)
    response = _invite(client, tenant_a.slug, email="b7@a.example.jp", employee_number="B-7")
    assert response.status_code == 200
    assert "社員番号「B-7」の従業員は名簿にありません" in response.get_data(as_text=True)
    assert user_by_email("b7@a.example.jp") is None and sent_mail == []


def test_employee_number_only_for_employee_accounts(
    client, login_as, tenant_a: Tenant, make_employee
) -> None:
    make_employee(tenant_a.company, employee_number="A-1")
    login_as(Role.HR_ADMIN)
    response = _invite(
        client, tenant_a.slug, email="ex@a.example.jp", role="executive", employee_number="A-1"
    )
    assert response.status_code == 200
    assert "従業員アカウントの場合だけ" in response.get_data(as_text=True)
    assert user_by_email("ex@a.example.jp") is None


def test_hr_disables_an_account_and_its_sessions_end(
    client, other_client, login_as, tenant_a: Tenant
) -> None:
    victim = tenant_a.users[Role.EMPLOYEE]
    sign_in(other_client, victim)
    assert other_client.get(f"/c/{tenant_a.slug}/").status_code == 200
    hr = login_as(Role.HR_ADMIN)
    response = client.post(f"/c/{tenant_a.slug}/users/{victim.id}/toggle", data={"active": "0"})
    assert response.status_code == 302
    db.session.refresh(victim)
    assert victim.is_active is False and live_sessions(victim.id) == []
    assert signed_out(other_client.get(f"/c/{tenant_a.slug}/"))
    audit = db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_id == str(victim.id))
    ).all()
    assert any(e.actor_id == hr.id and e.action == "auth.disabled" for e in audit)


def test_hr_cannot_reach_another_company_account(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    login_as(Role.HR_ADMIN)
    victim = tenant_b.users[Role.EMPLOYEE]
    # Through their own company's URL, and through the other company's URL: both 404.
    assert (
        client.post(
            f"/c/{tenant_a.slug}/users/{victim.id}/toggle", data={"active": "0"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/c/{tenant_b.slug}/users/{victim.id}/toggle", data={"active": "0"}
        ).status_code
        == 404
    )
    # Neither a hub operator nor a platform admin is a company account.
    hub_user = tenant_a.users[Role.HUB_OPERATOR]
    assert (
        client.post(
            f"/c/{tenant_a.slug}/users/{hub_user.id}/toggle", data={"active": "0"}
        ).status_code
        == 404
    )
    db.session.refresh(victim)
    db.session.refresh(hub_user)
    assert victim.is_active and hub_user.is_active


def test_hr_cannot_disable_themselves(client, login_as, tenant_a: Tenant) -> None:
    hr = login_as(Role.HR_ADMIN)
    response = client.post(
        f"/c/{tenant_a.slug}/users/{hr.id}/toggle", data={"active": "0"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "自分のアカウントは無効にできません" in response.get_data(as_text=True)
    db.session.refresh(hr)
    assert hr.is_active is True


def test_hr_can_disable_another_hr_admin(client, login_as, tenant_a: Tenant) -> None:
    login_as(Role.HR_ADMIN)
    _invite(client, tenant_a.slug, email="hr2@a.example.jp", role="hr_admin")
    other = user_by_email("hr2@a.example.jp")
    assert (
        client.post(f"/c/{tenant_a.slug}/users/{other.id}/toggle", data={"active": "0"}).status_code
        == 302
    )
    db.session.refresh(other)
    assert other.is_active is False


# --- settings --------------------------------------------------------------------------------


def _settings(client, slug: str, **data: str):
    form = {
        "name": "株式会社A",
        "anonymity_threshold": "5",
        "age40_window": "fiscal_year",
        "consultation_contact": "",
    }
    form.update(data)
    return client.post(f"/c/{slug}/settings", data=form)


def test_settings_are_saved(client, login_as, tenant_a: Tenant) -> None:
    login_as(Role.HR_ADMIN)
    page = client.get(f"/c/{tenant_a.slug}/settings").get_data(as_text=True)
    assert tenant_a.company.name in page and "40歳の誕生日から1年間" in page
    response = _settings(
        client,
        tenant_a.slug,
        name="株式会社エー",
        anonymity_threshold="8",
        age40_window="one_year",
        consultation_contact="人事部 相談窓口\r\n内線 123",
    )
    assert response.status_code == 302
    db.session.refresh(tenant_a.company)
    company = tenant_a.company
    assert (company.name, company.anonymity_threshold, company.age40_window) == (
        "株式会社エー",
        8,
        "one_year",
    )
    assert company.consultation_contact == "人事部 相談窓口\n内線 123"


@pytest.mark.parametrize("value", ["4", "0", "-5"])
def test_threshold_below_five_is_refused(client, login_as, tenant_a: Tenant, value: str) -> None:
    login_as(Role.HR_ADMIN)
    response = _settings(client, tenant_a.slug, anonymity_threshold=value)
    assert response.status_code == 200
    assert "匿名性の閾値は5以上にしてください" in response.get_data(as_text=True)
    db.session.refresh(tenant_a.company)
    assert tenant_a.company.anonymity_threshold == 5


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "整数で入力してください"),
        ("5.5", "整数で入力してください"),
        ("", "匿名性の閾値を整数で入力してください"),
    ],
)
def test_threshold_must_be_a_whole_number(
    client, login_as, tenant_a: Tenant, value: str, message: str
) -> None:
    login_as(Role.HR_ADMIN)
    response = _settings(client, tenant_a.slug, anonymity_threshold=value)
    assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_unknown_age40_window_is_refused(client, login_as, tenant_a: Tenant) -> None:
    login_as(Role.HR_ADMIN)
    assert _settings(client, tenant_a.slug, age40_window="calendar_year").status_code == 200
    db.session.refresh(tenant_a.company)
    assert tenant_a.company.age40_window == "fiscal_year"


def test_database_refuses_threshold_below_five(tenant_a: Tenant) -> None:
    nested = db.session.begin_nested()
    tenant_a.company.anonymity_threshold = 4
    with pytest.raises(IntegrityError):
        db.session.flush()
    nested.rollback()


def test_settings_of_another_company_are_not_found(
    client, login_as, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    login_as(Role.HR_ADMIN)
    assert client.get(f"/c/{tenant_b.slug}/settings").status_code == 404
    assert _settings(client, tenant_b.slug, name="乗っ取り").status_code == 404
    db.session.refresh(tenant_b.company)
    assert tenant_b.company.name != "乗っ取り"


def test_accounts_count_users_of_the_right_company(tenant_a: Tenant, tenant_b: Tenant) -> None:
    from hrcare.tenants import services

    rows = services.company_accounts(db.session, tenant_a.company.id)
    company_roles = {"hr_admin", "executive", "consultation_staff", "employee"}
    assert {r.user.id for r in rows} == {tenant_a.users[Role(r)].id for r in company_roles}
    assert all(isinstance(r.user, User) and len(r.roles) == 1 for r in rows)


def test_settings_page_in_english(client, login_as, tenant_a: Tenant) -> None:
    login_as(Role.HR_ADMIN)
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get(f"/c/{tenant_a.slug}/settings").get_data(as_text=True)
    assert "Anonymity threshold" in page and "One year from the 40th birthday" in page
    response = _settings(client, tenant_a.slug, anonymity_threshold="3")
    assert "must be at least 5" in response.get_data(as_text=True)
