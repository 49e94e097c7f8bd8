"""Places: where a person works, the place in force, and the actor in it.

A *place* is a company (with every role the person holds there), a hub (hub operator), or
the platform (platform admin). A person with several places picks one in the header; the
choice is kept on the server-side session row (``UserSession.membership_id``). A company URL
``/c/<slug>/…`` is itself a place: the person's memberships in that company decide their
roles there (all of them: see ``core.actor``).

A hub operator acts inside a client company only after an explicit switch into it (a POST,
written to the audit log); the switch is refused — 404, nothing changes — for a company the
hub does not manage, as for any membership id that is not the person's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, url_for
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hrcare.auth.services import Membership, User, UserSession
from hrcare.core import audit
from hrcare.core.actor import Actor
from hrcare.core.i18n import _l
from hrcare.core.objects import hub_manages
from hrcare.core.roles import Role
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.tenants.models import Company

HUB = Role.HUB_OPERATOR.value
# Roles that make a place of their own (a hub consultant works in the companies it is
# assigned to, through company memberships; its hub membership has no pages).
PLACE_ROLES = frozenset(r.value for r in Role) - {Role.HUB_CONSULTANT.value}


@dataclass(frozen=True)
class Place:
    """A place the person may switch to; ``membership_id`` is what the switch form sends."""

    membership_id: int
    company: Company | None
    hub: Any
    roles: frozenset[str]

    @property
    def key(self) -> str:
        if self.company is not None:
            return f"c{self.company.id}"
        return f"h{self.hub.id}" if self.hub is not None else "p"

    @property
    def name(self) -> str:
        if self.company is not None:
            return str(self.company.name)
        return str(self.hub.name) if self.hub is not None else "hrcare"


def place_key(actor: Actor) -> str:
    """The key of the place an actor works in (a hub operator inside a client: its hub)."""
    if actor.hub_id is not None:
        return f"h{actor.hub_id}"
    if actor.company_id is not None:
        return f"c{actor.company_id}"
    return "p" if actor.role == Role.PLATFORM_ADMIN.value else ""


def places(user: User) -> list[Place]:
    """Each place once, in membership order; a company place carries all roles held there."""
    found: dict[str, Place] = {}
    for m in user.memberships:
        if m.role not in PLACE_ROLES:
            continue
        place = Place(m.id, m.company, m.hub, frozenset({m.role}))
        if place.key in found:
            kept = found[place.key]
            place = Place(kept.membership_id, kept.company, kept.hub, kept.roles | place.roles)
        found[place.key] = place
    return list(found.values())


def _in_force(signed_in: Any) -> tuple[Membership | None, int | None]:
    """The membership in force and, for a hub operator, the client it entered."""
    user: User = signed_in.user
    row: UserSession | None = getattr(signed_in, "row", None)
    chosen = row.membership_id if row is not None else None
    for m in user.memberships:
        if m.id == chosen:
            return m, row.client_company_id if row is not None else None
    default = next((m for m in user.memberships if m.role in PLACE_ROLES), None)
    return default, None


def _company_actor(user: User, company: Company, in_force: Membership | None) -> Actor | None:
    own = [m for m in user.memberships if m.company_id == company.id]
    if not own:
        return None
    chosen = in_force if in_force in own else own[0]
    return Actor(
        user_id=user.id,
        role=chosen.role,
        company_id=company.id,
        membership_id=chosen.id,
        roles=frozenset(m.role for m in own),
        company_slug=company.slug,
    )


def _hub_actor(user: User, m: Membership, client: Company | None) -> Actor:
    return Actor(
        user_id=user.id,
        role=m.role,
        company_id=client.id if client is not None else None,
        hub_id=m.hub_id,
        membership_id=m.id,
        company_slug=client.slug if client is not None else None,
    )


def actor_for(signed_in: Any, slug: str | None) -> Actor:
    """The actor for this request. With a company ``slug`` (a company URL) the company is
    resolved for this person and set as the tenant, or the request ends: 404 for a company
    they cannot reach, a redirect to the hub page for a client not yet entered."""
    user: User = signed_in.user
    in_force, client_id = _in_force(signed_in)
    if slug is None:
        if in_force is None:
            return Actor(user_id=user.id, role=None)
        if in_force.company_id is not None:
            actor = _company_actor(user, in_force.company, in_force)  # type: ignore[arg-type]
            assert actor is not None
            return actor
        client = None
        if in_force.role == HUB and client_id is not None:
            client = db.session.get(Company, client_id)
            if not hub_manages(in_force.hub_id, client):
                client = None  # the hub no longer manages it
        return _hub_actor(user, in_force, client)
    company = db.session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        abort(404)
    actor = _company_actor(user, company, in_force)
    if actor is None and in_force is not None and in_force.role == HUB:
        if client_id == company.id and hub_manages(in_force.hub_id, company):
            actor = _hub_actor(user, in_force, company)
    if actor is None:
        if any(m.role == HUB and hub_manages(m.hub_id, company) for m in user.memberships):
            # A client of their hub, not entered: acting inside it is an explicit switch.
            flash(_l("支援先企業の画面は、ハブのページで企業を選んでから開いてください。"), "info")
            abort(redirect(url_for("hubs.dashboard")))
        abort(404)  # not theirs: exactly like a missing company
    set_current_company(db.session, company)
    return actor


class PlaceNotFound(LookupError):
    """The person holds no such place: the switch answers 404 and changes nothing."""


def switch_place(
    session: Session,
    *,
    user: User,
    session_id: str,
    membership_id: int,
    client_slug: str = "",
) -> Actor:
    """Make a membership of ``user`` the place in force on their session; a hub operator may
    name a client company its hub manages (the entry is audited). Raises ``PlaceNotFound``
    for anyone else's membership, a place that is not one, or an unmanaged company."""
    membership = next((m for m in user.memberships if m.id == membership_id), None)
    if membership is None or membership.role not in PLACE_ROLES:
        raise PlaceNotFound(membership_id)
    client: Company | None = None
    if client_slug:
        if membership.role != HUB:
            raise PlaceNotFound(client_slug)
        client = session.scalars(select(Company).where(Company.slug == client_slug)).first()
        if not hub_manages(membership.hub_id, client):
            raise PlaceNotFound(client_slug)
    session.execute(
        update(UserSession)
        .where(UserSession.id == session_id, UserSession.user_id == user.id)
        .values(membership_id=membership.id, client_company_id=client.id if client else None)
    )
    if client is not None:
        audit.record(
            session,
            actor_id=user.id,
            company_id=client.id,
            action="tenants.enter_client",
            object_type="hub",
            object_id=membership.hub_id or "",
        )
        return _hub_actor(user, membership, client)
    if membership.company_id is not None:
        actor = _company_actor(user, membership.company, membership)  # type: ignore[arg-type]
        assert actor is not None
        return actor
    return _hub_actor(user, membership, None)


def init_app(app: Any) -> None:
    """Requests resolve who acts, and where, through this feature (``core.actor``)."""
    app.extensions["hrcare.actor_resolver"] = actor_for
