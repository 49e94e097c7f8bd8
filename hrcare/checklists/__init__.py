"""The guideline plan (METI 2024, steps 1–3) and the legal-duty ledger (2025 law).

``guideline`` (the actions as data) and ``age40`` (the windows) are pure; ``plan``,
``evidence``, ``ledger``, ``figures`` (the one adapter to survey results), ``recommend`` and
``effect`` are the services; other features import ``services`` only.
"""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import EXEC, HR, STAFF, roles, rw

FEATURE = Feature(
    name="checklists",
    blueprints=(
        "hrcare.checklists.views",
        "hrcare.checklists.ledger_views",
    ),
    models=("hrcare.checklists.models",),
    commands=("hrcare.checklists.cli",),
    policy={
        # --- checklists: the guideline plan ---
        # HR admins edit; executives read the plan, its progress, evidence and 効果検証.
        "checklists.index": {"GET": roles(HR, EXEC)},
        "checklists.action": {"GET": roles(HR, EXEC), "POST": roles(HR)},
        "checklists.indicators": {"POST": roles(HR)},
        "checklists.session_add": {"POST": roles(HR)},
        "checklists.effect_page": {"GET": roles(HR, EXEC)},
        "checklists.evidence_add": {"POST": roles(HR)},
        "checklists.evidence_file": {"GET": roles(HR, EXEC)},
        "checklists.evidence_delete": {"POST": roles(HR)},
        # --- duties: the legal-duty ledger (names of employees: HR; notices: also the desk) ---
        "duties.index": {"GET": roles(HR)},
        "duties.age40_record": {"POST": roles(HR)},
        "duties.notices": rw(roles(HR, STAFF)),
        "duties.measure": rw(roles(HR)),
        "duties.export_file": {"GET": roles(HR)},
        "duties.printable": {"GET": roles(HR)},
    },
    navigation=(
        NavItem("checklists.index", _l("取組計画"), order=90),
        NavItem("duties.index", _l("法定対応"), order=100),
    ),
)
