"""Survey jobs: invitation and reminder e-mails. Arguments are ids only.

Each link is issued and sent in the same step, then committed (send, then commit, one
employee at a time): a worker killed mid-run leaves at most the employee in flight with a
link whose hash was not stored; the retry gives them a new link, while everyone already
committed is skipped (invitations: ``link_issued_on`` set; reminders: reminded today), so the
job is idempotent under RQ's at-least-once delivery.

Each mail is written in its recipient's language: the one the employee chose on their own
account when they have one, else the configured default (``core.i18n``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hrcare.auth import services as accounts
from hrcare.core.audit import record
from hrcare.core.clock import today_jst
from hrcare.core.i18n import force_locale, locale_of
from hrcare.core.jobs import JobRun, set_progress
from hrcare.core.mail import Mail, send_once, uncertain_count
from hrcare.roster import services as roster
from hrcare.roster.services import Employee
from hrcare.surveys import mailing
from hrcare.surveys.common import is_accepting
from hrcare.surveys.invitations import reissue_token
from hrcare.surveys.models import Survey, SurveyInvitation
from hrcare.tenants.services import Company

PROGRESS_EVERY = 50


def _session() -> Session:
    return current_app.extensions["hrcare.db"].session  # type: ignore[no-any-return]


def _mail_out(
    run_id: str,
    survey_id: int,
    *,
    action: str,
    pick: Callable[[Any, date], Any],
    subject: Callable[[str], str],
    body: Callable[[Employee, Survey, str, str, int], str],
    reminder: bool,
) -> dict[str, Any]:
    session = _session()
    today = today_jst()
    survey = session.get(Survey, survey_id)
    if survey is None or not is_accepting(survey, today):
        return {"sent": 0, "without_email": 0, "skipped": "not_open"}
    company = session.get(Company, survey.company_id)
    assert company is not None
    employees = {e.id: e for e in roster.active_employees(session, survey.company_id)}
    stmt = select(SurveyInvitation).where(
        SurveyInvitation.survey_id == survey.id, SurveyInvitation.responded.is_(False)
    )
    pending = [
        (inv, employees[inv.employee_id])
        for inv in session.scalars(pick(stmt, today))
        if inv.employee_id in employees
    ]
    targets = [(inv, e) for inv, e in pending if e.email]
    chosen = accounts.chosen_locales(session, [e.id for _inv, e in targets])
    prefix = f"survey:{survey.id}:{'reminder' if reminder else 'invitation'}:{today.isoformat()}:"
    for done, (invitation, employee) in enumerate(targets, start=1):
        token = reissue_token(session, invitation, today=today)
        invitation.link_channel = "email"
        if reminder:
            invitation.last_reminded_on = today
        with force_locale(locale_of(chosen.get(employee.id))):
            mail = Mail(
                to=str(employee.email),
                subject=subject(company.name),
                body=body(employee, survey, company.name, token, company.anonymity_threshold),
            )
        # The link's hash and the delivery's intent are committed before the mail leaves: a
        # worker killed mid-run never sends one person two mails for this event (the retry
        # skips everyone committed; the one in flight is reported as uncertain).
        send_once(session, f"{prefix}{invitation.id}", mail, company_id=survey.company_id)
        if done % PROGRESS_EVERY == 0:
            set_progress(run_id, done * 100 // len(targets))
    run = session.get(JobRun, run_id)
    record(
        session,
        actor_id=run.actor_id if run else None,
        company_id=survey.company_id,
        action=action,
        object_type="survey",
        object_id=survey.id,
    )
    session.commit()
    return {
        "sent": len(targets),
        "without_email": len(pending) - len(targets),
        "uncertain": uncertain_count(session, prefix),
    }


def send_invitations(run_id: str, survey_id: int) -> dict[str, Any]:
    """E-mail a link to every invitation that has none yet (employees with an e-mail address)."""
    return _mail_out(
        run_id,
        survey_id,
        action="survey.invitations_sent",
        pick=lambda stmt, today: stmt.where(SurveyInvitation.link_issued_on.is_(None)),
        subject=mailing.invitation_subject,
        body=mailing.invitation_body,
        reminder=False,
    )


def send_reminders(run_id: str, survey_id: int) -> dict[str, Any]:
    """E-mail a fresh link to every invitation not yet answered (and not reminded today)."""
    return _mail_out(
        run_id,
        survey_id,
        action="survey.reminders_sent",
        pick=lambda stmt, today: stmt.where(
            or_(
                SurveyInvitation.last_reminded_on.is_(None),
                SurveyInvitation.last_reminded_on < today,
            )
        ),
        subject=mailing.reminder_subject,
        body=mailing.reminder_body,
        reminder=True,
    )
