"""HR admin pages: purge one employee's care data (with a confirmation), retention setting."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrcare.core.db import after_commit, utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company, get_or_404
from hrcare.extensions import db
from hrcare.privacy import purge, retention
from hrcare.privacy.forms import PurgeForm, RetentionForm
from hrcare.privacy.reads import record_audited_read
from hrcare.roster.models import Employee

bp = Blueprint("privacy", __name__, url_prefix="/c/<company>/privacy")
bp.after_app_request(record_audited_read)


@bp.route("/employees/<int:employee_id>/purge", methods=["GET", "POST"])
def purge_employee(employee_id: int) -> Response | str:
    employee = get_or_404(db.session, Employee, employee_id)
    form = PurgeForm()
    if form.validate_on_submit():
        if (form.confirm_number.data or "").strip() != employee.employee_number:
            form.confirm_number.errors.append(_("社員番号が一致しません。"))
        else:
            summary = purge.purge_employee(
                db.session, actor_id=current_user.id, employee=employee, now=utcnow()
            )
            keys = list(summary.file_keys)
            after_commit(db.session, lambda: purge.remove_files(keys))
            db.session.commit()
            flash(
                _("介護に関するデータを削除しました（%(rows)s 件）。", rows=summary.total_rows),
                "info",
            )
            return redirect(url_for("roster.edit", employee_id=employee.id))
    planned = purge.preview(db.session, employee)
    return render_template("privacy/purge.html", form=form, employee=employee, planned=planned)


@bp.route("/retention", methods=["GET", "POST"])
def settings() -> Response | str:
    company = current_company()
    form = RetentionForm()
    if request.method == "GET":
        form.months.data = retention.months_for(db.session, company.id)
    if form.validate_on_submit():
        retention.set_months(
            db.session, actor_id=current_user.id, company_id=company.id, months=form.months.data
        )
        db.session.commit()
        flash(_("保存期間を保存しました。"), "info")
        return redirect(url_for("privacy.settings"))
    return render_template("privacy/retention.html", form=form)
