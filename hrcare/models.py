"""Every model, imported once so metadata (Alembic, tests) sees the whole schema."""

from hrcare.auth.models import LoginFailure, Membership, User, UserSession
from hrcare.core.audit import AuditEvent
from hrcare.core.db import Base
from hrcare.core.jobs import JobRun
from hrcare.loss.models import LossSettings
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
    "AuditEvent",
    "Base",
    "Company",
    "Employee",
    "Hub",
    "JobRun",
    "LoginFailure",
    "LossSettings",
    "Membership",
    "RosterUpload",
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
