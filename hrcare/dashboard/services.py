"""What each role's start page shows. Aggregates only: no individual's care data.

The dashboard reaches other features only through their ``services`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.loss import services as loss
from hrcare.roster import services as roster
from hrcare.surveys import services as surveys
from hrcare.tenants.services import Company

# Who sees which panel (the pages behind the links check the policy again). A person with
# several roles in the company sees every panel one of them opens.
FIGURE_ROLES = frozenset({Role.HR_ADMIN.value, Role.EXECUTIVE.value, Role.HUB_OPERATOR.value})
DUTY_ROLES = frozenset({Role.HR_ADMIN.value})  # the legal-duty panel
DESK_ROLES = frozenset({Role.CONSULTATION_STAFF.value})  # the consultation desk panel
INFO_ROLES = frozenset({Role.EMPLOYEE.value})  # information on care and support
PLAN_ROLES = frozenset({Role.HR_ADMIN.value, Role.EXECUTIVE.value})


@dataclass(frozen=True)
class SurveyPanel:
    survey: surveys.Survey
    status: str
    invited: int
    responded: int

    @property
    def rate(self) -> float:
        return self.responded / self.invited if self.invited else 0.0


@dataclass(frozen=True)
class CompanySummary:
    company: Company
    duties: bool
    desk: bool
    info: bool
    headcount: roster.Headcount | None
    survey: SurveyPanel | None
    loss: loss.CompanyEstimate | None
    plan: checklists.Progress | None = None
    age40: checklists.Age40Summary | None = None
    own_survey: surveys.OwnInvitation | None = None  # an employee's open survey


def _survey_panel(session: Session, company: Company, today: date) -> SurveyPanel | None:
    listed = surveys.list_surveys(session, company.id)
    current = next((s for s in listed if surveys.effective_status(s, today) != "draft"), None)
    if current is None:
        return None
    rates = surveys.response_rates(session, current, company.anonymity_threshold)
    return SurveyPanel(
        current, surveys.effective_status(current, today), rates.invited, rates.responded
    )


def company_summary(
    session: Session,
    company: Company,
    actor: Actor,
    *,
    today: date,
    employee_id: int | None = None,
) -> CompanySummary:
    figures = bool(actor.roles & FIGURE_ROLES)
    estimate = None
    if figures:
        try:
            estimate = loss.company_estimate(session, company, today=today)
        except loss.NoEmployees:
            estimate = None
    return CompanySummary(
        company=company,
        duties=bool(actor.roles & DUTY_ROLES),
        desk=bool(actor.roles & DESK_ROLES),
        # Everyone else (and an employee) gets the information page rather than nothing.
        info=bool(actor.roles & INFO_ROLES) or not (figures or actor.roles & DESK_ROLES),
        headcount=roster.headcount(session, company.id, today) if figures else None,
        survey=_survey_panel(session, company, today) if figures else None,
        loss=estimate,
        plan=checklists.progress(session, company.id) if actor.roles & PLAN_ROLES else None,
        # The age-40 duty by the company's own window rule: the ledger's entries, counted.
        age40=(
            checklists.age40_summary(session, company, today) if actor.roles & DUTY_ROLES else None
        ),
        own_survey=surveys.own_invitation(session, company.id, employee_id, today=today)
        if actor.has(Role.EMPLOYEE.value)
        else None,
    )
