from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from hrcare.core.actor import current_actor
from hrcare.core.clock import today_jst
from hrcare.core.jobs import JobRun
from hrcare.core.tenancy import current_company, get_or_404
from hrcare.dashboard import services
from hrcare.extensions import db

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def home() -> Response | str:
    """The start page of the place in force (chosen in the header, or the first one)."""
    actor = current_actor()
    if actor is None:
        return redirect(url_for("auth.login"))
    if actor.company_slug is not None:
        return redirect(url_for("dashboard.company", company=actor.company_slug))
    for endpoint in ("tenants.hub_home", "tenants.admin_index"):
        if actor.can(endpoint):
            return redirect(url_for(endpoint))
    return render_template("dashboard/no_place.html")


@bp.route("/c/<company>/")
def company() -> str:
    summary = services.company_summary(
        db.session, current_company(), current_actor(), today=today_jst()
    )
    return render_template("dashboard/company.html", summary=summary)


@bp.route("/c/<company>/jobs/<job_id>")
def job_status(job_id: str) -> dict[str, object]:
    run = get_or_404(db.session, JobRun, job_id)
    return {"id": run.id, "kind": run.kind, "status": run.status, "progress": run.progress}
