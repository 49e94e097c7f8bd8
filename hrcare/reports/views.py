"""Report pages: history and "generate" (company), progress, downloads; hub batches.

HR, executives and the company's hub operator see a company's reports (the tenant resolver
answers 404 for any other company, ``get_or_404`` for another company's report). A hub
operator's batch is reachable by that hub only.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, send_file, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from hrcare.core.actor import current_actor
from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _, current_language
from hrcare.core.tenancy import current_company, get_or_404
from hrcare.extensions import db
from hrcare.reports import build, services
from hrcare.reports.forms import ReportForm
from hrcare.reports.models import Report, ReportBatch

bp = Blueprint("reports", __name__, url_prefix="/c/<company>/reports")
hub_bp = Blueprint("report_batches", __name__, url_prefix="/hub/reports")
BLUEPRINTS = (bp, hub_bp)
#: Seconds between refreshes of a progress page while the job runs (no JavaScript needed).
REFRESH_SECONDS = 2


@bp.get("/ledger.pdf")
def ledger_pdf() -> Response:
    """The plan and the legal-duty ledger as a PDF, for an audit or a 健康経営 application."""
    company = current_company()
    pdf = build.build_ledger_pdf(
        db.session, company, language=current_language(), today=today_jst()
    )
    response = Response(pdf, mimetype="application/pdf")
    name = f"plan-ledger-{company.slug}-{today_jst().isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
def index() -> str:
    company = current_company()
    rows = services.history(db.session, company.id)
    return render_template("reports/index.html", company=company, rows=rows, form=ReportForm())


@bp.post("/")
def generate() -> Response | tuple[str, int]:
    company = current_company()
    form = ReportForm()
    if not form.validate_on_submit():
        rows = services.history(db.session, company.id)
        return render_template("reports/index.html", company=company, rows=rows, form=form), 400
    actor = current_actor()
    assert actor is not None
    report = services.request_report(
        db.session, actor, company, language=form.language.data, now=utcnow()
    )
    db.session.commit()
    return redirect(url_for(".show", report_id=report.id))


@bp.get("/<int:report_id>")
def show(report_id: int) -> str:
    report = get_or_404(db.session, Report, report_id)
    row = services.row(db.session, report)
    return render_template(
        "reports/show.html", company=current_company(), row=row, refresh=REFRESH_SECONDS
    )


@bp.get("/<int:report_id>/report.<kind>")
def download(report_id: int, kind: str) -> Response:
    if kind not in services.FILE_TYPES:
        abort(404)
    report = get_or_404(db.session, Report, report_id)
    return _send(report, current_company().slug, kind)


def _send(report: Report, slug: str, kind: str) -> Response:
    path = services.file_path(current_app.extensions["hrcare.settings"], report, kind)
    if path is None:
        abort(404)
    name = f"report-{slug}-{report.id}-{report.language}.{kind}"
    response = send_file(
        path, mimetype=services.FILE_TYPES[kind], as_attachment=True, download_name=name
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@hub_bp.post("/batches")
def batch_create() -> Response:
    actor = current_actor()
    assert actor is not None
    form = ReportForm()
    if not form.validate_on_submit() or actor.hub_id is None:
        abort(400)
    batch = services.request_batch(db.session, actor, language=form.language.data, now=utcnow())
    db.session.commit()
    return redirect(url_for(".batch_show", batch_id=batch.id))


def _own_batch(batch_id: int) -> ReportBatch:
    """The batch of the acting hub, or 404 (another hub's batch is not there)."""
    actor = current_actor()
    if actor is None or actor.hub_id is None:
        abort(404)
    batch = db.session.scalars(
        select(ReportBatch).where(ReportBatch.id == batch_id, ReportBatch.hub_id == actor.hub_id)
    ).first()
    if batch is None:
        abort(404)
    return batch


@hub_bp.get("/batches/<int:batch_id>")
def batch_show(batch_id: int) -> str:
    batch = _own_batch(batch_id)
    status = services.batch_status(db.session, batch)
    return render_template(
        "reports/batch.html", status=status, refresh=REFRESH_SECONDS, title=_("レポートの一括作成")
    )


@hub_bp.get("/batches/<int:batch_id>/<int:report_id>.pdf")
def batch_download(batch_id: int, report_id: int) -> Response:
    """A batch's PDF from the hub page (the hub need not switch into each client)."""
    status = services.batch_status(db.session, _own_batch(batch_id))
    for company, row in status.rows:
        if row.report.id == report_id:
            return _send(row.report, company.slug, "pdf")
    abort(404)
