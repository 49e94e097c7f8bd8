"""People with several roles in several places (issue 7): two roles in one company, a hub
consultant in two client companies, switching the place in force (good, forged, foreign),
and a hub operator's explicit, audited switch into a client."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hrcare.auth.models import UserSession
from hrcare.core.audit import AuditEvent
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.tenants import services as tenants
from tests.conftest import Tenant, held, sign_in


def _place(user_id: int) -> tuple[int | None, int | None]:
    row = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user_id).order_by(UserSession.created_at)
    ).all()[-1]
    db.session.refresh(row)
    return row.membership_id, row.client_company_id


def _switch(client, membership: object, company: str = ""):  # type: ignore[no-untyped-def]
    return client.post("/places/switch", data={"membership": membership, "company": company})


@pytest.fixture
def consultant(tenant_a: Tenant, make_employee):  # type: ignore[no-untyped-def]
    """A hub consultant of hub A assigned to two of its client companies."""
    second = tenants.create_company(db.session, slug="co-a2", name="株式会社A2", hub=tenant_a.hub)
    user = tenants.create_user(
        db.session, email="soudan@hub-a.example.jp", role=Role.HUB_CONSULTANT, hub=tenant_a.hub
    )
    tenants.assign_hub_consultant(db.session, consultant=user, company=tenant_a.company)
    tenants.assign_hub_consultant(db.session, consultant=user, company=second)
    db.session.flush()
    return user, second


def test_two_roles_in_one_company_have_both(client, tenant_a: Tenant) -> None:
    hr = tenant_a.users[Role.HR_ADMIN]
    tenants.add_membership(
        db.session, user=hr, role=Role.CONSULTATION_STAFF, company=tenant_a.company
    )
    sign_in(client, hr)
    page = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    # HR's panels and the consultation desk's, on one page (union of roles in the place).
    assert "法定の対応" in page and "相談窓口" in page
    assert client.get(f"/c/{tenant_a.slug}/roster/").status_code == 200
    # Only one place, so no switcher in the header.
    assert 'name="membership"' not in page
    # The account list shows both roles on one row.
    users = client.get(f"/c/{tenant_a.slug}/users").get_data(as_text=True)
    assert "人事担当者・相談窓口担当者" in users


def test_the_same_role_twice_in_one_place_is_refused(tenant_a: Tenant) -> None:
    with pytest.raises(tenants.TenantError):
        tenants.add_membership(
            db.session,
            user=tenant_a.users[Role.EMPLOYEE],
            role=Role.EMPLOYEE,
            company=tenant_a.company,
        )


def test_hub_consultant_works_in_two_clients(
    client, tenant_a: Tenant, tenant_b: Tenant, consultant
) -> None:  # type: ignore[no-untyped-def]
    user, second = consultant
    sign_in(client, user)
    home = client.get("/", follow_redirects=True)
    page = home.get_data(as_text=True)
    assert home.status_code == 200 and "相談窓口" in page
    assert 'name="membership"' in page  # two places: the header offers the switch
    for slug in (tenant_a.slug, second.slug):
        assert client.get(f"/c/{slug}/").status_code == 200
        assert client.get(f"/c/{slug}/roster/").status_code == 403  # a desk, not HR
        assert client.get(f"/c/{slug}/surveys/results/").status_code == 403  # no aggregates
    assert client.get(f"/c/{tenant_b.slug}/").status_code == 404
    assert client.get("/hub/").status_code == 403  # the hub's aggregates are the operator's


def test_hub_consultant_cannot_be_assigned_outside_its_hub(
    tenant_a: Tenant, tenant_b: Tenant, consultant
) -> None:  # type: ignore[no-untyped-def]
    user, _ = consultant
    with pytest.raises(tenants.TenantError):
        tenants.assign_hub_consultant(db.session, consultant=user, company=tenant_b.company)


def test_switching_to_an_own_place(client, tenant_a: Tenant, consultant) -> None:  # type: ignore[no-untyped-def]
    user, second = consultant
    sign_in(client, user)
    target = next(m for m in user.memberships if m.company_id == second.id)
    response = _switch(client, target.id)
    assert response.status_code == 302
    assert client.get("/").headers["Location"].endswith(f"/c/{second.slug}/")
    assert _place(user.id) == (target.id, None)


@pytest.mark.parametrize("forged", ["0", "-1", "abc", "99999999999", ""])
def test_forged_membership_ids_are_404_and_change_nothing(
    client, tenant_a: Tenant, consultant, forged: str
) -> None:  # type: ignore[no-untyped-def]
    user, _ = consultant
    sign_in(client, user)
    before = _place(user.id)
    assert _switch(client, forged).status_code == 404
    assert _place(user.id) == before


def test_someone_elses_membership_is_404_and_changes_nothing(
    client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    user = tenant_a.users[Role.EMPLOYEE]
    sign_in(client, user)
    before = _place(user.id)
    for other in (tenant_b.users[Role.HR_ADMIN], tenant_a.users[Role.HR_ADMIN]):
        assert _switch(client, other.memberships[0].id).status_code == 404
    assert _place(user.id) == before
    assert client.get(f"/c/{tenant_a.slug}/roster/").status_code == 403


def test_hub_operator_enters_a_client_explicitly_and_it_is_audited(
    client, tenant_a: Tenant
) -> None:
    operator = tenant_a.users[Role.HUB_OPERATOR]
    sign_in(client, operator)
    url = f"/c/{tenant_a.slug}/surveys/results/"
    # Not entered yet: sent to the hub page, where entering is a button.
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"].endswith("/hub/")
    hub_page = client.get("/hub/").get_data(as_text=True)
    assert f'name="company" value="{tenant_a.slug}"' in hub_page
    membership = operator.memberships[0]
    response = _switch(client, membership.id, tenant_a.slug)
    assert response.status_code == 302
    assert _place(operator.id) == (membership.id, tenant_a.company.id)
    assert client.get(url).status_code == 200
    assert client.get(f"/c/{tenant_a.slug}/roster/").status_code == 403  # aggregates only
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "tenants.enter_client")
    ).all()
    assert [(e.actor_id, e.company_id, e.object_id) for e in events] == [
        (operator.id, tenant_a.company.id, str(tenant_a.hub.id))
    ]


def test_hub_operator_cannot_enter_an_unmanaged_company(
    client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    operator = tenant_a.users[Role.HUB_OPERATOR]
    sign_in(client, operator)
    before = _place(operator.id)
    membership = operator.memberships[0]
    assert _switch(client, membership.id, tenant_b.slug).status_code == 404
    assert _switch(client, membership.id, "no-such-company").status_code == 404
    assert _place(operator.id) == before
    assert client.get(f"/c/{tenant_b.slug}/").status_code == 404
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "tenants.enter_client")
    ).all()


def test_a_company_member_cannot_name_a_client(client, tenant_a: Tenant) -> None:
    """Only a hub operator's membership enters a client; HR naming a company is a 404."""
    hr = tenant_a.users[Role.HR_ADMIN]
    sign_in(client, hr)
    assert _switch(client, hr.memberships[0].id, tenant_a.slug).status_code == 404


