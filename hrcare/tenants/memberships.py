"""Memberships: the roles a person holds in places (a company, a hub, the platform).

A person has one membership per role and place; the HR admin who is also the consultation
desk holds two in one company, a hub consultant holds its hub membership plus one
consultation-desk membership per client company it is assigned to.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hrcare.auth.services import Membership, User
from hrcare.core import audit
from hrcare.core.i18n import _l
from hrcare.core.roles import COMPANY_ROLES, HUB_ROLES, Role
from hrcare.tenants.errors import TenantError
from hrcare.tenants.models import Company, Hub


def check_place(role: Role, company: Company | None, hub: Hub | None) -> None:
    if role in HUB_ROLES and hub is None:
        raise TenantError(_l("ハブの役割にはハブの指定が必要です。"))
    if role in COMPANY_ROLES and company is None:
        raise TenantError(_l("企業のアカウントには企業の指定が必要です。"))


def add_membership(
    session: Session,
    *,
    user: User,
    role: Role,
    company: Company | None = None,
    hub: Hub | None = None,
    actor_id: int | None = None,
) -> Membership:
    """Give ``user`` a role in a place (a second role in their company, another client…)."""
    check_place(role, company, hub)
    company_id = company.id if company is not None and role in COMPANY_ROLES else None
    hub_id = hub.id if hub is not None and role in HUB_ROLES else None
    for m in user.memberships:
        if (m.role, m.company_id, m.hub_id) == (role.value, company_id, hub_id):
            raise TenantError(_l("%(email)s は既にこの役割を持っています。", email=user.email))
    membership = Membership(user=user, role=role.value, company_id=company_id, hub_id=hub_id)
    session.add(membership)
    session.flush()
    if actor_id is not None:
        audit.record(
            session,
            actor_id=actor_id,
            company_id=company_id,
            hub_id=hub_id,
            action="tenants.membership_add",
            object_type="user",
            object_id=user.id,
        )
    return membership


def assign_hub_consultant(
    session: Session, *, consultant: User, company: Company, actor_id: int | None = None
) -> Membership:
    """Assign a hub consultant to a client company of its hub: a consultation-desk
    membership in that company. A company the hub does not manage is refused."""
    hubs = {m.hub_id for m in consultant.memberships if m.role == Role.HUB_CONSULTANT.value}
    if company.hub_id is None or company.hub_id not in hubs:
        raise TenantError(_l("この企業は、相談員の所属するハブの支援先ではありません。"))
    return add_membership(
        session,
        user=consultant,
        role=Role.CONSULTATION_STAFF,
        company=company,
        actor_id=actor_id,
    )
