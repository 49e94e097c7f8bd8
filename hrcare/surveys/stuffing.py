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


@dataclass
class _Tally:
    """What ``flags`` needs to know about the invitations of one fine group."""

    changed: bool = False
    late: bool = False
    answered: int = 0
    downloaded: int = 0

    def add(self, other: _Tally) -> None:
        self.changed |= other.changed
        self.late |= other.late
        self.answered += other.answered
        self.downloaded += other.downloaded


def _changed_employees(session: Session, company_id: int, start: datetime, end: datetime) -> Any:
    """(ids of employees who joined, changed or left between ``start`` and ``end``, whether
    the roster existed before ``start``, leavers per department in that window)."""
    rows = session.execute(
        select(
            Employee.id,
            Employee.department,
            Employee.created_at,
            Employee.updated_at,
            Employee.left_at,
        ).where(Employee.company_id == company_id)
    )
    changed: set[int] = set()
    left: dict[str, int] = {}
    established = False
    for employee_id, department, created, updated, left_at in rows:
        established |= created < start
        if any(m is not None and start <= m <= end for m in (created, updated, left_at)):
            changed.add(employee_id)
        if left_at is not None and start <= left_at <= end:
            left[department or ""] = left.get(department or "", 0) + 1
    return changed, established, left


def flags(
    session: Session, survey: Survey, groups: Mapping[str, Sequence[tuple[str, frozenset[str]]]]
) -> list[dict[str, Any]]:
    """Warnings for the shown ``groups`` ({dimension: [(value, fine values)]}), as stored
    in the release: ``{"by", "value", "reasons": [...]}``. Group membership is the
    invitation's roster snapshot, as for the figures. One pass over the invitations' columns
    tallies each fine group; a shown group adds up its fine values (linear in the people)."""
    opened = survey.opened_at
    if opened is None:
        return []
    start = opened - timedelta(days=WINDOW_DAYS)
    changed_ids, established, left_by_department = _changed_employees(
        session, survey.company_id, start, opened
    )
    tallies: dict[tuple[str, str], _Tally] = {}
    invitations = session.execute(
        select(
            SurveyInvitation.employee_id,
            SurveyInvitation.department,
            SurveyInvitation.age_band,
            SurveyInvitation.is_manager,
            SurveyInvitation.added_late,
            SurveyInvitation.responded,
            SurveyInvitation.link_channel,
        ).where(
            SurveyInvitation.company_id == survey.company_id,
            SurveyInvitation.survey_id == survey.id,
        )
    )
    for employee_id, department, age_band, is_manager, late, responded, channel in invitations:
        one = _Tally(
            changed=employee_id in changed_ids,
            late=bool(late),
            answered=int(bool(responded)),
            downloaded=int(bool(responded) and channel == "download"),
        )
        position = "manager" if is_manager else "non_manager"
        for key in (
            ("all", ""),
            ("department", department or ""),
            ("age_band", age_band),
            ("position", position),
        ):
            tallies.setdefault(key, _Tally()).add(one)
    found: list[dict[str, Any]] = []
    for by, shown in groups.items():
        dimension = by if by in ("all", "department", "age_band") else "position"
        for value, members in shown:
            group = _Tally()
            for fine in [""] if dimension == "all" else members:
                group.add(tallies.get((dimension, fine), _Tally()))
            reasons = []
            changed = group.changed or (by == "department" and left_by_department.get(value, 0) > 0)
            if established and changed:
                reasons.append(ROSTER_CHANGED)
            if group.late:
                reasons.append(ADDED_LATE)
            if group.answered and group.downloaded * 2 > group.answered:
                reasons.append(DOWNLOADED)
            if reasons:
                found.append({"by": by, "value": value, "reasons": reasons})
    return found
