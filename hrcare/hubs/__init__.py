"""The SME hub console: one operator's view over the client companies its hub manages."""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import HUB, roles

FEATURE = Feature(
    name="hubs",
    blueprints=("hrcare.hubs.views",),
    policy={
        # --- hubs (the hub console) ---
        # A hub member's own hub only (the view answers 404 without a hub in force).
        "hubs.dashboard": {"GET": roles(HUB)},
        "hubs.export": {"GET": roles(HUB)},
    },
    navigation=(NavItem("hubs.dashboard", _l("支援先企業"), company_scoped=False, order=20),),
)
