"""Who acts: a person and the membership in force (their roles in a company, a hub, or the
platform).

Views build the actor once per request with ``current_actor()`` and pass it to services;
services never read ``current_user``, ``g`` or ``request``. Templates ask ``can(endpoint)``,
built on the policy, instead of comparing role names.

Several roles in one place: a person may hold more than one membership in a company (the HR
admin of a small company is often also its consultation desk). Inside that company the actor
carries *all* of them (``roles``): a route is allowed when any of them allows it, and each
object rule (``core.objects``) asks for the role it concerns. ``role`` is the role of the
membership in force, kept for display and for code that needs one.

The actor is built by the place resolver the tenants feature installs
(``app.extensions["hrcare.actor_resolver"]``): ``core`` does not know about memberships.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, g
from flask_login import current_user

from hrcare.core.policy import is_allowed

ActorResolver = Callable[[Any, Any], "Actor"]


@dataclass(frozen=True)
class Actor:
    """The acting person in the place they are working (a company, a hub, or the platform).

    ``hub_id`` with ``company_id``: a hub member inside a client company it manages.
    """

    user_id: int
    role: str | None
    company_id: int | None = None
    hub_id: int | None = None
    membership_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    company_slug: str | None = None  # for links to the company place

    def __post_init__(self) -> None:
        if not self.roles and self.role is not None:
            object.__setattr__(self, "roles", frozenset({self.role}))

    def has(self, role: str) -> bool:
        return role in self.roles

    def can(self, endpoint: str, method: str = "GET") -> bool:
        return is_allowed(endpoint, self.roles, method)


def current_actor() -> Actor | None:
    """The signed-in person as an ``Actor`` in the place in force, or None when nobody is
    signed in. On a company URL the company in the URL is the place (resolved once, before
    the view runs)."""
    if not current_user or not current_user.is_authenticated:
        return None
    actor = g.get("actor")
    if actor is None:
        resolver: ActorResolver = current_app.extensions["hrcare.actor_resolver"]
        actor = resolver(current_user, None)
        g.actor = actor
    return actor  # type: ignore[no-any-return]


def can(endpoint: str, method: str = "GET") -> bool:
    """For templates: may the signed-in person use this route × method here?"""
    actor = current_actor()
    return is_allowed(endpoint, actor.roles if actor else None, method)


def install_actor_helpers(app: Flask) -> None:
    app.jinja_env.globals["can"] = can
    app.jinja_env.globals["current_actor"] = current_actor
