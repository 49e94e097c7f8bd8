"""Enforces ``core.policy`` before every request, then resolves the tenant in the URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, abort, g, redirect, request, url_for
from flask_login import current_user

from hrcare.core.policy import allowed_roles, is_allowed
from hrcare.core.roles import ANONYMOUS

CompanyResolver = Callable[[str, Any], Any]


def current_role() -> str | None:
    return current_user.role if current_user.is_authenticated else None


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
        if ANONYMOUS not in allowed and not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not is_allowed(endpoint, current_role(), request.method):
            abort(403)
        slug = g.get("company_slug")
        if slug is not None:
            resolver: CompanyResolver = app.extensions["hrcare.company_resolver"]
            resolver(slug, current_user)  # sets the tenant or aborts with 404
        return None
