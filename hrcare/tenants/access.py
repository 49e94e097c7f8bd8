"""Which company a signed-in user may reach: their own; a hub operator, its clients."""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import select

from hrcare.core.roles import Role
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.tenants.models import Company


def reachable(user: Any, company: Company) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == Role.HUB_OPERATOR:
        return company.hub_id is not None and company.hub_id == user.hub_id
    if user.role == Role.PLATFORM_ADMIN:
        return False  # platform admins manage tenants, they do not read a company's data
    return user.company_id == company.id


def resolve_company(slug: str, user: Any) -> Company:
    """Set the tenant for this request, or answer 404 for a company the user cannot reach."""
    company = db.session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None or not reachable(user, company):
        abort(404)
    set_current_company(db.session, company)
    return company