def test_a_client_leaving_the_hub_ends_the_entry(client, tenant_a: Tenant) -> None:
    operator = tenant_a.users[Role.HUB_OPERATOR]
    sign_in(client, operator, tenant_a.company)
    assert client.get(f"/c/{tenant_a.slug}/").status_code == 200
    tenant_a.company.hub_id = None
    db.session.flush()
    assert client.get(f"/c/{tenant_a.slug}/").status_code == 404


def test_hr_gives_a_member_a_second_role_without_a_new_account(
    client, tenant_a: Tenant, tenant_b: Tenant, sent_mail
) -> None:
    hr = tenant_a.users[Role.HR_ADMIN]
    sign_in(client, hr)
    form = {"email": hr.email.upper(), "name": "", "role": "consultation_staff"}
    response = client.post(f"/c/{tenant_a.slug}/users", data=form, follow_redirects=True)
    assert "役割を追加しました" in response.get_data(as_text=True)
    assert held(hr) == [
        ("hr_admin", tenant_a.company.id, None),
        ("consultation_staff", tenant_a.company.id, None),
    ]
    assert sent_mail == []
    # Once more: already held, refused with a message; another company's person: refused.
    again = client.post(f"/c/{tenant_a.slug}/users", data=form).get_data(as_text=True)
    assert "既にこの役割を持っています" in again
    outsider = tenant_b.users[Role.EMPLOYEE]
    form = {"email": outsider.email, "name": "", "role": "executive"}
    page = client.post(f"/c/{tenant_a.slug}/users", data=form).get_data(as_text=True)
    assert "既にあります" in page
    assert held(outsider) == [("employee", tenant_b.company.id, None)]


def test_navigation_shows_what_the_place_in_force_allows(
    client, tenant_a: Tenant, consultant
) -> None:  # type: ignore[no-untyped-def]
    user, second = consultant
    sign_in(client, user)
    page = client.get("/account/password").get_data(as_text=True)  # a page outside any company
    nav = page.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/c/{tenant_a.slug}/"' in nav  # home of the place in force
    assert "調査結果" not in nav and "従業員名簿" not in nav and "支援先企業" not in nav
    target = next(m for m in user.memberships if m.company_id == second.id)
    _switch(client, target.id)
    page = client.get("/account/password").get_data(as_text=True)
    nav = page.split('class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/c/{second.slug}/"' in nav and f"/c/{tenant_a.slug}/" not in nav
