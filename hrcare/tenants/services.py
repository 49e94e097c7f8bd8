"""Tenant services: hubs, companies, their settings, and the accounts that belong to them.

Messages of ``TenantError`` are lazy strings: they are rendered in the reader's language
when shown (a page, or the command line under the default locale), not when raised.
Account e-mails (invitations) and session revocation belong to ``hrcare.auth.services``;
these functions decide *whether* an account change is allowed and then delegate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hrcare.auth import services as auth_services
from hrcare.auth.services import Membership, User
from hrcare.core import audit, hooks
from hrcare.core.clock import jst_date
from hrcare.core.i18n import _l
from hrcare.core.roles import COMPANY_ROLES, Role
from hrcare.tenants.errors import TenantError
from hrcare.tenants.memberships import add_membership, assign_hub_consultant, check_place
from hrcare.tenants.models import (
    AGE40_WINDOWS,
    MIN_ANONYMITY_THRESHOLD,
    SLUG_PATTERN,
    Company,
    Hub,
)

if TYPE_CHECKING:
    from hrcare.roster.models import Employee

__all__ = ["TenantError", "add_membership", "assign_hub_consultant"]  # with what follows

MAX_NAME_LENGTH = 200
MAX_ANONYMITY_THRESHOLD = 1000
MAX_CONTACT_LENGTH = 2000
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# The roles an HR admin may invite into their own company (never a platform or hub role).
PLATFORM_CREATED = "tenants.account_create_by_platform"
HR_INVITABLE_ROLES: tuple[Role, ...] = (
    Role.HR_ADMIN,
    Role.EXECUTIVE,
    Role.CONSULTATION_STAFF,
    Role.EMPLOYEE,
)

# How each role is named on pages and in command output.
ROLE_LABELS = {
    Role.PLATFORM_ADMIN: _l("プラットフォーム管理者"),
    Role.HUB_OPERATOR: _l("ハブ運営者"),
    Role.HUB_CONSULTANT: _l("ハブ相談員"),
    Role.HR_ADMIN: _l("人事担当者"),
    Role.EXECUTIVE: _l("経営者・役員"),
    Role.CONSULTATION_STAFF: _l("相談窓口担当者"),
    Role.EMPLOYEE: _l("従業員"),
}


@dataclass(frozen=True)
class CompanyRow:
    company: Company
    employees: int


@dataclass(frozen=True)
class PlatformOverview:
    hubs: list[Hub]
    companies: list[CompanyRow]
    users: list[User]


# --- validation ----------------------------------------------------------------------------


def _check_slug(slug: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise TenantError(
            _l(
                "識別子「%(slug)s」は英小文字・数字・ハイフン（2〜63文字、先頭と末尾は英数字）で指定してください。",
                slug=slug,
            )
        )
    return slug


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise TenantError(_l("名称を入力してください。"))
    if len(name) > MAX_NAME_LENGTH:
        raise TenantError(_l("名称は%(n)d文字以内にしてください。", n=MAX_NAME_LENGTH))
    _check_one_line(name)
    return name


def _check_one_line(text: str) -> None:
    """Names go into mail headers and subjects: a line break there breaks every mail job."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise TenantError(_l("名称に改行やタブなどの制御文字は使えません。"))


def _check_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not re.fullmatch(EMAIL_PATTERN, email):
        raise TenantError(_l("メールアドレス「%(email)s」の形式が正しくありません。", email=email))
    return email


# --- hubs and companies --------------------------------------------------------------------


def create_hub(session: Session, *, slug: str, name: str, actor_id: int | None = None) -> Hub:
    _check_slug(slug)
    name = _check_name(name)
    if session.scalars(select(Hub).where(Hub.slug == slug)).first():
        raise TenantError(_l("識別子「%(slug)s」のハブは既にあります。", slug=slug))
    hub = Hub(slug=slug, name=name)
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
    _check_slug(slug)
    name = _check_name(name)
    if session.scalars(select(Company).where(Company.slug == slug)).first():
        raise TenantError(_l("識別子「%(slug)s」の企業は既にあります。", slug=slug))
    company = Company(slug=slug, name=name, hub=hub)
    session.add(company)
    session.flush()
    audit.record(
        session,
        actor_id=actor_id,
        company_id=company.id,
        action="tenants.company_create",
        object_type="company",
        object_id=company.id,
    )
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


