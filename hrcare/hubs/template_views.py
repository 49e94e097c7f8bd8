"""The hub's templates for its clients (survey variant, directory entries, report cover), and
the page where a client's HR admins see what they inherit and override it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from hrcare.consultations import services as consultations
from hrcare.core.actor import current_actor
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.hubs import inherit
from hrcare.hubs.blueprint import _hub_actor
from hrcare.hubs.blueprint import bp as hub_bp
from hrcare.hubs.forms import ClientTemplateForm, EntryForm, HubTemplateForm
from hrcare.tenants import services as tenants

# The client's page: company-scoped (its HR admins).
bp = Blueprint("hub_template", __name__, url_prefix="/c/<company>/hub-template")


@hub_bp.route("/template", methods=["GET", "POST"])
def template() -> Any:
    actor = _hub_actor()
    row = inherit.hub_template(db.session, actor.hub_id)
    form = HubTemplateForm(obj=row)
    if row is not None and not form.is_submitted():
        form.questions.data = inherit.questions_text(row.questions or [])
    if form.validate_on_submit():
        try:
            inherit.save_hub_template(
                db.session,
                actor,
                survey_title=form.survey_title.data or "",
                survey_title_en=form.survey_title_en.data or "",
                questions=form.questions.data or "",
                report_cover=form.report_cover.data or "",
                report_cover_en=form.report_cover_en.data or "",
                now=utcnow(),
            )
        except inherit.TemplateError as exc:
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("テンプレートを保存しました。"), "info")
            return redirect(url_for("hubs.template"))
    entries = consultations.hub_entries(db.session, actor.hub_id)  # type: ignore[arg-type]
    entry_form = EntryForm()
    entry_form.categories.choices = [(k, str(v)) for k, v in consultations.CATEGORY_LABELS.items()]
    return render_template("hubs/template.html", form=form, entries=entries, entry_form=entry_form)


@hub_bp.route("/directory", methods=["POST"])
def directory_add() -> Any:
    actor = _hub_actor()
    form = EntryForm()
    form.categories.choices = [(k, str(v)) for k, v in consultations.CATEGORY_LABELS.items()]
    if not form.validate_on_submit():
        flash(_("サービス名を入力してください。"), "error")
        return redirect(url_for("hubs.template"))
    data = consultations.EntryData(
        name=form.name.data or "",
        provider=form.provider.data or "",
        categories=list(form.categories.data or []),
        prefectures=[],
        municipalities="",
        is_public=bool(form.is_public.data),
        price_note="",
        contact=form.contact.data or "",
        url=form.url.data or "",
    )
    try:
        consultations.add_hub_entry(
            db.session,
            hub_id=actor.hub_id,
            actor_id=actor.user_id,
            data=data,  # type: ignore[arg-type]
        )
    except consultations.DirectoryError as exc:
        flash(str(exc.message), "error")
        return redirect(url_for("hubs.template"))
    db.session.commit()
    flash(_("相談先の一覧に追加しました。支援先企業すべてに表示されます。"), "info")
    return redirect(url_for("hubs.template"))


@hub_bp.route("/directory/<int:entry_id>/delete", methods=["POST"])
def directory_delete(entry_id: int) -> Any:
    actor = _hub_actor()  # CSRF: checked on every POST (CSRFProtect)
    if not consultations.delete_hub_entry(
        db.session,
        hub_id=actor.hub_id,
        entry_id=entry_id,  # type: ignore[arg-type]
    ):
        abort(404)
    db.session.commit()
    flash(_("相談先の一覧から削除しました。"), "info")
    return redirect(url_for("hubs.template"))


@bp.route("/", methods=["GET", "POST"])
def client_template() -> Any:
    """What the company inherits from its hub, and its own choices over it."""
    company = current_company()
    actor = current_actor()
    assert actor is not None
    hub = tenants.hub_by_id(db.session, company.hub_id)
    own = inherit.client_template(db.session, company.id)
    form = ClientTemplateForm(obj=own)
    if own is None and not form.is_submitted():
        form.use_hub_questions.data = True
    if form.validate_on_submit():
        try:
            inherit.save_client_template(
                db.session,
                actor,
                company,
                use_hub_questions=bool(form.use_hub_questions.data),
                survey_title=form.survey_title.data or "",
                report_cover=form.report_cover.data or "",
                now=utcnow(),
            )
        except inherit.TemplateError as exc:
            flash(str(exc.message), "error")
        else:
            db.session.commit()
            flash(_("設定を保存しました。"), "info")
            return redirect(url_for("hub_template.client_template"))
    return render_template(
        "hubs/client_template.html",
        hub=hub,
        hub_template=inherit.hub_template(db.session, company.hub_id),
        effective=inherit.effective(db.session, company),
        form=form,
    )
