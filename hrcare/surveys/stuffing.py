"""Detecting a group filled with answers its author controls (issue 8, attack 3).

An HR admin can put a target in a small group with people whose answers they know — or
whose links they hold and answer themselves — and read the target's answers off the
group's figures. That cannot be prevented without taking the roster from HR, so it is made
visible: the audience is frozen when the wave opens (people added later are invited only
by ``invitations.invite_late``, an explicit, recorded action); every download of links (the only way
HR ever holds a link) is recorded with who, how many and when; and the release flags each
shown group whose membership changed in the 30 days before opening, that gained people
after opening, or most of whose answers came through downloaded links. Every HR admin of
the company and its hub see the records and the flags (survey page, results pages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.roster.services import Employee
from hrcare.surveys.models import Survey, SurveyInvitation, SurveyLinkEvent

WINDOW_DAYS = 30
#: Why a group carries a warning.
ROSTER_CHANGED = "roster_changed"  # joined or left in the 30 days before opening
ADDED_LATE = "added_late"  # people invited after opening
DOWNLOADED = "downloaded"  # most answers came through links HR downloaded


@dataclass(frozen=True)
class LinkEvent:
    kind: str  # "download" | "late_invite"
    people: int
    reissued: int
    department: str
    actor: str
    on: date


def log_event(
    session: Session,
    survey: Survey,
    *,
    kind: str,
    people: int,
    reissued: int = 0,
    department: str = "",
    actor_id: int | None,
    today: date,
) -> None:
    from hrcare.auth.services import User

    user = session.get(User, actor_id) if actor_id is not None else None
    session.add(
        SurveyLinkEvent(
            company_id=survey.company_id,
            survey_id=survey.id,
            kind=kind,
            people=people,
            reissued=reissued,
            department=department,
            actor_id=actor_id,
            actor_email=user.email if user is not None else "",
            issued_on=today,
        )
    )


def event_json(event: LinkEvent) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "people": event.people,
        "reissued": event.reissued,
        "department": event.department,
        "actor": event.actor,
        "on": event.on.isoformat(),
    }


def event_from_json(raw: Mapping[str, Any]) -> LinkEvent:
    return LinkEvent(
        str(raw["kind"]),
        int(raw["people"]),
        int(raw.get("reissued", 0)),
        str(raw.get("department", "")),
        str(raw.get("actor", "")),
        date.fromisoformat(str(raw["on"])),
    )


def events(session: Session, survey: Survey) -> list[LinkEvent]:
    rows = session.scalars(
        select(SurveyLinkEvent)
        .where(
            SurveyLinkEvent.company_id == survey.company_id,
            SurveyLinkEvent.survey_id == survey.id,
        )
        .order_by(SurveyLinkEvent.issued_on, SurveyLinkEvent.id)
    )
    return [
        LinkEvent(r.kind, r.people, r.reissued, r.department, r.actor_email, r.issued_on)
        for r in rows
    ]


def _changed(employee: Employee, start: datetime, end: datetime) -> bool:
    moments = (employee.created_at, employee.updated_at, employee.left_at)
    return any(m is not None and start <= m <= end for m in moments)


def flags(
    session: Session, survey: Survey, groups: Mapping[str, Sequence[tuple[str, frozenset[str]]]]
) -> list[dict[str, Any]]:
    """Warnings for the shown ``groups`` ({dimension: [(value, fine values)]}), as stored
    in the release: ``{"by", "value", "reasons": [...]}``. Group membership is the
    invitation's roster snapshot, as for the figures."""
    opened = survey.opened_at
    if opened is None:
        return []
    start = opened - timedelta(days=WINDOW_DAYS)
    employees = {
        e.id: e
        for e in session.scalars(select(Employee).where(Employee.company_id == survey.company_id))
    }
    # The first roster import is not a change: only a roster that existed before the window.
    established = any(e.created_at < start for e in employees.values())
    invitations = list(
        session.scalars(
            select(SurveyInvitation).where(
                SurveyInvitation.company_id == survey.company_id,
                SurveyInvitation.survey_id == survey.id,
            )
        )
    )
    left_by_department: dict[str, int] = {}
    for e in employees.values():
        if e.left_at is not None and start <= e.left_at <= opened:
            left_by_department[e.department or ""] = left_by_department.get(e.department, 0) + 1
    found: list[dict[str, Any]] = []
    for by, shown in groups.items():
        for value, members in shown:
            mine = [i for i in invitations if _member(i, by, members)]
            reasons = []
            changed = any(
                i.employee_id in employees and _changed(employees[i.employee_id], start, opened)
                for i in mine
            ) or (by == "department" and left_by_department.get(value, 0) > 0)
            if established and changed:
                reasons.append(ROSTER_CHANGED)
            if any(i.added_late for i in mine):
                reasons.append(ADDED_LATE)
            answered = [i for i in mine if i.responded]
            downloaded = sum(1 for i in answered if i.link_channel == "download")
            if answered and downloaded * 2 > len(answered):
                reasons.append(DOWNLOADED)
            if reasons:
                found.append({"by": by, "value": value, "reasons": reasons})
    return found


def _member(invitation: SurveyInvitation, by: str, members: frozenset[str]) -> bool:
    if by == "all":
        return True
    if by == "department":
        return (invitation.department or "") in members
    if by == "age_band":
        return invitation.age_band in members
    return ("manager" if invitation.is_manager else "non_manager") in members
