"""Tenant services: hubs, companies, their settings, and the accounts that belong to them.

Other features reach the tenants feature through this module only; the code lives in
``rules`` (what is accepted), ``organisations`` (hubs and companies), ``accounts`` and
``memberships``. Messages of ``TenantError`` are lazy strings: they are rendered in the
reader's language when shown, not when raised.
"""

from __future__ import annotations

from hrcare.auth.services import Membership, User
from hrcare.tenants.accounts import (
    PLATFORM_CREATED,
    AccountRow,
    company_account,
    company_account_by_email,
    company_accounts,
    create_user,
    invite_account,
    invite_account_as_platform,
    invite_company_account,
    platform_created_accounts,
    roster_employee,
    set_account_active,
    user_by_id,
)
from hrcare.tenants.cover import report_cover
from hrcare.tenants.errors import TenantError
from hrcare.tenants.memberships import add_membership, assign_hub_consultant
from hrcare.tenants.models import SLUG_PATTERN, Company, Hub
from hrcare.tenants.organisations import (
    CompanyRow,
    PlatformOverview,
    all_companies,
    all_hubs,
    any_company_exists,
    company_by_slug,
    company_rows,
    create_company,
    create_hub,
    hub_by_id,
    hub_by_slug,
    hub_companies,
    hub_company_list,
    platform_overview,
    update_company_settings,
)
from hrcare.tenants.rules import (
    EMAIL_PATTERN,
    HR_INVITABLE_ROLES,
    MAX_ANONYMITY_THRESHOLD,
    MAX_CONTACT_LENGTH,
    MAX_NAME_LENGTH,
    ROLE_LABELS,
)

__all__ = [
    "EMAIL_PATTERN",
    "HR_INVITABLE_ROLES",
    "MAX_ANONYMITY_THRESHOLD",
    "MAX_CONTACT_LENGTH",
    "MAX_NAME_LENGTH",
    "PLATFORM_CREATED",
    "ROLE_LABELS",
    "SLUG_PATTERN",
    "AccountRow",
    "Company",
    "CompanyRow",
    "Hub",
    "Membership",
    "PlatformOverview",
    "TenantError",
    "User",
    "add_membership",
    "all_companies",
    "all_hubs",
    "any_company_exists",
    "assign_hub_consultant",
    "company_account",
    "company_account_by_email",
    "company_accounts",
    "company_by_slug",
    "company_rows",
    "create_company",
    "create_hub",
    "create_user",
    "hub_by_id",
    "hub_by_slug",
    "hub_companies",
    "hub_company_list",
    "invite_account",
    "invite_account_as_platform",
    "invite_company_account",
    "platform_created_accounts",
    "platform_overview",
    "report_cover",
    "roster_employee",
    "set_account_active",
    "update_company_settings",
    "user_by_id",
]
