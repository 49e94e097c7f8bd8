"""The checklists feature as other features see it (one import: ``services``).

- ``progress(session, company_id)``: the plan's progress per step and overall (dashboard);
- ``age40_summary`` / ``age40_entries``: the age-40 duty by the company's window rule;
- ``record_individual_notice(...)``: the consultations feature records a 個別の周知・意向確認;
- ``company_waves`` / ``difference``: the tracked indicators per wave and the 95% interval of
  a change (効果検証; the hub's before/after page);
- ``progress_many`` / ``duty_status_many``: the same figures for many companies at once (hub);
- ``recommendations(session, company)``: the rules that fire on released survey figures,
  each with the figure behind it and the actions it advances (reports: the next actions).
"""

from __future__ import annotations

from hrcare.checklists.age40 import RULE_NAMES, Window, window
from hrcare.checklists.common import ChecklistError
from hrcare.checklists.effect import Change, difference
from hrcare.checklists.figures import Figure, WaveFigures, company_waves
from hrcare.checklists.ledger import (
    NOTICE_ITEMS,
    Age40Entry,
    Age40Summary,
    age40_entries,
    age40_summary,
    individual_notices,
    record_individual_notice,
)
from hrcare.checklists.many import DutyStatus, duty_status_many, progress_many
from hrcare.checklists.plan import Progress, progress
from hrcare.checklists.recommend import Recommendation, recommendations

__all__ = [
    "NOTICE_ITEMS",
    "RULE_NAMES",
    "Age40Entry",
    "Age40Summary",
    "Change",
    "ChecklistError",
    "DutyStatus",
    "Figure",
    "Progress",
    "Recommendation",
    "WaveFigures",
    "Window",
    "age40_entries",
    "age40_summary",
    "company_waves",
    "difference",
    "duty_status_many",
    "individual_notices",
    "progress",
    "progress_many",
    "recommendations",
    "record_individual_notice",
    "window",
]