def hub_company_list(session: Session, hub_id: int) -> list[Company]:
    """The hub's client companies (no head counts: the hub console counts them itself)."""
    return list(
        session.scalars(select(Company).where(Company.hub_id == hub_id).order_by(Company.slug))
    )


def hub_companies(session: Session, hub_id: int) -> list[CompanyRow]:
    return _company_rows(session, hub_company_list(session, hub_id))


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
    name = _check_name(name)
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
    audit.record(
        session,
        actor_id=actor_id,
        company_id=company.id,
        action="tenants.company_settings",
        object_type="company",
        object_id=company.id,
    )
    return company


# --- accounts ------------------------------------------------------------------------------


def create_user(
    session: Session,
    *,
    email: str,
    role: Role,
    name: str = "",
    company: Company | None = None,
    hub: Hub | None = None,
    password_hash: str | None = None,
    employee: Employee | None = None,
) -> User:
    """An account with its first membership. Only the place its role needs is kept (a
    company role ignores ``hub``, a hub role ignores ``company``)."""
    email = _check_email(email)
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise TenantError(_l("氏名は%(n)d文字以内にしてください。", n=MAX_NAME_LENGTH))
    _check_one_line(name)
    if session.scalars(select(User).where(func.lower(User.email) == email)).first():
        raise TenantError(
            _l("メールアドレス「%(email)s」のアカウントは既にあります。", email=email)
        )
    check_place(role, company, hub)
    if employee is not None:
        _check_employee_link(session, role=role, company=company, employee=employee)
    user = User(
        email=email,
        name=name,
        employee_id=employee.id if employee is not None else None,
        password_hash=password_hash,
    )
    session.add(user)
    session.flush()
    add_membership(session, user=user, role=role, company=company, hub=hub)
    return user


def _check_employee_link(
    session: Session, *, role: Role, company: Company | None, employee: Employee
) -> None:
    if role != Role.EMPLOYEE:
        raise TenantError(_l("名簿の従業員と紐付けられるのは従業員アカウントだけです。"))
    if company is None or employee.company_id != company.id:
        raise TenantError(_l("指定した従業員はこの企業の名簿にありません。"))
    taken = session.scalars(select(User.id).where(User.employee_id == employee.id)).first()
    if taken is not None:
        raise TenantError(
            _l(
                "社員番号「%(number)s」の従業員には既にアカウントがあります。",
                number=employee.employee_number,
            )
        )


def roster_employee(session: Session, company: Company, employee_number: str) -> Employee:
    """The company's current employee with this number, for linking an account (the roster
    feature, above this one, answers: ``roster.current_employee``)."""
    number = employee_number.strip()
    employee = hooks.call("roster.current_employee", session, company.id, number)
    if employee is None:
        raise TenantError(_l("社員番号「%(number)s」の従業員は名簿にありません。", number=number))
    return employee  # type: ignore[no-any-return]


def invite_account(
    session: Session,
    *,
    actor_id: int | None,
    email: str,
    role: Role,
    name: str = "",
    company: Company | None = None,
    hub: Hub | None = None,
    employee_number: str = "",
) -> User:
    """Create an account without a password and send its invitation (after the commit)."""
    employee = None
    if employee_number.strip():
        if company is None:
            raise TenantError(_l("社員番号を紐付けるには企業の指定が必要です。"))
        employee = roster_employee(session, company, employee_number)
    user = create_user(
        session, email=email, role=role, name=name, company=company, hub=hub, employee=employee
    )
    audit.record(
        session,
        actor_id=actor_id,
        company_id=user.scope.company_id,
        hub_id=user.scope.hub_id,
        action="tenants.account_create",
        object_type="user",
        object_id=user.id,
    )
    auth_services.invite_user(session, user, actor_id=actor_id)
    return user


def invite_account_as_platform(
    session: Session,
    *,
    actor_id: int,
    email: str,
    role: Role,
    name: str = "",
    company: Company | None = None,
    hub: Hub | None = None,
) -> User:
    """A platform admin creates hubs' operators, platform admins and a company's *first* HR
    admin only (SECURITY.md): after that, the company's own HR admins create its accounts, so
    the platform cannot give itself a way into a company's answers. Each company account made
    here is recorded for the company's HR admins and its hub to see."""
    if role in COMPANY_ROLES:
        if role != Role.HR_ADMIN:
            raise TenantError(
                _l(
                    "企業のアカウントは、その企業の人事管理者が招待します。運営事務局が作成できるのは、企業の最初の人事管理者だけです。"
                )
            )
        if company is not None and _has_hr_admin(session, company):
            raise TenantError(
                _l(
                    "この企業には人事管理者がいます。企業のアカウントは、その企業の人事管理者が招待します。"
                )
            )
    user = invite_account(
        session, actor_id=actor_id, email=email, role=role, name=name, company=company, hub=hub
    )
    if user.scope.company_id is not None:
        audit.record(
            session,
            actor_id=actor_id,
            company_id=user.scope.company_id,
            action=PLATFORM_CREATED,
            object_type="user",
            object_id=user.id,
        )
    return user


