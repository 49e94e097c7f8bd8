"""The plan and the ledger in one summary, for the executive report (and anything that shows
the company's standing at a glance).

Everything here is figures, statuses, dates and the guideline's own titles: no free text HR
typed (notes, materials, reasons), no consultation contents, and employees are named by
their employee number only (the ledger, behind HR's login, holds the names). Survey figures
come from the frozen releases only (``figures.company_waves`` filtered to released waves).
``digest`` is a stable hash of everything shown, so a report keyed by it is rebuilt exactly
when something it would say has changed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hrcare.checklists import effect, figures, guideline, ledger, plan, recommend
from hrcare.checklists.common import company_members
from hrcare.core.i18n import _
from hrcare.tenants.services import Company

#: Which recommendation matters most when several fire (the first three are "next actions"):
#: people about to leave first, then not knowing the situation at all, then not knowing the law.
IMPORTANCE = (
    "leaving_high",
    "no_release",
    "knowledge_low",
    "response_low",
    "no_indicators",
    "relatives_far",
)
OPEN_STATUSES = ("not_started", "in_progress")


@dataclass(frozen=True)
class OverdueAction:
    code: str
    title: str
    due: date
    owner: str


@dataclass(frozen=True)
class OverdueAge40:
    employee_number: str
    window_end: date


@dataclass(frozen=True)
class NextAction:
    """One of the next actions: the plan action(s) to work on and why."""

    title: str  # the recommendation's rule, or the overdue / pending action
    because: str  # the figure behind it, or the due date
    codes: tuple[str, ...]  # the plan actions (or ledger measures) it advances


@dataclass(frozen=True)
class PlanStatus:
    progress: plan.Progress
    overdue_actions: tuple[OverdueAction, ...]
    age40: ledger.Age40Summary
    age40_overdue: tuple[OverdueAge40, ...]
    notices: int
    notices_complete: int
    environment_in_place: int
    environment_met: bool
    measures_in_place: tuple[str, ...]  # codes of the ledger measures in place
    recommendations: tuple[recommend.Recommendation, ...]
    effect: tuple[effect.Series, ...]

    def next_actions(self, n: int = 3) -> list[NextAction]:
        """The most important recommendations, then overdue actions, then pending ones."""
        out: list[NextAction] = []
        seen: set[str] = set()
        ranked = sorted(self.recommendations, key=lambda r: IMPORTANCE.index(r.rule.code))
        for rec in ranked:
            out.append(NextAction(str(rec.rule.rule_text), rec.because, rec.rule.actions))
            seen.update(rec.rule.actions)
        for item in self.overdue_actions:
            if item.code not in seen:
                because = _("期限 %(day)s を過ぎています", day=item.due.isoformat())
                out.append(NextAction(f"{item.code} {item.title}", because, ()))
                seen.add(item.code)
        return out[:n]

    def digest(self) -> str:
        """A stable hash of what the summary says (report inputs)."""
        shown: dict[str, Any] = {
            "progress": [(s.step, s.done, s.applicable) for s in self.progress.steps],
            "overdue": [(a.code, a.due, a.owner) for a in self.overdue_actions],
            "age40": [self.age40.rule, self.age40.open, self.age40.pending, self.age40.upcoming],
            "age40_overdue": [(e.employee_number, e.window_end) for e in self.age40_overdue],
            "notices": [self.notices, self.notices_complete],
            "measures": self.measures_in_place,
            "recommendations": [(r.rule.code, r.value, r.n) for r in self.recommendations],
            "effect": [
                (
                    s.metric,
                    s.target,
                    [(w.survey_id, f.pct if f else None, f.n if f else None) for w, f in s.points],
                )
                for s in self.effect
            ],
        }
        text = json.dumps(shown, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def plan_status(session: Session, company: Company, today: date) -> PlanStatus:
    states = plan.plan_states(session, company.id)
    members = {u.id: u for u in company_members(session, company.id)}
    overdue_actions = []
    for s in states:
        if s.overdue(today) and s.row is not None and s.row.due_date is not None:
            owner = members.get(s.row.owner_id) if s.row.owner_id else None
            overdue_actions.append(
                OverdueAction(
                    s.action.code,
                    str(s.action.title),
                    s.row.due_date,
                    (owner.name or owner.email) if owner else "",
                )
            )
    entries = ledger.age40_entries(session, company, today)
    notices = ledger.individual_notices(session, company.id)
    measures = ledger.measures(session, company.id)
    released = [w for w in figures.company_waves(session, company) if w.closed]
    indicators = plan.tracked_indicators(session, company.id)
    return PlanStatus(
        progress=plan.progress(session, company.id),
        overdue_actions=tuple(sorted(overdue_actions, key=lambda a: (a.due, a.code))),
        age40=ledger.summarize(entries, company.age40_window, today),
        age40_overdue=tuple(
            OverdueAge40(e.employee_number, e.window.end) for e in entries if e.status == "overdue"
        ),
        notices=len(notices),
        notices_complete=sum(1 for n in notices if n.complete),
        environment_in_place=measures.environment_in_place,
        environment_met=measures.environment_duty_met,
        measures_in_place=tuple(code for code, row in measures.rows.items() if row.in_place),
        recommendations=tuple(recommend.evaluate(figures.latest_released(released), indicators)),
        effect=tuple(effect.series(released, indicators)),
    )


def action_title(code: str) -> str:
    """A plan action's or a ledger measure's title, in the reader's language."""
    if code.startswith("measure:"):
        return str(guideline.MEASURE_LABELS.get(code.split(":", 1)[1], code))
    action = guideline.action(code)
    if action is None:
        return code
    return str(action.title) if action.optional else f"{code} {action.title}"
