from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from hrcare.extensions import db
from hrcare.tenants import services

bp = Blueprint("tenants", __name__)


@bp.route("/admin/")
def admin_index() -> str:
    return render_template("tenants/admin_index.html", overview=services.platform_overview(db.session))


@bp.route("/hub/")
def hub_home() -> str:
    companies = services.hub_companies(db.session, current_user.hub_id)
    return render_template("tenants/hub_home.html", hub=current_user.hub, companies=companies)
