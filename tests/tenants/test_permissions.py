"""Authorization matrix of the tenant routes: route × role × own/foreign tenant → status.

Allowed roles get the page (200) or, for a POST, the redirect after the change (302); any
other role is refused by the policy (403) before the tenant is looked at; an allowed role
asking for another company answers 404; anonymous visitors are sent to the login page.
"""

from __future__ import annotations

import pytest

from hrcare.core.roles import Role
from tests.conftest import Tenant, sign_in

PA, HUB, HR = Role.PLATFORM_ADMIN, Role.HUB_OPERATOR, Role.HR_ADMIN

# (method, path template, form data, roles allowed, expected status when allowed)
# ``{company}`` is tenant A's slug (own) or tenant B's (foreign); ``{user}`` is an account of
# the company in the URL (the toggle re-enables an active account: a harmless no-op).
ROUTES = [
    ("GET", "/admin/", None, {PA}, 200),
    ("GET", "/admin/hubs/new", None, {PA}, 200),
    ("POST", "/admin/hubs/new", {}, {PA}, 200),
    ("GET", "/admin/companies/new", None, {PA}, 200),
    ("POST", "/admin/companies/new", {}, {PA}, 200),
    ("GET", "/admin/users/new", None, {PA}, 200),
    ("POST", "/admin/users/new", {}, {PA}, 200),
    ("POST", "/admin/users/{user}/toggle", {"active": "1"}, {PA}, 302),
    ("GET", "/hub/", None, {HUB}, 200),
    ("GET", "/c/{company}/users", None, {HR}, 200),
    ("POST", "/c/{company}/users", {}, {HR}, 200),
    ("POST", "/c/{company}/users/{user}/toggle", {"active": "1"}, {HR}, 302),
    ("GET", "/c/{company}/settings", None, {HR}, 200),
    ("POST", "/c/{company}/settings", {}, {HR}, 200),
]
CASES = [
    pytest.param(method, path, data, allowed, ok, role, id=f"{method} {path} {role.value}")
    for method, path, data, allowed, ok in ROUTES
    for role in Role
]


def _request(client, method: str, path: str, data):
    return client.get(path) if method == "GET" else client.post(path, data=data or {})


@pytest.mark.parametrize(("method", "path", "data", "allowed", "ok", "role"), CASES)
def test_matrix(
    client, tenant_a: Tenant, tenant_b: Tenant, method, path, data, allowed, ok, role: Role
) -> None:
    sign_in(client, tenant_a.users[role], tenant_a.company)
    own = path.format(company=tenant_a.slug, user=tenant_a.users[Role.EMPLOYEE].id)
    status = _request(client, method, own, data).status_code
    assert status == (ok if role in allowed else 403)
    if "{company}" in path:
        foreign = path.format(company=tenant_b.slug, user=tenant_b.users[Role.EMPLOYEE].id)
        status = _request(client, method, foreign, data).status_code
        assert status == (404 if role in allowed else 403)


@pytest.mark.parametrize(("method", "path", "data"), [(m, p, d) for m, p, d, _, _ in ROUTES])
def test_anonymous_is_sent_to_login(client, tenant_a: Tenant, method, path, data) -> None:
    url = path.format(company=tenant_a.slug, user=tenant_a.users[Role.EMPLOYEE].id)
    response = _request(client, method, url, data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_hr_toggle_of_foreign_user_through_own_company_is_404(
    client, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    """Same route, own company in the URL, another company's account: still not found."""
    sign_in(client, tenant_a.users[HR])
    url = f"/c/{tenant_a.slug}/users/{tenant_b.users[Role.EMPLOYEE].id}/toggle"
    assert client.post(url, data={"active": "0"}).status_code == 404
