"""Tenants: hubs (中小企業両立支援ハブ operators) and companies."""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import HR, PA, SIGNED_IN, roles, rw

FEATURE = Feature(
    name="tenants",
    setup=("hrcare.tenants.places:init_app",),
    blueprints=("hrcare.tenants.views",),
    models=("hrcare.tenants.models",),
    commands=("hrcare.tenants.cli",),
    policy={
        # --- tenants (platform admin, hub, company accounts) ---
        # Switching the place in force: only into a place the person holds a membership in, or
        # (a hub operator) into a client its hub manages; anything else is a 404.
        "tenants.switch_place": {"POST": SIGNED_IN},
        "tenants.admin_index": {"GET": roles(PA)},
        "tenants.hub_new": rw(roles(PA)),
        "tenants.company_new": rw(roles(PA)),
        "tenants.user_new": rw(roles(PA)),
        "tenants.user_toggle": {"POST": roles(PA)},
        "tenants.company_users": rw(roles(HR)),
        "tenants.company_user_toggle": {"POST": roles(HR)},
        "tenants.company_settings": rw(roles(HR)),
    },
    navigation=(
        NavItem("tenants.admin_index", _l("テナント管理"), company_scoped=False, order=10),
        NavItem("tenants.company_users", _l("アカウント"), order=140),
        NavItem("tenants.company_settings", _l("企業設定"), order=150),
    ),
)
