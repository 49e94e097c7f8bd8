"""SECURITY.md items 1–2: every route × method is in the policy; the matrix holds."""

from __future__ import annotations

import pytest
from flask import Flask

from hrcare.core.policy import POLICY, allowed_roles, is_allowed
from hrcare.core.roles import ANONYMOUS, AUTHENTICATED, Role
from tests.conftest import Tenant, sign_in

KNOWN_ROLES = {r.value for r in Role} | {ANONYMOUS, AUTHENTICATED}


def registered_routes(app: Flask) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    }


def test_every_route_and_method_is_in_the_policy(app: Flask) -> None:
    unlisted = sorted(r for r in registered_routes(app) if allowed_roles(*r) is None)
    print(f"figure: unlisted routes = {len(unlisted)}")
    assert unlisted == []


def test_policy_lists_no_route_that_does_not_exist(app: Flask) -> None:
    routes = registered_routes(app)
    phantoms = sorted(
        (endpoint, method)
        for endpoint, methods in POLICY.items()
        for method in methods
        if (endpoint, method) not in routes
    )
    assert phantoms == []


def test_policy_names_only_known_roles(app: Flask) -> None:
    for endpoint, methods in POLICY.items():
        for method, allowed in methods.items():
            assert allowed <= KNOWN_ROLES, (endpoint, method)


def test_unlisted_route_is_denied(client, tenant_a: Tenant, monkeypatch) -> None:
    """Deny by default: a route whose policy entry is missing answers 403 to every role."""
    from hrcare.core import policy

    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    assert client.get(f"/c/{tenant_a.slug}/").status_code == 200
    monkeypatch.delitem(policy.POLICY, "dashboard.company")
    assert client.get(f"/c/{tenant_a.slug}/").status_code == 403


def test_is_allowed_semantics(app: Flask) -> None:
    assert is_allowed("auth.login", None)
    assert not is_allowed("auth.logout", None, "POST")
    assert is_allowed("auth.logout", Role.EMPLOYEE.value, "POST")
    assert not is_allowed("roster.index", Role.EMPLOYEE.value)
    assert not is_allowed("no.such.endpoint", Role.HR_ADMIN.value)


@pytest.mark.parametrize("role", list(Role))
def test_company_home_matrix(client, tenant_a: Tenant, tenant_b: Tenant, role: Role) -> None:
    """Own company: allowed roles 200; foreign company: 404 (never 403 or 200)."""
    sign_in(client, tenant_a.users[role], tenant_a.company)
    own = client.get(f"/c/{tenant_a.slug}/")
    foreign = client.get(f"/c/{tenant_b.slug}/")
    if role in (Role.PLATFORM_ADMIN, Role.HUB_CONSULTANT):  # no company place of their own
        assert own.status_code == 403 and foreign.status_code == 403
    else:
        assert own.status_code == 200, role
        assert foreign.status_code == 404
