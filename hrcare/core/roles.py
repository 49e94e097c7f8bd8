"""The roles and who they are (see ../shared/SECURITY.md, "Who sees what").

A person holds roles through memberships (``auth.models.Membership``): a company role in a
company, a hub role in a hub, or the platform administrator role on its own."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PLATFORM_ADMIN = "platform_admin"
    HUB_OPERATOR = "hub_operator"
    # A hub's consultant: handles consultations for the client companies it is assigned to
    # (each assignment is a company ``consultation_staff`` membership).
    HUB_CONSULTANT = "hub_consultant"
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
HUB_ROLES: frozenset[Role] = frozenset({Role.HUB_OPERATOR, Role.HUB_CONSULTANT})
