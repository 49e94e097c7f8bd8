"""The loss page (HR, executives, the company's hub) and the parameter settings (HR)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.loss import presentation, services
from hrcare.loss.forms import LossSettingsForm, ResetForm, ScenarioForm
from hrcare.loss.models import DEFAULT_METHOD, DEFAULT_SEPARATION
from hrcare.loss.params import ParameterError
from hrcare.loss.scenarios import Scenario

bp = Blueprint("loss", __name__, url_prefix="/c/<company>/loss")


def _scenario(form: ScenarioForm) -> Scenario | None:
    if not form.has_scenario():
        return None
    return Scenario(
        "custom",
        drop_reduction=(form.drop_reduction.data or 0.0) / 100,
        separation_reduction=(form.separation_reduction.data or 0.0) / 100,
    )


@bp.get("/")
def index() -> str:
    company = current_company()
    form = ScenarioForm(formdata=request.args)
    valid = bool(request.args) and form.validate()
    try:
        estimate = services.company_estimate(
            db.session,
            company,
            today=today_jst(),
            method=(form.method.data or None) if valid else None,
            separation=(form.separation.data or None) if valid else None,
            scenario=_scenario(form) if valid else None,
        )
    except services.NoEmployees:
        estimate = None
    return render_template(
        "loss/index.html", company=company, estimate=estimate, form=form, ui=presentation
    )


def _fill_settings(form: LossSettingsForm, company_id: int) -> None:
    """The form as the company's settings are now (its defaults where it has none)."""
    row = services.company_settings(db.session, company_id)
    form.fill(
        services.company_parameters(db.session, company_id),
        method=row.method if row else DEFAULT_METHOD,
        separation=row.separation if row else DEFAULT_SEPARATION,
    )


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> Response | str:
    company = current_company()
    form = LossSettingsForm()
    if form.validate_on_submit():
        try:
            services.save_settings(
                db.session,
                actor_id=current_user.id,
                company_id=company.id,
                values=form.parameter_values(),
                method=form.method.data,
                separation=form.separation.data,
                now=utcnow(),
            )
        except ParameterError as error:
            form.add_error(error.parameter, _("値が範囲外です。入力を確認してください。"))
        else:
            db.session.commit()
            flash(_("経済損失の試算の設定を保存しました。"), "info")
            return redirect(url_for("loss.settings"))
    elif request.method == "GET":
        _fill_settings(form, company.id)
    return render_template(
        "loss/settings.html",
        company=company,
        form=form,
        reset_form=ResetForm(),
        sections=presentation.settings_sections(form),
        ui=presentation,
    )


@bp.post("/settings/reset")
def settings_reset() -> Response:
    company = current_company()
    if ResetForm().validate_on_submit():  # the CSRF token (also checked app-wide)
        services.reset_settings(
            db.session, actor_id=current_user.id, company_id=company.id, now=utcnow()
        )
        db.session.commit()
        flash(_("経済産業省の既定値に戻しました。"), "info")
    return redirect(url_for("loss.settings"))
