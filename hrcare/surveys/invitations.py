"""The audience, the personal links and the response rate.

One ``SurveyInvitation`` per employee in the audience, with the roster snapshot taken on the
invitation day. Only the sha256 of a link's token is stored, so a link can be shown exactly
once: whoever issues a token (the e-mail job, the reminder job, the downloaded list) must hand
it over at once. Issuing a new token keeps the previous one working (``SurveyPreviousLink``)
until the wave closes: a reminder never breaks a link handed out on paper or by e-mail.

A new invitation carries a "dead" hash (of a token nobody knows) until its link is issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from hrcare.core.audit import record
from hrcare.core.i18n import _l
from hrcare.roster import services as roster
from hrcare.roster.services import Employee
from hrcare.surveys import stuffing
from hrcare.surveys.common import SurveyError, dead_hash, is_accepting, new_token
from hrcare.surveys.models import Survey, SurveyInvitation, SurveyPreviousLink
from hrcare.surveys.questionnaire import age_band
from hrcare.surveys.results.services import release_for

LINK_SCOPES = ("no_email", "not_responded", "all")


def link_url(token: str) -> str:
    """The absolute answer link (jobs have no request, so it is built from ``base_url``)."""
    base = current_app.extensions["hrcare.settings"].base_url.rstrip("/")
    return f"{base}/s/{token}"


def roster_options(session: Session, company_id: int) -> tuple[list[str], list[str]]:
    """Departments and employment types present on the active roster (audience choices)."""
    employees = roster.active_employees(session, company_id)
    departments = sorted({e.department for e in employees if e.department})
    types = sorted({e.employment_type for e in employees})
    return departments, types


def in_audience(employee: Employee, audience: dict[str, Any]) -> bool:
    departments = set(audience.get("departments") or ())
    types = set(audience.get("employment_types") or ())
    return (not departments or employee.department in departments) and (
        not types or employee.employment_type in types
    )


def audience_employees(
    session: Session, company_id: int, audience: dict[str, Any]
) -> list[Employee]:
    return [e for e in roster.active_employees(session, company_id) if in_audience(e, audience)]


def sync_invitations(session: Session, survey: Survey, *, today: date, late: bool = False) -> int:
    """Invite every active audience member not invited yet (idempotent). Returns how many.

    Called when the wave opens (the audience is frozen then) and by ``invite_late``
    only (``late``: the explicit, recorded action for people added since)."""
    invited = set(
        session.scalars(
            select(SurveyInvitation.employee_id).where(SurveyInvitation.survey_id == survey.id)
        )
    )
    rows = [
        {
            "company_id": survey.company_id,
            "survey_id": survey.id,
            "employee_id": e.id,
            "token_hash": dead_hash(),
            "department": e.department or "",
            "age_band": age_band(roster.age_on(e.birth_date, today)),
            "is_manager": bool(e.is_manager),
            "employment_type": e.employment_type,
            "invited_on": today,
            "added_late": late,
        }
        for e in audience_employees(session, survey.company_id, survey.audience or {})
        if e.id not in invited
    ]
    if rows:
        session.execute(insert(SurveyInvitation), rows)
    return len(rows)


@dataclass(frozen=True)
class IssuedLink:
    employee_number: str
    name: str
    department: str
    token: str

    @property
    def url(self) -> str:
        return link_url(self.token)


def reissue_token(session: Session, invitation: SurveyInvitation, *, today: date) -> str:
    """A new link for ``invitation``; the one issued before (if any) keeps working."""
    if invitation.link_issued_on is not None:  # the current hash belongs to a handed-out link
        session.add(
            SurveyPreviousLink(
                company_id=invitation.company_id,
                invitation_id=invitation.id,
                token_hash=invitation.token_hash,
            )
        )
    token, invitation.token_hash = new_token()
    invitation.link_issued_on = today
    return token


def issue_links(
    session: Session,
    survey: Survey,
    *,
    scope: str,
    department: str = "",
    today: date,
    actor_id: int | None,
) -> list[IssuedLink]:
    """New links for the chosen employees (links they already hold keep working)."""
    if scope not in LINK_SCOPES:
        raise SurveyError(_l("対象の指定が正しくありません。"))
    if not is_accepting(survey, today):
        raise SurveyError(_l("リンクを発行できるのは実施中のアンケートだけです。"))
    stmt = select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)
    if scope != "all":
        stmt = stmt.where(SurveyInvitation.responded.is_(False))
    if department:
        stmt = stmt.where(SurveyInvitation.department == department)
    employees = {e.id: e for e in roster.active_employees(session, survey.company_id)}
    chosen = [
        (invitation, employees[invitation.employee_id])
        for invitation in session.scalars(stmt)
        if invitation.employee_id in employees
        and not (scope == "no_email" and employees[invitation.employee_id].email)
    ]
    if not chosen:
        raise SurveyError(_l("条件に当てはまる従業員がいません。"))
    issued: list[IssuedLink] = []
    reissued = 0
    for invitation, employee in chosen:
        reissued += invitation.link_issued_on is not None
        token = reissue_token(session, invitation, today=today)
        invitation.link_channel = "download"
        issued.append(
            IssuedLink(employee.employee_number, employee.name, employee.department, token)
        )
    # HR now holds these links: recorded and shown to every HR admin and the hub.
    stuffing.log_event(
        session,
        survey,
        kind="download",
        people=len(issued),
        reissued=reissued,
        department=department,
        actor_id=actor_id,
        today=today,
    )
    record(
        session,
        actor_id=actor_id,
        company_id=survey.company_id,
        action="survey.links_issued",
        object_type="survey",
        object_id=survey.id,
    )
    session.flush()
    return sorted(issued, key=lambda link: link.employee_number)


@dataclass(frozen=True)
class RateRow:
    label: str
    invited: int
    responded: int
    is_other: bool = False

    @property
    def rate(self) -> float:
        return self.responded / self.invited if self.invited else 0.0


@dataclass(frozen=True)
class ResponseRates:
    invited: int
    responded: int
    rows: list[RateRow]
    hidden_departments: int  # small departments whose group is itself too small to show
    threshold: int

    @property
    def rate(self) -> float:
        return self.responded / self.invited if self.invited else 0.0


OTHER_DEPARTMENTS = "その他（少人数部署）"


def response_rates(session: Session, survey: Survey, threshold: int) -> ResponseRates:
    """Overall participation; per department only from the wave's release.

    One rule everywhere (issue 9 item 5): a department's participation is shown exactly
    where the results show that department — the release's jointly audited groups, with
    the release's threshold. While a wave is open there is no per-group figure at all: a
    count moving by one as each person answers tells anyone watching who just answered.
    """
    invited, responded = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((SurveyInvitation.responded.is_(True), 1), else_=0)), 0),
        ).where(
            SurveyInvitation.company_id == survey.company_id,
            SurveyInvitation.survey_id == survey.id,
        )
    ).one()
    released = release_for(session, survey.company_id, survey.id)
    if released is None:
        return ResponseRates(int(invited), int(responded), [], 0, threshold)
    rows, hidden = [], 0
    for group in released.results.segments.get("department", ()):
        if group.shown and group.respondents is not None and group.invited:
            rows.append(RateRow(group.label_ja, int(group.invited), int(group.respondents)))
        else:
            hidden += 1
    return ResponseRates(int(invited), int(responded), rows, hidden, released.threshold)


@dataclass(frozen=True)
class LinkStatus:
    invited: int
    link_issued: int
    without_email: list[Employee]


def link_status(session: Session, survey: Survey) -> LinkStatus:
    """How many have a usable link, and who must get theirs in-house (no e-mail on the roster)."""
    invitations = session.execute(
        select(SurveyInvitation.employee_id, SurveyInvitation.link_issued_on).where(
            SurveyInvitation.survey_id == survey.id
        )
    ).all()
    invited_ids = {employee_id for employee_id, _ in invitations}
    employees = roster.active_employees(session, survey.company_id)
    without = [e for e in employees if e.id in invited_ids and not e.email]
    return LinkStatus(
        invited=len(invitations),
        link_issued=sum(1 for _, issued in invitations if issued is not None),
        without_email=without,
    )


@dataclass(frozen=True)
class Affected:
    """Who an action on an open wave reaches, shown before HR confirms it."""

    pending: int  # invited, not answered, still on the roster
    with_email: int  # of those, reachable by e-mail now (for a reminder: not reminded today)


def affected_by(session: Session, survey: Survey, *, today: date) -> Affected:
    employees = {e.id: e for e in roster.active_employees(session, survey.company_id)}
    pending = [
        invitation
        for invitation in session.scalars(
            select(SurveyInvitation).where(
                SurveyInvitation.survey_id == survey.id, SurveyInvitation.responded.is_(False)
            )
        )
        if invitation.employee_id in employees
    ]
    reachable = [
        i
        for i in pending
        if employees[i.employee_id].email
        and (i.last_reminded_on is None or i.last_reminded_on < today)
    ]
    return Affected(pending=len(pending), with_email=len(reachable))


@dataclass(frozen=True)
class OwnInvitation:
    """An employee's place in the survey now taking answers (their home page links to it)."""

    survey: Survey
    invitation_id: int
    responded: bool


