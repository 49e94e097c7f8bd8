"""Object-level rules, beside the route policy: which rows an actor may reach inside a route
the policy allows. One place for all of them; the scoped getters below apply them.

- A foreign company's object answers 404 (``core.tenancy`` scopes every load to the company
  in the URL).
- Consultation staff see the consultations assigned to them: a feature registers
  ``assigned_to("assignee_id", role=...)`` for its model.
- A hub member sees aggregates of the companies its hub manages (``hub_manages``), and acts
  inside one of them only after an explicit, audited switch (``tenants.places``).

Features register rules for their own models with ``register``; a model without a rule is
reachable by every role the route allows (the tenant scope still applies).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from sqlalchemy import ColumnElement, Select, false, true
from sqlalchemy.orm import Session

from hrcare.core.actor import Actor
from hrcare.core.roles import Role
from hrcare.core.tenancy import MAX_ID, scoped_select

T = TypeVar("T")
# (actor, model) → the criterion rows must meet for this actor.
ObjectRule = Callable[[Actor, Any], ColumnElement[bool]]

RULES: dict[type, ObjectRule] = {}


def register(model: type, rule: ObjectRule) -> None:
    """Declare ``model``'s object rule (a feature does this for its own models)."""
    RULES[model] = rule


def assigned_to(
    column: str,
    *,
    role: str = Role.CONSULTATION_STAFF.value,
    unrestricted: frozenset[str] = frozenset(),
) -> ObjectRule:
    """Rows whose ``column`` names the acting person, for someone acting as ``role``; all rows
    for a role in ``unrestricted``; none for anyone else."""

    def rule(actor: Actor, model: Any) -> ColumnElement[bool]:
        if actor.roles & unrestricted:
            return true()
        if actor.has(role):
            return getattr(model, column) == actor.user_id  # type: ignore[no-any-return]
        return false()

    return rule


def hub_manages(hub_id: int | None, company: Any) -> bool:
    """A hub member may see a company's aggregates only when its hub manages the company."""
    return hub_id is not None and company is not None and company.hub_id == hub_id


def criterion(actor: Actor, model: type) -> ColumnElement[bool] | None:
    rule = RULES.get(model)
    return rule(actor, model) if rule is not None else None


def select_for(session: Session, model: type[T], actor: Actor) -> Select[tuple[T]]:
    """The current company's rows of ``model`` that ``actor`` may reach."""
    stmt = scoped_select(session, model)
    where = criterion(actor, model)
    return stmt if where is None else stmt.where(where)


def get_for_or_404(session: Session, model: type[T], object_id: Any, actor: Actor) -> T:
    """One object of the current company that ``actor`` may reach, or 404 — an object the
    rules hide answers exactly like a missing or foreign one."""
    try:
        key = int(object_id)
    except (TypeError, ValueError):
        abort(404)
    if not -MAX_ID <= key <= MAX_ID:
        abort(404)
    obj = session.scalars(select_for(session, model, actor).where(model.id == key)).first()  # type: ignore[attr-defined]
    if obj is None:
        abort(404)
    return obj
