"""Deleting a company's data: by its HR admin (its own company) or by the hub operator of a
client whose hand-over export was taken. Both ask for the company's slug typed again; the
rule of who may is ``company.check_allowed``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for

from hrcare.core.actor import Actor, current_actor
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.roles import Role
from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.hubs import clients
from hrcare.privacy import company as company_purge
from hrcare.privacy.forms import CompanyPurgeForm
from hrcare.tenants.models import Company

bp = Blueprint("privacy_company", __name__)


def _actor() -> Actor:
    actor = current_actor()
    if actor is None:
        abort(404)
    return actor


def _delete(company: Company, role: Role, actor: Actor, cancel: str, done: str) -> Any:
    """The confirmation page (GET, or a refused POST) and the deletion (POST)."""
    form = CompanyPurgeForm()
    refusal = None
    try:
        company_purge.check_allowed(db.session, company, role=role)
    except company_purge.Refused as exc:
        refusal = exc.message
    if refusal is None and form.validate_on_submit():
        name = company.name
        try:
            company_purge.run(
                db.session,
                current_app,
                company=company,
                confirm=form.confirm_slug.data,
                actor_id=actor.user_id,
                now=utcnow(),
            )
        except company_purge.Refused as exc:
            form.confirm_slug.errors.append(str(exc.message))
        else:
            flash(_("「%(name)s」のデータをすべて削除しました。", name=name), "info")
            return redirect(done)
    planned = company_purge.preview(db.session, company)
    status = 400 if form.is_submitted() and (refusal or form.errors) else 200
    page = render_template(
        "privacy/company_delete.html",
        form=form,
        company=company,
        planned=planned,
        refusal=refusal,
        cancel=cancel,
    )
    return page, status


@bp.route("/hub/clients/<slug>/delete", methods=["GET", "POST"])
def hub_delete(slug: str) -> Any:
    """The hub operator, on a client its hub manages (else 404), after the export."""
    actor = _actor()
    if actor.hub_id is None:
        abort(404)
    try:
        company = clients.managed_company(db.session, actor, slug)
    except clients.NotManaged:
        abort(404)
    cancel = url_for("hubs.leave", slug=slug)
    return _delete(company, Role.HUB_OPERATOR, actor, cancel, url_for("hubs.dashboard"))


@bp.route("/c/<company>/privacy/company/delete", methods=["GET", "POST"])
def company_delete() -> Any:
    """The company's HR admin, on its own company."""
    actor = _actor()
    company = current_company()
    cancel = url_for("privacy.settings")
    return _delete(company, Role.HR_ADMIN, actor, cancel, url_for("auth.login"))
