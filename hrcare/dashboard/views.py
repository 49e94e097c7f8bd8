from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hrcare.core.actor import current_actor
from hrcare.core.clock import today_jst
from hrcare.core.jobs import JobRun, is_delayed
from hrcare.core.tenancy import current_company, get_or_404
from hrcare.dashboard import services
from hrcare.extensions import db
from hrcare.surveys import services as surveys

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def home() -> Response | str:
    """The start page of the place in force (chosen in the header, or the first one)."""
    actor = current_actor()
    if actor is None:
        return redirect(url_for("auth.login"))
    if actor.company_slug is not None:
        return redirect(url_for("dashboard.company", company=actor.company_slug))
    for endpoint in ("hubs.dashboard", "tenants.admin_index"):
        if actor.can(endpoint):
            return redirect(url_for(endpoint))
    return render_template("dashboard/no_place.html")


@bp.route("/c/<company>/")
def company() -> str:
    summary = services.company_summary(
        db.session,
        current_company(),
        current_actor(),
        today=today_jst(),
        employee_id=current_user.employee_id,
    )
    return render_template("dashboard/company.html", summary=summary, answer_form=FlaskForm())


@bp.route("/c/<company>/survey", methods=["POST"])
def answer_survey() -> Response:
    """A signed-in employee opens the survey now taking answers: a fresh personal link."""
    company = current_company()
    if FlaskForm().validate_on_submit():
        token = surveys.own_link(
            db.session, company.id, current_user.employee_id, today=today_jst()
        )
        if token is not None:
            db.session.commit()
            return redirect(url_for("survey_answer.enter", token=token))
    return redirect(url_for("dashboard.company"))


@bp.route("/c/<company>/jobs/<job_id>")
def job_status(job_id: str) -> dict[str, object]:
    run = get_or_404(db.session, JobRun, job_id)
    return {
        "id": run.id,
        "kind": run.kind,
        "status": run.status,
        "progress": run.progress,
        # queued while the queue was unavailable: it runs once the queue is back
        "delayed": is_delayed(run),
    }
