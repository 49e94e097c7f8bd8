"""Writes the generated demo data: tenants through the tenants services, rosters in bulk.

Nothing here commits; the command commits once at the end, so a failed load leaves nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from hrcare.auth.services import Membership, User, hash_password, verify_password
from hrcare.checklists.demo import seed_demo_plan
from hrcare.consultations.demo import seed_demo_consultations
from hrcare.core.db import utcnow
from hrcare.core.roles import Role
from hrcare.demo.generator import DemoData
from hrcare.demo.specs import COMPANIES, HUB, PLATFORM_ADMIN_EMAIL
from hrcare.roster.services import Employee
from hrcare.surveys.demo import seed_demo_surveys
from hrcare.tenants import services as tenants
from hrcare.tenants.services import Company, Hub

# A published demo password: it is printed by ``hrcare demo credentials`` and in the README.
# 19 characters and not a common password, so it passes the password rules like any other.
DEMO_PASSWORD = "ryouritsu-demo-2025"  # noqa: S105 - a deliberately public demo credential

# ---------------------------------------------------------------------------------------------
# EXTRA_SEEDERS: other features' demo data, run for each demo company after its roster is in.
# Each is ``seeder(session, company, *, today, rng) -> None``; it may flush but never commit.
# The lead registers them here (e.g. demo surveys); keep this list free of anything else.
Seeder = Callable[..., None]
EXTRA_SEEDERS: list[Seeder] = [seed_demo_surveys, seed_demo_plan, seed_demo_consultations]
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadSummary:
    companies: int
    employees: int
    accounts: int


@dataclass(frozen=True)
class Credential:
    role: str
    email: str
    name: str
    scope: str  # the company or hub name
    held: tuple[tuple[str, str], ...] = ()  # every (role, place name) the person holds


def load(session: Session, data: DemoData, *, seeders: list[Seeder] | None = None) -> LoadSummary:
    """Create the demo hub, companies, rosters and accounts. Raises ``TenantError`` if a slug or
    e-mail is already taken (the caller then commits nothing)."""
    hub = tenants.create_hub(session, slug=data.hub.slug, name=data.hub.name)
    companies: dict[str, Company] = {}
    employees = 0
    now = utcnow()
    for demo in data.companies:
        spec = demo.spec
        company = tenants.create_company(
            session, slug=spec.slug, name=spec.name, hub=hub if spec.hub_slug == hub.slug else None
        )
        tenants.update_company_settings(
            session,
            actor_id=None,
            company=company,
            name=spec.name,
            anonymity_threshold=spec.anonymity_threshold,
            age40_window=spec.age40_window,
            consultation_contact=spec.consultation_contact,
        )
        companies[spec.slug] = company
        rows: list[dict[str, Any]] = [
            {
                "company_id": company.id,
                "employee_number": e.employee_number,
                "name": e.name,
                "department": e.department,
                "birth_date": e.birth_date,
                "hire_date": e.hire_date,
                "is_manager": e.is_manager,
                "employment_type": e.employment_type,
                "email": e.email,
                "created_at": now,
                "updated_at": now,
            }
            for e in demo.employees
        ]
        if rows:
            session.execute(insert(Employee), rows)
        employees += len(rows)
    session.flush()
    password_hash = hash_password(DEMO_PASSWORD)
    for account in data.accounts:
        company = companies.get(account.company_slug or "")
        employee = None
        if account.employee_number and company is not None:
            employee = tenants.roster_employee(session, company, account.employee_number)
        user = tenants.create_user(
            session,
            email=account.email,
            role=Role(account.role),
            name=account.name,
            company=company,
            hub=hub if account.hub_slug == hub.slug else None,
            password_hash=password_hash,
            employee=employee,
        )
        for role, slug in account.also:
            if account.role == Role.HUB_CONSULTANT:
                tenants.assign_hub_consultant(session, consultant=user, company=companies[slug])
            else:
                tenants.add_membership(session, user=user, role=Role(role), company=companies[slug])
    for demo in data.companies:
        rng = random.Random(f"{data.seed}:{demo.spec.slug}:extra")
        for seeder in EXTRA_SEEDERS if seeders is None else seeders:
            seeder(session, companies[demo.spec.slug], today=data.today, rng=rng)
    session.flush()
    return LoadSummary(companies=len(companies), employees=employees, accounts=len(data.accounts))


def credentials(session: Session) -> list[Credential]:
    """The demo accounts that still sign in with the demo password, in role order.

    Each one is checked against its stored hash, so an account whose password was changed
    is not listed with a password that no longer works.
    """
    slugs = [spec.slug for spec in COMPANIES]
    demo_members = (
        select(Membership.user_id)
        .outerjoin(Company, Membership.company_id == Company.id)
        .outerjoin(Hub, Membership.hub_id == Hub.id)
        .where(Company.slug.in_(slugs) | (Hub.slug == HUB.slug))
    )
    users = session.scalars(
        select(User)
        .where((User.email == PLATFORM_ADMIN_EMAIL) | User.id.in_(demo_members))
        .where(User.is_active.is_(True), User.password_hash.is_not(None))
    ).all()
    order = {role.value: i for i, role in enumerate(Role)}
    company_order = {slug: i for i, slug in enumerate(slugs)}

    def _key(user: User) -> tuple[int, int, str]:
        first = user.primary
        company = first.company if first is not None else None
        return (
            company_order.get(company.slug, -1) if company is not None else -1,
            order[first.role] if first is not None else -1,
            user.email,
        )

    rows = []
    for user in sorted(users, key=_key):
        if user.primary is None or not verify_password(user.password_hash, DEMO_PASSWORD):
            continue
        held = tuple(
            (m.role, (m.company or m.hub).name if (m.company or m.hub) else "")
            for m in user.memberships
        )
        rows.append(
            Credential(
                role=held[0][0], email=user.email, name=user.name, scope=held[0][1], held=held
            )
        )
    return rows
