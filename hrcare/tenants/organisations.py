"""Hubs and companies: creating them, finding them, the platform's overview and a company's
settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.auth.services import User
from hrcare.core import audit, hooks
from hrcare.core.i18n import _l
from hrcare.tenants.errors import TenantError
from hrcare.tenants.models import AGE40_WINDOWS, MIN_ANONYMITY_THRESHOLD, Company, Hub
from hrcare.tenants.rules import (
    MAX_ANONYMITY_THRESHOLD,
    MAX_CONTACT_LENGTH,
    check_name,
    check_slug,
)


@dataclass(frozen=True)
class CompanyRow:
    company: Company
    employees: int


@dataclass(frozen=True)
class PlatformOverview:
    hubs: list[Hub]
    companies: list[CompanyRow]
    users: list[User]


def _new_place_name(
    session: Session, model: type[Hub] | type[Company], slug: str, name: str, taken: str
) -> str:
    """The checked name of a new hub or company whose slug is valid and not yet ``taken``."""
    check_slug(slug)
    name = check_name(name)
    if session.scalars(select(model).where(model.slug == slug)).first():
        raise TenantError(taken)
    return name


def _audit_company(session: Session, actor_id: int | None, company: Company, action: str) -> None:
    audit.record(
        session,
        actor_id=actor_id,
        company_id=company.id,
        action=action,
        object_type="company",
        object_id=company.id,
    )


def create_hub(session: Session, *, slug: str, name: str, actor_id: int | None = None) -> Hub:
    taken = _l("識別子「%(slug)s」のハブは既にあります。", slug=slug)
    hub = Hub(slug=slug, name=_new_place_name(session, Hub, slug, name, taken))
    session.add(hub)
    session.flush()
    audit.record(
        session,
        actor_id=actor_id,
        company_id=None,
        action="tenants.hub_create",
        object_type="hub",
        object_id=hub.id,
    )
    return hub


def create_company(
    session: Session, *, slug: str, name: str, hub: Hub | None = None, actor_id: int | None = None
) -> Company:
    taken = _l("識別子「%(slug)s」の企業は既にあります。", slug=slug)
    company = Company(slug=slug, name=_new_place_name(session, Company, slug, name, taken), hub=hub)
    session.add(company)
    session.flush()
    _audit_company(session, actor_id, company, "tenants.company_create")
    return company


def company_by_slug(session: Session, slug: str) -> Company:
    company = session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        raise TenantError(_l("識別子「%(slug)s」の企業はありません。", slug=slug))
    return company


def hub_by_slug(session: Session, slug: str) -> Hub:
    hub = session.scalars(select(Hub).where(Hub.slug == slug)).first()
    if hub is None:
        raise TenantError(_l("識別子「%(slug)s」のハブはありません。", slug=slug))
    return hub


def hub_by_id(session: Session, hub_id: int | None) -> Hub | None:
    return session.get(Hub, hub_id) if hub_id is not None else None


def all_hubs(session: Session) -> list[Hub]:
    return list(session.scalars(select(Hub).order_by(Hub.slug)))


def all_companies(session: Session) -> list[Company]:
    return list(session.scalars(select(Company).order_by(Company.slug)))


def any_company_exists(session: Session) -> bool:
    return session.scalars(select(Company.id).limit(1)).first() is not None


def _company_rows(session: Session, companies: list[Company]) -> list[CompanyRow]:
    ids = [c.id for c in companies]
    counts: dict[int, int] = hooks.call("roster.head_counts", session, ids) if ids else {}
    return [CompanyRow(company=c, employees=int(counts.get(c.id, 0))) for c in companies]


def platform_overview(session: Session) -> PlatformOverview:
    """Tenants and accounts only: head counts, never a roster or an answer."""
    users = list(session.scalars(select(User).order_by(User.email)))
    return PlatformOverview(
        hubs=all_hubs(session),
        companies=_company_rows(session, all_companies(session)),
        users=users,
    )


def hub_companies(session: Session, hub_id: int) -> list[CompanyRow]:
    companies = list(
        session.scalars(select(Company).where(Company.hub_id == hub_id).order_by(Company.slug))
    )
    return _company_rows(session, companies)


def company_rows(session: Session) -> list[CompanyRow]:
    return _company_rows(session, all_companies(session))


def update_company_settings(
    session: Session,
    *,
    actor_id: int | None,
    company: Company,
    name: str,
    anonymity_threshold: int,
    age40_window: str,
    consultation_contact: str,
) -> Company:
    """HR's company settings. The threshold never goes below 5 (the DB refuses it too)."""
    name = check_name(name)
    if anonymity_threshold < MIN_ANONYMITY_THRESHOLD:
        raise TenantError(
            _l(
                "匿名性の閾値は%(n)d未満にできません。回答者が少ない集計から個人が特定されるおそれがあるためです。",
                n=MIN_ANONYMITY_THRESHOLD,
            )
        )
    if anonymity_threshold > MAX_ANONYMITY_THRESHOLD:
        raise TenantError(_l("匿名性の閾値は%(n)d以下にしてください。", n=MAX_ANONYMITY_THRESHOLD))
    if age40_window not in AGE40_WINDOWS:
        raise TenantError(_l("40歳時の情報提供の期間を選択してください。"))
    contact = consultation_contact.strip().replace("\r\n", "\n")
    if len(contact) > MAX_CONTACT_LENGTH:
        raise TenantError(_l("相談窓口の案内は%(n)d文字以内にしてください。", n=MAX_CONTACT_LENGTH))
    company.name = name
    company.anonymity_threshold = anonymity_threshold
    company.age40_window = age40_window
    company.consultation_contact = contact
    session.flush()
    _audit_company(session, actor_id, company, "tenants.company_settings")
    return company
