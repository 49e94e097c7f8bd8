from __future__ import annotations

from flask import Blueprint, render_template

from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.roster import services

bp = Blueprint("roster", __name__, url_prefix="/c/<company>/roster")


@bp.route("/")
def index() -> str:
    employees = services.active_employees(db.session, current_company().id)
    return render_template("roster/index.html", employees=employees)
