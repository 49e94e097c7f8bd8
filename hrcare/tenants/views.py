"""Tenant pages: the platform admin's tenants and accounts, the hub's clients, HR's accounts
and company settings. Views validate, call one service, commit once and redirect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from hrcare.core.actor import current_actor
from hrcare.core.i18n import _
from hrcare.core.roles import Role
from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.tenants import places, services
from hrcare.tenants.forms import (
    AGE40_WINDOW_LABELS,
    NO_CHOICE,
    CompanyForm,
    CompanySettingsForm,
    CompanyUserForm,
    HubForm,
    PlaceForm,
    ToggleForm,
    UserForm,
)
from hrcare.tenants.models import Company, Hub

if TYPE_CHECKING:
    from hrcare.auth.models import User

bp = Blueprint("tenants", __name__)


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {
        "role_labels": {r.value: label for r, label in services.ROLE_LABELS.items()},
        "age40_window_labels": AGE40_WINDOW_LABELS,
    }


def _hub_choices(blank: str) -> list[SelectChoice]:
    hubs = services.all_hubs(db.session)
    return [SelectChoice(NO_CHOICE, blank)] + [SelectChoice(str(h.id), h.name) for h in hubs]


def _company_choices(blank: str) -> list[SelectChoice]:
    companies = services.all_companies(db.session)
    return [SelectChoice(NO_CHOICE, blank)] + [SelectChoice(str(c.id), c.name) for c in companies]


# --- platform admin ------------------------------------------------------------------------


@bp.route("/admin/")
def admin_index() -> str:
    return render_template(
        "tenants/admin_index.html",
        overview=services.platform_overview(db.session),
        toggle=ToggleForm(),
    )


@bp.route("/admin/hubs/new", methods=["GET", "POST"])
def hub_new() -> Response | str:
    form = HubForm()
    if form.validate_on_submit():
        try:
            hub = services.create_hub(
                db.session, slug=form.slug.data, name=form.name.data, actor_id=current_user.id
            )
        except services.TenantError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("ハブ「%(name)s」を作成しました。", name=hub.name), "info")
            return redirect(url_for("tenants.admin_index"))
    return render_template("tenants/hub_new.html", form=form)


@bp.route("/admin/companies/new", methods=["GET", "POST"])
def company_new() -> Response | str:
    form = CompanyForm()
    form.hub.choices = _hub_choices(_("なし（独立した企業）"))
    if form.validate_on_submit():
        hub = db.session.get(Hub, int(form.hub.data)) if form.hub.data else None
        try:
            company = services.create_company(
                db.session,
                slug=form.slug.data,
                name=form.name.data,
                hub=hub,
                actor_id=current_user.id,
            )
        except services.TenantError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("企業「%(name)s」を作成しました。", name=company.name), "info")
            return redirect(url_for("tenants.admin_index"))
    return render_template("tenants/company_new.html", form=form)


@bp.route("/admin/users/new", methods=["GET", "POST"])
def user_new() -> Response | str:
    form = UserForm()
    form.company.choices = _company_choices("—")
    form.hub.choices = _hub_choices("—")
    if form.validate_on_submit():
        role = Role(form.role.data)
        company = db.session.get(Company, int(form.company.data)) if form.company.data else None
        hub = db.session.get(Hub, int(form.hub.data)) if form.hub.data else None
        try:
            user = services.invite_account_as_platform(
                db.session,
                actor_id=current_user.id,
                email=form.email.data,
                role=role,
                name=form.name.data or "",
                company=company,
                hub=hub,
            )
        except services.TenantError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(email)s に招待メールを送信しました。", email=user.email), "info")
            return redirect(url_for("tenants.admin_index"))
    return render_template("tenants/user_new.html", form=form)


@bp.route("/admin/users/<int:user_id>/toggle", methods=["POST"])
def user_toggle(user_id: int) -> Response:
    user = services.user_by_id(db.session, user_id)
    if user is None:
        abort(404)
    return _toggle(user, back=url_for("tenants.admin_index"))


def _toggle(user: User, *, back: str) -> Response:
    form = ToggleForm()
    if not form.validate_on_submit():
        abort(400)
    active = form.active.data == "1"
    try:
        services.set_account_active(db.session, actor_id=current_user.id, user=user, active=active)
    except services.TenantError as error:
        flash(str(error), "error")
        return redirect(back)
    db.session.commit()
    email = user.email
    if active:
        flash(_("%(email)s を有効にしました。", email=email), "info")
    else:
        flash(
            _("%(email)s を無効にし、ログイン中のセッションを終了しました。", email=email), "info"
        )
    return redirect(back)


# --- places: where a person works ----------------------------------------------------------


@bp.app_context_processor
def _places() -> dict[str, object]:
    return {"place_menu": _place_menu}


@dataclass(frozen=True)
class MenuEntry:
    place: places.Place
    selected: bool


def _place_menu() -> list[MenuEntry]:
    """The places offered in the header (only when there is a choice)."""
    actor = current_actor()
    if actor is None:
        return []
    found = places.places(current_user.user)
    if len(found) < 2:
        return []
    here = places.place_key(actor)
    return [MenuEntry(place, place.key == here) for place in found]


@bp.route("/places/switch", methods=["POST"])
def switch_place() -> Response:
    form = PlaceForm()
    if not form.validate_on_submit():
        abort(404)  # a forged or malformed membership id: not found, nothing changes
    try:
        places.switch_place(
            db.session,
            user=current_user.user,
            session_id=current_user.session_id,
            membership_id=form.membership.data,
            client_slug=form.company.data or "",
        )
    except places.PlaceNotFound:
        abort(404)
    db.session.commit()
    return redirect(url_for("dashboard.home"))


# --- HR admin of a company -----------------------------------------------------------------


@bp.route("/c/<company>/users", methods=["GET", "POST"])
def company_users() -> Response | str:
    company = current_company()
    form = CompanyUserForm()
    if form.validate_on_submit():
        try:
            user, invited = services.invite_company_account(
                db.session,
                actor_id=current_user.id,
                company=company,
                email=form.email.data,
                role=Role(form.role.data),
                name=form.name.data or "",
                employee_number=form.employee_number.data or "",
            )
        except services.TenantError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if invited:
                flash(_("%(email)s に招待メールを送信しました。", email=user.email), "info")
            else:
                flash(_("%(email)s に役割を追加しました。", email=user.email), "info")
            return redirect(url_for("tenants.company_users"))
    accounts = services.company_accounts(db.session, company.id)
    return render_template(
        "tenants/company_users.html",
        form=form,
        accounts=accounts,
        toggle=ToggleForm(),
        platform_created=services.platform_created_accounts(db.session, company),
    )


@bp.route("/c/<company>/users/<int:user_id>/toggle", methods=["POST"])
def company_user_toggle(user_id: int) -> Response:
    user = services.company_account(db.session, current_company().id, user_id)
    if user is None:
        abort(404)  # another company's account is not found, like a missing one
    return _toggle(user, back=url_for("tenants.company_users"))


@bp.route("/c/<company>/settings", methods=["GET", "POST"])
def company_settings() -> Response | str:
    company = current_company()
    form = CompanySettingsForm(obj=company)
    if form.validate_on_submit():
        try:
            services.update_company_settings(
                db.session,
                actor_id=current_user.id,
                company=company,
                name=form.name.data,
                anonymity_threshold=form.anonymity_threshold.data,
                age40_window=form.age40_window.data,
                consultation_contact=form.consultation_contact.data or "",
            )
        except services.TenantError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("企業設定を保存しました。"), "info")
            return redirect(url_for("tenants.company_settings"))
    return render_template("tenants/company_settings.html", form=form, company=company)
