"""Enforces ``core.policy`` before every request, then resolves the place and the actor.

Order: the route must be in the policy (else 403); a signed-out visitor of a private route
goes to the login page; a person none of whose roles anywhere may use the route gets 403
before any company is looked at; the company in the URL is resolved for this person (404
for a company they cannot reach, ``tenants.places``); finally the roles they hold *there*
must allow the route (403).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, g, redirect, request, url_for
from flask_login import current_user

from hrcare.core.actor import ActorResolver
from hrcare.core.policy import allowed_roles, is_allowed
from hrcare.core.roles import ANONYMOUS


def install_policy(app: Flask) -> None:
    @app.url_value_preprocessor
    def _pop_company(endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and "company" in values:
            g.company_slug = values.pop("company")

    @app.url_defaults
    def _company_default(endpoint: str, values: dict[str, Any]) -> None:
        if "company" in values or not app.url_map.is_endpoint_expecting(endpoint, "company"):
            return
        company = g.get("company")
        if company is not None:
            values["company"] = company.slug

    @app.before_request
    def _authorize() -> Any:
        endpoint = request.endpoint
        if endpoint is None:
            return None  # routing failed: 404/405 follow
        allowed = allowed_roles(endpoint, request.method)
        if allowed is None:
            app.logger.warning("denied: %s %s is not in the policy", request.method, endpoint)
            abort(403)
        if ANONYMOUS in allowed:
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not is_allowed(endpoint, current_user.role_values, request.method):
            abort(403)  # no role of theirs, anywhere, may use this route
        resolver: ActorResolver = app.extensions["hrcare.actor_resolver"]
        actor = resolver(current_user, g.get("company_slug"))  # 404 for an unreachable company
        g.actor = actor
        if not actor.can(endpoint, request.method):
            abort(403)
        return None
