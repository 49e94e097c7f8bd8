"""The checklists feature as other features see it (one import: ``services``).

- ``progress(session, company_id)``: the plan's progress per step and overall (dashboard);
- ``age40_summary`` / ``age40_entries``: the age-40 duty by the company's window rule;
- ``record_individual_notice(...)``: the consultations feature records (and corrects) the
  個別の周知・意向確認 of a consultation; ``consultation_notice`` reads it back;
- ``recommendations(session, company)``: the rules that fire on released survey figures,
  each with the figure behind it and the actions it advances;
- ``plan_status(session, company, today)``: the plan, the ledger, the recommendations and the
  効果検証 series in one summary without free text (reports: the plan section, the next
  actions, the change since the last wave; ``digest()`` keys a report).
"""

from __future__ import annotations

from hrcare.checklists.age40 import RULE_NAMES, Window, window
from hrcare.checklists.common import ChecklistError
from hrcare.checklists.export import LedgerData, ledger_data, template_labels
from hrcare.checklists.ledger import (
    NOTICE_ITEMS,
    Age40Entry,
    Age40Summary,
    age40_entries,
    age40_summary,
    consultation_notice,
    individual_notices,
    record_individual_notice,
)
from hrcare.checklists.models import INTENTIONS, NOTICE_METHODS, IndividualNotice
from hrcare.checklists.plan import Progress, progress
from hrcare.checklists.recommend import Recommendation, recommendations
from hrcare.checklists.summary import NextAction, PlanStatus, action_title, plan_status

__all__ = [
    "NOTICE_ITEMS",
    "RULE_NAMES",
    "Age40Entry",
    "Age40Summary",
    "INTENTIONS",
    "IndividualNotice",
    "LedgerData",
    "NOTICE_METHODS",
    "NextAction",
    "PlanStatus",
    "ChecklistError",
    "Progress",
    "Recommendation",
    "Window",
    "action_title",
    "age40_entries",
    "age40_summary",
    "consultation_notice",
    "individual_notices",
    "ledger_data",
    "plan_status",
    "progress",
    "recommendations",
    "record_individual_notice",
    "template_labels",
    "window",
]
