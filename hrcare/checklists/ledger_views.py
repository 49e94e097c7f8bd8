"""The legal-duty ledger: HR admins keep it; consultation staff may record individual notices."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from hrcare.checklists import evidence, export, ledger
from hrcare.checklists.common import ChecklistError
from hrcare.checklists.forms import (
    Age40Form,
    DeleteForm,
    FileForm,
    IndividualNoticeForm,
    LinkForm,
    MeasureForm,
    NoteForm,
    apply_error,
)
from hrcare.checklists.models import MEASURE_CODES
from hrcare.core.actor import current_actor
from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.roster import services as roster

bp = Blueprint("duties", __name__, url_prefix="/c/<company>/duties")


@bp.context_processor
def _labels() -> dict[str, Any]:
    return export.template_labels()


@bp.get("/")
def index() -> str:
    company = current_company()
    today = today_jst()
    staff = roster.active_employees(db.session, company.id)  # loaded once for the page
    entries = ledger.age40_entries(db.session, company, today, employees=staff)
    return render_template(
        "checklists/ledger.html",
        company=company,
        today=today,
        entries=entries,
        summary=ledger.summarize(entries, company.age40_window, today),
        notices=ledger.individual_notices(db.session, company.id),
        measures=ledger.measures(db.session, company.id),
        short_service=ledger.short_service_employees(
            db.session, company.id, today, employees=staff
        ),
        evidence_counts=evidence.evidence_counts(db.session, company.id),
        age40_form=Age40Form(formdata=None, informed_on=today),
    )


@bp.post("/age40")
def age40_record() -> BaseResponse:
    company = current_company()
    form = Age40Form()
    if form.validate() and (form.employee_id.data or "").isdigit():
        try:
            ledger.record_age40_notice(
                db.session,
                current_actor(),
                company,
                employee_id=int(form.employee_id.data),
                informed_on=form.informed_on.data,
                method=form.method.data,
                materials=form.materials.data,
                today=today_jst(),
                now=utcnow(),
            )
        except ChecklistError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("情報提供を記録しました。"), "info")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        if not form.errors:
            flash(_("従業員が見つかりません。"), "error")
    return redirect(url_for("duties.index") + "#age40")


@bp.route("/notices", methods=["GET", "POST"])
def notices() -> str | BaseResponse:
    company = current_company()
    form = IndividualNoticeForm()
    if request.method == "POST" and form.validate():
        number = (form.employee_number.data or "").strip()
        employee = roster.active_employee(db.session, company.id, number=number) if number else None
        try:
            if employee is None:
                raise ChecklistError(_("この社員番号の従業員は名簿にいません。"), "employee_number")
            ledger.record_individual_notice(
                db.session,
                current_actor(),
                company,
                employee_id=employee.id,
                reported_on=form.reported_on.data,
                notified_on=form.notified_on.data,
                method=form.method.data,
                employee_requested_method=form.employee_requested.data,
                items=form.items(),
                intention=form.intention.data,
                note=form.note.data,
                today=today_jst(),
                now=utcnow(),
            )
        except ChecklistError as error:
            apply_error(form, error)
        else:
            db.session.commit()
            flash(_("個別の周知・意向確認を記録しました。"), "info")
            return redirect(url_for("duties.notices"))
    return render_template(
        "checklists/notices.html",
        company=company,
        form=form,
        notices=ledger.individual_notices(db.session, company.id),
        employees={e.id: e for e in roster.active_employees(db.session, company.id)},
    )


@bp.route("/measures/<code>", methods=["GET", "POST"])
def measure(code: str) -> str | BaseResponse:
    company = current_company()
    if code not in MEASURE_CODES:
        abort(404)
    current = ledger.measures(db.session, company.id).rows[code]
    form = MeasureForm(data=None if request.method == "POST" else vars_of(current))
    if request.method == "POST" and form.validate():
        try:
            ledger.save_measure(
                db.session,
                current_actor(),
                company,
                code=code,
                in_place=form.in_place.data,
                since=form.since.data,
                note=form.note.data,
                today=today_jst(),
                now=utcnow(),
            )
        except ChecklistError as error:
            apply_error(form, error)
        else:
            db.session.commit()
            flash(_("保存しました。"), "info")
            return redirect(url_for("duties.measure", code=code))
    return render_template(
        "checklists/measure.html",
        company=company,
        code=code,
        form=form,
        evidence=evidence.evidence_for(db.session, company.id, f"measure:{code}"),
        subject=f"measure:{code}",
        note_form=NoteForm(),
        link_form=LinkForm(),
        file_form=FileForm(),
        delete_form=DeleteForm(),
        short_service=ledger.short_service_employees(db.session, company.id, today_jst()),
    )


def vars_of(row: ledger.MeasureRow) -> dict[str, Any]:
    return {"in_place": row.in_place, "since": row.since, "note": row.note}


def _ledger_data(company: Any) -> export.LedgerData:
    return export.ledger_data(db.session, company, today_jst())


@bp.get("/export.<fmt>")
def export_file(fmt: str) -> Response:
    company = current_company()
    if fmt not in {"csv", "xlsx"}:
        abort(404)
    data = _ledger_data(company)
    body = export.to_csv(data) if fmt == "csv" else export.to_xlsx(data)
    mimetype = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = Response(body, mimetype=mimetype)
    name = f"plan-ledger-{company.slug}-{data.today.isoformat()}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/print")
def printable() -> str:
    company = current_company()
    return render_template("checklists/print.html", data=_ledger_data(company), company=company)
