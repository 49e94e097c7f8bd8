"""The six roles and who they are (see ../shared/SECURITY.md, "Who sees what")."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    HUB_OPERATOR = "hub_operator"
    HR_ADMIN = "hr_admin"
    EXECUTIVE = "executive"
    CONSULTATION_STAFF = "consultation_staff"
    EMPLOYEE = "employee"


# Pseudo-roles used only in the authorization policy.
ANONYMOUS = "anonymous"  # anyone, signed in or not
AUTHENTICATED = "authenticated"  # any signed-in user

ALL_ROLES: tuple[Role, ...] = tuple(Role)
COMPANY_ROLES: frozenset[Role] = frozenset(
    {Role.HR_ADMIN, Role.EXECUTIVE, Role.CONSULTATION_STAFF, Role.EMPLOYEE}
)