def own_invitation(
    session: Session, company_id: int, employee_id: int | None, *, today: date
) -> OwnInvitation | None:
    if employee_id is None:
        return None
    rows = session.execute(
        select(SurveyInvitation.id, SurveyInvitation.responded, Survey)
        .join(Survey, Survey.id == SurveyInvitation.survey_id)
        .where(
            SurveyInvitation.company_id == company_id,
            SurveyInvitation.employee_id == employee_id,
            Survey.status == "open",
        )
        .order_by(Survey.opens_on.desc(), Survey.id.desc())
    ).all()
    for invitation_id, responded, survey in rows:
        if is_accepting(survey, today):
            return OwnInvitation(survey, invitation_id, bool(responded))
    return None


def own_link(
    session: Session, company_id: int, employee_id: int | None, *, today: date
) -> str | None:
    """A fresh personal link for a signed-in employee who has not answered yet (links they
    already hold keep working). The response stays unattributed: the link knows whether
    they answered, never what."""
    own = own_invitation(session, company_id, employee_id, today=today)
    if own is None or own.responded:
        return None
    invitation = session.get(SurveyInvitation, own.invitation_id)
    assert invitation is not None
    return reissue_token(session, invitation, today=today)


def pending_late(session: Session, survey: Survey) -> list[Employee]:
    """Active audience members not invited (joined the roster after the wave opened)."""
    invited = set(
        session.scalars(
            select(SurveyInvitation.employee_id).where(
                SurveyInvitation.company_id == survey.company_id,
                SurveyInvitation.survey_id == survey.id,
            )
        )
    )
    return [
        e
        for e in audience_employees(session, survey.company_id, survey.audience or {})
        if e.id not in invited
    ]


def invite_late(session: Session, survey: Survey, *, actor_id: int | None, today: date) -> int:
    """Invite the audience members added to the roster since opening (recorded and shown
    to every HR admin and the hub; the groups they join are flagged in the release)."""
    if not is_accepting(survey, today):
        raise SurveyError(_l("対象者を追加できるのは実施中のアンケートだけです。"))
    added = sync_invitations(session, survey, today=today, late=True)
    if added == 0:
        raise SurveyError(_l("開始後に名簿に追加された対象者はいません。"))
    stuffing.log_event(
        session, survey, kind="late_invite", people=added, actor_id=actor_id, today=today
    )
    record(
        session,
        actor_id=actor_id,
        company_id=survey.company_id,
        action="survey.late_invitations",
        object_type="survey",
        object_id=survey.id,
    )
    session.flush()
    return added
