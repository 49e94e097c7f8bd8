"""The employee roster: import, export, edit."""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import HR, roles, rw

FEATURE = Feature(
    name="roster",
    blueprints=("hrcare.roster.views",),
    models=("hrcare.roster.models",),
    commands=("hrcare.roster.cli",),
    policy={
        # --- roster ---
        "roster.index": {"GET": roles(HR)},
        "roster.new": rw(roles(HR)),
        "roster.edit": rw(roles(HR)),
        "roster.import_upload": rw(roles(HR)),
        "roster.import_preview": {"GET": roles(HR)},
        "roster.import_commit": {"POST": roles(HR)},
        "roster.import_discard": {"POST": roles(HR)},
        "roster.export": {"GET": roles(HR)},
    },
    navigation=(NavItem("roster.index", _l("従業員名簿"), order=40),),
)
