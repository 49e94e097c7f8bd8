"""Accounts of hubs and companies: creating and inviting them, linking an employee account
to the roster, listing a company's accounts and enabling or disabling one.

Account e-mails (invitations) and session revocation belong to ``hrcare.auth.services``;
these functions decide *whether* an account change is allowed and then delegate.
"""

from __future__ import annotations

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
from hrcare.tenants.memberships import add_membership, check_place
from hrcare.tenants.models import Company, Hub
from hrcare.tenants.rules import (
    HR_INVITABLE_ROLES,
    MAX_NAME_LENGTH,
    check_email,
    check_one_line,
)

if TYPE_CHECKING:
    from hrcare.roster.models import Employee

PLATFORM_CREATED = "tenants.account_create_by_platform"


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
    email = check_email(email)
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise TenantError(_l("氏名は%(n)d文字以内にしてください。", n=MAX_NAME_LENGTH))
    check_one_line(name)
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
