"""Tenant services: creating hubs, companies and accounts; listing them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrcare.auth.models import User
from hrcare.core.roles import Role
from hrcare.roster.models import Employee
from hrcare.tenants.models import SLUG_PATTERN, Company, Hub


class TenantError(ValueError):
    """A tenant change that cannot be made; the message says why, in the user's language."""


@dataclass(frozen=True)
class CompanyRow:
    company: Company
    employees: int


@dataclass(frozen=True)
class PlatformOverview:
    hubs: list[Hub]
    companies: list[CompanyRow]
    users: list[User]


def _check_slug(slug: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise TenantError(f"識別子 {slug!r} は英小文字・数字・ハイフン（2〜63文字）で指定してください。")
    return slug


def create_hub(session: Session, *, slug: str, name: str) -> Hub:
    _check_slug(slug)
    if session.scalars(select(Hub).where(Hub.slug == slug)).first():
        raise TenantError(f"識別子 {slug!r} のハブは既にあります。")
    hub = Hub(slug=slug, name=name)
    session.add(hub)
    session.flush()
    return hub


def create_company(session: Session, *, slug: str, name: str, hub: Hub | None = None) -> Company:
    _check_slug(slug)
    if session.scalars(select(Company).where(Company.slug == slug)).first():
        raise TenantError(f"識別子 {slug!r} の企業は既にあります。")
    company = Company(slug=slug, name=name, hub=hub)
    session.add(company)
    session.flush()
    return company


def company_by_slug(session: Session, slug: str) -> Company:
    company = session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        raise TenantError(f"識別子 {slug!r} の企業はありません。")
    return company


def hub_by_slug(session: Session, slug: str) -> Hub:
    hub = session.scalars(select(Hub).where(Hub.slug == slug)).first()
    if hub is None:
        raise TenantError(f"識別子 {slug!r} のハブはありません。")
    return hub


def _company_rows(session: Session, companies: list[Company]) -> list[CompanyRow]:
    counts = dict(
        session.execute(
            select(Employee.company_id, func.count())
            .where(Employee.left_at.is_(None))
            .group_by(Employee.company_id)
        ).all()
    )
    return [CompanyRow(company=c, employees=int(counts.get(c.id, 0))) for c in companies]


def platform_overview(session: Session) -> PlatformOverview:
    hubs = list(session.scalars(select(Hub).order_by(Hub.slug)))
    companies = list(session.scalars(select(Company).order_by(Company.slug)))
    users = list(session.scalars(select(User).order_by(User.role, User.email)))
    return PlatformOverview(hubs=hubs, companies=_company_rows(session, companies), users=users)


def hub_companies(session: Session, hub_id: int) -> list[CompanyRow]:
    companies = list(session.scalars(select(Company).where(Company.hub_id == hub_id).order_by(Company.slug)))
    return _company_rows(session, companies)


def create_user(
    session: Session,
    *,
    email: str,
    role: Role,
    name: str = "",
    company: Company | None = None,
    hub: Hub | None = None,
    password_hash: str | None = None,
) -> User:
    email = email.strip().lower()
    if session.scalars(select(User).where(func.lower(User.email) == email)).first():
        raise TenantError(f"メールアドレス {email} のアカウントは既にあります。")
    if role == Role.HUB_OPERATOR and hub is None:
        raise TenantError("ハブ運営者にはハブの指定が必要です。")
    if role not in (Role.PLATFORM_ADMIN, Role.HUB_OPERATOR) and company is None:
        raise TenantError("企業のアカウントには企業の指定が必要です。")
    user = User(
        email=email,
        name=name,
        role=role.value,
        company_id=company.id if company and role not in (Role.PLATFORM_ADMIN, Role.HUB_OPERATOR) else None,
        hub_id=hub.id if hub and role == Role.HUB_OPERATOR else None,
        password_hash=password_hash,
    )
    session.add(user)
    session.flush()
    return user
