"""Who may read a consultation: the employee who filed it and the staff member assigned.

The route policy lets roles reach the desk pages; these object rules decide which
consultation a person sees inside them. Anyone else gets 404, exactly like a missing id, so
a tampered id tells nothing. Staff of the company see the unassigned queue (topics, urgency
and due date, never contents) so that someone can take a new request.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.auth.services import Membership, User
from hrcare.consultations.models import Consultation
from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.core.tenancy import get_or_404


def is_staff(actor: Actor) -> bool:
    """A consultation-desk membership in this company: the company's own desk, its HR admin
    who is also the desk, or a hub consultant assigned to the company."""
    return actor.has(Role.CONSULTATION_STAFF.value)


def may_read_as_staff(actor: Actor, consultation: Consultation) -> bool:
    return is_staff(actor) and consultation.assignee_id == actor.user_id


def may_read_as_employee(actor: Actor, consultation: Consultation) -> bool:
    return consultation.requester_id is not None and consultation.requester_id == actor.user_id


def staff_consultation_or_404(session: Session, actor: Actor, consultation_id: int) -> Consultation:
    consultation = get_or_404(session, Consultation, consultation_id)
    if not may_read_as_staff(actor, consultation):
        abort(404)
    return consultation


def queued_consultation_or_404(
    session: Session, actor: Actor, consultation_id: int
) -> Consultation:
    """An unassigned consultation a staff member may take (or one already theirs)."""
    consultation = get_or_404(session, Consultation, consultation_id)
    if not is_staff(actor) or consultation.assignee_id not in (None, actor.user_id):
        abort(404)
    return consultation


def own_consultation_or_404(session: Session, actor: Actor, consultation_id: int) -> Consultation:
    consultation = get_or_404(session, Consultation, consultation_id)
    if not may_read_as_employee(actor, consultation):
        abort(404)
    return consultation


def company_staff(session: Session, company_id: int) -> list[User]:
    """The company's active consultation staff (desk memberships, hub consultants assigned to
    the company included): the people a consultation can be assigned to."""
    return list(
        session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.company_id == company_id,
                Membership.role == Role.CONSULTATION_STAFF.value,
                User.is_active.is_(True),
            )
            .order_by(User.name, User.id)
            .distinct()
        )
    )


def staff_member(session: Session, company_id: int, user_id: int) -> User | None:
    return next((u for u in company_staff(session, company_id) if u.id == user_id), None)