def _has_hr_admin(session: Session, company: Company) -> bool:
    found = session.scalars(
        select(Membership.id).where(
            Membership.company_id == company.id, Membership.role == Role.HR_ADMIN.value
        )
    ).first()
    return found is not None


def platform_created_accounts(session: Session, company: Company) -> list[tuple[User, date]]:
    """The company's accounts a platform admin created, with when: shown to its HR admins
    (the platform may create only the first HR admin, so nobody is there to be mailed then)."""
    events = session.scalars(
        select(audit.AuditEvent)
        .where(
            audit.AuditEvent.company_id == company.id,
            audit.AuditEvent.action == PLATFORM_CREATED,
        )
        .order_by(audit.AuditEvent.at)
    ).all()
    rows = []
    for event in events:
        user = session.get(User, int(event.object_id))
        if user is not None:
            rows.append((user, jst_date(event.at) or event.at.date()))
    return rows


def invite_company_account(
    session: Session,
    *,
    actor_id: int,
    company: Company,
    email: str,
    role: Role,
    name: str = "",
    employee_number: str = "",
) -> tuple[User, bool]:
    """An HR admin inviting someone into their own company; platform and hub roles are refused.

    Someone who already has an account in this company gets the role added instead (the HR
    admin of a small company who is also its consultation desk): no new account, no mail.
    Returns the user and whether an invitation went out."""
    if role not in HR_INVITABLE_ROLES:
        raise TenantError(_l("この役割のアカウントは作成できません。"))
    member = company_account_by_email(session, company.id, email)
    if member is not None:
        if employee_number.strip():
            raise TenantError(_l("社員番号は新しいアカウントを招待するときだけ指定できます。"))
        add_membership(session, user=member, role=role, company=company, actor_id=actor_id)
        return member, False
    user = invite_account(
        session,
        actor_id=actor_id,
        email=email,
        role=role,
        name=name,
        company=company,
        employee_number=employee_number,
    )
    return user, True


def company_account_by_email(session: Session, company_id: int, email: str) -> User | None:
    return session.scalars(
        select(User).where(
            func.lower(User.email) == email.strip().lower(),
            User.id.in_(_company_members(company_id)),
        )
    ).first()


@dataclass(frozen=True)
class AccountRow:
    user: User
    roles: list[str]  # the roles the person holds in this company
    employee_number: str | None  # the roster employee an employee account is linked to


def _company_members(company_id: int) -> Any:
    return select(Membership.user_id).where(Membership.company_id == company_id)


def company_accounts(session: Session, company_id: int) -> list[AccountRow]:
    users = list(
        session.scalars(
            select(User).where(User.id.in_(_company_members(company_id))).order_by(User.email)
        )
    )
    linked = [u.employee_id for u in users if u.employee_id is not None]
    numbers: dict[int, str] = (
        hooks.call("roster.employee_numbers", session, company_id, linked) if linked else {}
    )
    order = {r.value: i for i, r in enumerate(Role)}
    return [
        AccountRow(
            user=u,
            roles=sorted(
                (m.role for m in u.memberships if m.company_id == company_id), key=order.get
            ),
            employee_number=numbers.get(u.employee_id),
        )
        for u in users
    ]


def company_account(session: Session, company_id: int, user_id: int) -> User | None:
    """A user of this company, or None (another company's user is not found, by design)."""
    return session.scalars(
        select(User).where(User.id == user_id, User.id.in_(_company_members(company_id)))
    ).first()


def user_by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def set_account_active(session: Session, *, actor_id: int | None, user: User, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions (auth does that).

    Nobody disables their own account: an administrator could lock the company (or the
    platform) out of itself with one click.
    """
    if not active and actor_id is not None and user.id == actor_id:
        raise TenantError(_l("自分のアカウントは無効にできません。"))
    auth_services.set_active(session, user, active, actor_id=actor_id)  # audits the change
