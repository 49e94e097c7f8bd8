"""Every model, imported once so metadata (Alembic, tests) sees the whole schema."""

from hrcare.auth.models import LoginFailure, Membership, User, UserSession
from hrcare.checklists.models import (
    Age40Notice,
    DutyMeasure,
    Evidence,
    IndividualNotice,
    PlanAction,
    PlanChange,
)
from hrcare.consultations.directory_models import OutsideService
from hrcare.consultations.models import (
    Consultation,
    ConsultationMessage,
    ConsultationNotice,
    DeskSettings,
    MessageSuggestion,
    SupportPlan,
)
from hrcare.core.audit import AuditEvent
from hrcare.core.db import Base
from hrcare.core.jobs import JobRun
from hrcare.hubs.models import ClientTemplate, HubReport, HubTemplate
from hrcare.loss.models import LossSettings
from hrcare.loss.stored import StoredEstimate
from hrcare.reports.models import Report, ReportBatch
from hrcare.roster.models import Employee, RosterUpload
from hrcare.surveys.models import (
    Survey,
    SurveyComment,
    SurveyInvitation,
    SurveyLinkEvent,
    SurveyPooledAnswer,
    SurveyQuestion,
    SurveyRelease,
    SurveyResponse,
)
from hrcare.tenants.models import Company, Hub

__all__ = [
    "Age40Notice",
    "AuditEvent",
    "Base",
    "Company",
    "DutyMeasure",
    "Consultation",
    "ConsultationMessage",
    "ConsultationNotice",
    "DeskSettings",
    "Employee",
    "Evidence",
    "ClientTemplate",
    "Hub",
    "HubReport",
    "HubTemplate",
    "IndividualNotice",
    "JobRun",
    "LoginFailure",
    "LossSettings",
    "Membership",
    "Report",
    "ReportBatch",
    "PlanAction",
    "PlanChange",
    "MessageSuggestion",
    "OutsideService",
    "RosterUpload",
    "StoredEstimate",
    "SupportPlan",
    "Survey",
    "SurveyComment",
    "SurveyInvitation",
    "SurveyLinkEvent",
    "SurveyPooledAnswer",
    "SurveyQuestion",
    "SurveyRelease",
    "SurveyResponse",
    "User",
    "UserSession",
]
