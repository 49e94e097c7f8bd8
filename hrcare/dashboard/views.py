from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrcare.core.clock import today_jst
from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.core.tenancy import current_company, get_or_404
from hrcare.dashboard import services
from hrcare.extensions import db

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def home() -> Response:
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.role == Role.PLATFORM_ADMIN:
        return redirect(url_for("tenants.admin_index"))
    if current_user.role == Role.HUB_OPERATOR:
        return redirect(url_for("tenants.hub_home"))
    return redirect(url_for("dashboard.company", company=current_user.company.slug))


@bp.route("/c/<company>/")
def company() -> str:
    summary = services.company_summary(
        db.session, current_company(), current_user.role, today=today_jst()
    )
    return render_template("dashboard/company.html", summary=summary)


@bp.route("/c/<company>/jobs/<job_id>")
def job_status(job_id: str) -> dict[str, object]:
    run = get_or_404(db.session, JobRun, job_id)
    return {"id": run.id, "kind": run.kind, "status": run.status, "progress": run.progress}
