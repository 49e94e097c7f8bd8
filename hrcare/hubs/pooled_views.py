"""A client company's own released figures beside its hub's stored pooled figures (its HR
admins and executives; a company outside any hub has no such page: 404)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.hubs import pooled
from hrcare.surveys.results import services as results
from hrcare.tenants import services as tenants

bp = Blueprint("hub_pool", __name__, url_prefix="/c/<company>/hub-benchmarks")


@bp.route("/")
def company_benchmarks() -> str:
    company = current_company()
    hub = tenants.hub_by_id(db.session, company.hub_id)
    if hub is None:
        abort(404)
    pool = pooled.latest_pool(db.session, hub.id)
    newest = results.latest_released(db.session, [company.id]).get(company.id)
    latest = results.release_for(db.session, company.id, newest[1]) if newest else None
    in_pool = pool is not None and any(
        int(s["company_id"]) == company.id and latest is not None
        and int(s["survey_id"]) == latest.survey_id
        for s in pool.sources
    )  # fmt: skip
    return render_template(
        "hubs/company_benchmarks.html",
        company=company,
        hub=hub,
        pool=pool,
        groups=pooled.groups_of(pool),
        own=pooled.own_figures(company.name, latest.results if latest else None),
        in_pool=in_pool,
        p=pooled,
    )
