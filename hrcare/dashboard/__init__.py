"""Landing pages: where each role starts."""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import EMP, EXEC, HR, HUB, PUBLIC, STAFF, roles

FEATURE = Feature(
    name="dashboard",
    blueprints=("hrcare.dashboard.views",),
    policy={
        # --- dashboard ---
        "dashboard.home": {"GET": PUBLIC},
        "dashboard.company": {"GET": roles(HR, EXEC, STAFF, EMP, HUB)},
        "dashboard.job_status": {"GET": roles(HR, EXEC, HUB)},
        "dashboard.answer_survey": {"POST": roles(EMP)},  # a fresh link to their open survey
    },
    navigation=(NavItem("dashboard.company", _l("ホーム"), order=30),),
)
