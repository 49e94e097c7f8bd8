"""SECURITY.md items 1–2, generated: every route × method of ``app.url_map`` × every kind of
membership × own / same-company-other / foreign objects, on SQLite and PostgreSQL.

Nothing here lists routes by hand. The routes come from the app, the expectation from the
policy (``core.policy``) applied to the roles each persona holds in the place, the objects
from ``matrix_objects`` (a route with an argument nobody registered fails). A case is
*reached* when the view ran (anything but 403/404/405, a redirect to the login page, or the
redirect that sends a hub operator to enter a client explicitly). An *unexpected allow* is a
reached case the policy or the object rules deny, or any reached foreign object.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from hrcare.auth.models import User
from hrcare.core.policy import allowed_roles, is_allowed
from hrcare.core.roles import ANONYMOUS, Role
from hrcare.extensions import db
from hrcare.tenants import services as tenants
from tests.conftest import Tenant, sign_in
from tests.security.matrix_objects import FACTORIES, World

PA, HUB, HUBC = Role.PLATFORM_ADMIN.value, Role.HUB_OPERATOR.value, Role.HUB_CONSULTANT.value
HR, EXEC, STAFF, EMP = (
    Role.HR_ADMIN.value,
    Role.EXECUTIVE.value,
    Role.CONSULTATION_STAFF.value,
    Role.EMPLOYEE.value,
)


@dataclass(frozen=True)
class Persona:
    """A kind of membership: who signs in, and the roles the policy should see.

    ``company_roles``: roles inside tenant A (company URLs); ``place_roles``: roles on the
    pages outside any company (the place in force)."""

    name: str
    build: Callable[[World], tuple[User | None, object]]  # (user, company entered or None)
    company_roles: frozenset[str]
    place_roles: frozenset[str]


def _single(role: Role) -> Callable[[World], tuple[User | None, object]]:
    return lambda world: (world.a.users[role], world.a.company)


def _hr_and_desk(world: World) -> tuple[User | None, object]:
    hr = world.a.users[Role.HR_ADMIN]
    tenants.add_membership(
        db.session, user=hr, role=Role.CONSULTATION_STAFF, company=world.a.company
    )
    return hr, None


def _hub_consultant_in_two_clients(world: World) -> tuple[User | None, object]:
    user = world.a.users[Role.HUB_CONSULTANT]
    second = tenants.create_company(
        db.session, slug="co-a-second", name="株式会社A2", hub=world.a.hub
    )
    for company in (world.a.company, second):
        tenants.assign_hub_consultant(db.session, consultant=user, company=company)
    return user, None


def _hub_operator_not_entered(world: World) -> tuple[User | None, object]:
    return world.a.users[Role.HUB_OPERATOR], None


def _hub_consultant_unassigned(world: World) -> tuple[User | None, object]:
    return world.a.users[Role.HUB_CONSULTANT], None


def _roles(*names: str) -> frozenset[str]:
    return frozenset(names)


PERSONAS = [
    Persona("anonymous", lambda world: (None, None), _roles(), _roles()),
    Persona("platform_admin", _single(Role.PLATFORM_ADMIN), _roles(), _roles(PA)),
    Persona("hub_operator_in_client", _single(Role.HUB_OPERATOR), _roles(HUB), _roles(HUB)),
    Persona("hub_operator_at_hub", _hub_operator_not_entered, _roles(), _roles(HUB)),
    Persona("hub_consultant_unassigned", _hub_consultant_unassigned, _roles(), _roles()),
    Persona(
        "hub_consultant_two_clients", _hub_consultant_in_two_clients, _roles(STAFF), _roles(STAFF)
    ),
    Persona("hr_admin", _single(Role.HR_ADMIN), _roles(HR), _roles(HR)),
    Persona("executive", _single(Role.EXECUTIVE), _roles(EXEC), _roles(EXEC)),
    Persona("consultation_staff", _single(Role.CONSULTATION_STAFF), _roles(STAFF), _roles(STAFF)),
    Persona("employee", _single(Role.EMPLOYEE), _roles(EMP), _roles(EMP)),
    Persona("hr_admin_and_desk", _hr_and_desk, _roles(HR, STAFF), _roles(HR, STAFF)),
]


@dataclass(frozen=True)
class Case:
    endpoint: str
    method: str
    url: str
    variant: str  # own | other | foreign_object | foreign_company
    expected: bool  # may the view run?


def _routes(app: Flask) -> list[tuple[object, str]]:
    return sorted(
        (
            (rule, method)
            for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods or ())
            if method not in {"HEAD", "OPTIONS"}
        ),
        key=lambda rm: (rm[0].rule, rm[1]),  # type: ignore[attr-defined]
    )


def _cases(app: Flask, world: World, persona: Persona, signed_in: bool) -> list[Case]:
    cases = []
    for rule, method in _routes(app):
        endpoint = rule.endpoint  # type: ignore[attr-defined]
        args = sorted(rule.arguments)  # type: ignore[attr-defined]
        missing = [a for a in args if a != "company" and a not in FACTORIES]
        assert not missing, f"register a factory for {missing} in tests/security/matrix_objects.py"
        company_route = "company" in args
        objects = [a for a in args if a != "company" and FACTORIES[a].per_company]
        roles = persona.company_roles if company_route else persona.place_roles
        allowed = is_allowed(endpoint, roles if signed_in else None, method)
        variants = [("own", world.a, 0, True)]
        if company_route:
            hidden = any(roles & FACTORIES[a].hidden_from_others for a in objects)
            if objects:
                variants.append(("other", world.a, 1, not hidden))
                variants.append(("foreign_object", world.b, 0, False))
            variants.append(("foreign_company", world.b, 0, False))
        for variant, owner, index, permitted in variants:
            values = {
                a: world.value(a, owner if FACTORIES[a].per_company else world.a, index)
                for a in args
                if a != "company"
            }
            if company_route:
                values["company"] = (world.b if variant == "foreign_company" else world.a).slug
            url = rule.build(values, append_unknown=False)[1]  # type: ignore[attr-defined]
            cases.append(Case(endpoint, method, url, variant, allowed and permitted))
    return cases


def _reached(status: int, location: str) -> bool:
    if status in (403, 404, 405):
        return False
    if status in (301, 302, 303, 307, 308):
        path = location.split("?", 1)[0]
        if path.endswith(("/login", "/hub/")):
            return False
    return True


@dataclass
class Outcome:
    tally: Counter[str]
    unexpected: list[str]
    errors: list[str]


def _run(
    app: Flask,
    client: FlaskClient,
    world: World,
    persona: Persona,
    only: Callable[[Case], bool] = lambda case: True,
) -> Outcome:
    user, entered = persona.build(world)
    db.session.flush()
    outcome = Outcome(Counter(), [], [])
    for case in _cases(app, world, persona, signed_in=user is not None):
        if not only(case):
            continue
        public = ANONYMOUS in (allowed_roles(case.endpoint, case.method) or ())
        if user is not None:
            sign_in(client, user, entered)  # afresh each time: a POST may end the session
        response = client.open(case.url, method=case.method, data={})
        outcome.tally["cases"] += 1
        if response.status_code >= 500:
            outcome.errors.append(f"{case.method} {case.url}: {response.status_code}")
            continue
        reached = _reached(response.status_code, response.headers.get("Location", ""))
        if public:
            outcome.tally["public"] += 1
            continue
        if reached and not case.expected:
            outcome.unexpected.append(
                f"{case.method} {case.url} ({case.variant}): {response.status_code}"
            )
        key = "expected allows reached" if reached and case.expected else "denied"
        outcome.tally[key] += 1
    return outcome


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_generated_authorization_matrix(
    app: Flask, client: FlaskClient, tenant_a: Tenant, tenant_b: Tenant, persona: Persona
) -> None:
    outcome = _run(app, client, World(tenant_a, tenant_b), persona)
    tally = outcome.tally
    print(
        f"figure: matrix persona={persona.name} cases run={tally['cases']} "
        f"unexpected allows={len(outcome.unexpected)} expected allows reached="
        f"{tally['expected allows reached']} denied={tally['denied']} public={tally['public']}"
    )
    assert outcome.errors == []
    assert outcome.unexpected == []
    if persona.name != "anonymous":
        assert tally["expected allows reached"] > 0  # the matrix is not vacuous


def test_the_matrix_catches_a_leak(
    app: Flask, client: FlaskClient, tenant_a: Tenant, tenant_b: Tenant, monkeypatch
) -> None:
    """Negative control: a place resolver that lets a company's member into any company is
    reported as unexpected allows on the foreign company's pages."""
    from hrcare.core.actor import Actor
    from hrcare.tenants import places

    honest = places._company_actor

    def leaky(user, company, in_force):  # type: ignore[no-untyped-def]
        first = user.memberships[0]
        return honest(user, company, in_force) or Actor(
            user.id, first.role, company.id, membership_id=first.id, company_slug=company.slug
        )

    monkeypatch.setattr(places, "_company_actor", leaky)
    persona = next(p for p in PERSONAS if p.name == "hr_admin")
    outcome = _run(
        app,
        client,
        World(tenant_a, tenant_b),
        persona,
        only=lambda case: case.variant == "foreign_company" and case.method == "GET",
    )
    print(f"figure: matrix negative control unexpected allows={len(outcome.unexpected)}")
    assert len(outcome.unexpected) > 10
