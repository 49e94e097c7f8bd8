"""Who acts: a person and the membership in force (role in a company or a hub).

Views build the actor once per request with ``current_actor()`` and pass it to services;
services never read ``current_user``, ``g`` or ``request``. Templates ask ``can(endpoint)``,
built on the policy, instead of comparing role names.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from flask_login import current_user

from hrcare.core.policy import is_allowed


@dataclass(frozen=True)
class Actor:
    """The acting person in the place they are working (a company, a hub, or the platform)."""

    user_id: int
    role: str
    company_id: int | None = None
    hub_id: int | None = None
    membership_id: int | None = None

    def can(self, endpoint: str, method: str = "GET") -> bool:
        return is_allowed(endpoint, self.role, method)


def current_actor() -> Actor | None:
    """The signed-in person as an ``Actor``, or None when nobody is signed in."""
    if not current_user or not current_user.is_authenticated:
        return None
    return Actor(
        user_id=current_user.id,
        role=current_user.role,
        company_id=current_user.company_id,
        hub_id=current_user.hub_id,
    )


def can(endpoint: str, method: str = "GET") -> bool:
    """For templates: may the signed-in person use this route × method?"""
    actor = current_actor()
    return is_allowed(endpoint, actor.role if actor else None, method)


def install_actor_helpers(app: Flask) -> None:
    app.jinja_env.globals["can"] = can
