"""Desk pages beside the thread: the notice record, the support plan, the directory, the
survey's free comments, the desk settings and the counts others see."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from hrcare.consultations import access, directory, records, services
from hrcare.consultations.desk_base import bp
from hrcare.consultations.desk_base import staff_actor as _actor
from hrcare.consultations.directory import DirectoryError, EntryData
from hrcare.consultations.directory_models import CATEGORY_LABELS, GROUPS
from hrcare.consultations.forms import (
    DirectoryFilterForm,
    EntryForm,
    NoticeForm,
    PlanForm,
    SettingsForm,
)
from hrcare.consultations.records import NoticeData, PlanData
from hrcare.consultations.services import ConsultationError
from hrcare.core.clock import jst_date, today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.surveys import services as surveys

NOTICE_FIELDS = tuple(NoticeData.__dataclass_fields__)


@bp.route("/<int:consultation_id>/notice", methods=["GET", "POST"])
def notice(consultation_id: int) -> Response | str:
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    if not c.is_moushide:
        abort(404)
    existing = records.notice_for(db.session, c)
    form = NoticeForm(data=records.notice_form_data(existing) if existing else None)
    if request.method == "GET" and existing is None:
        form.moushide_on.data = jst_date(c.created_at)
        form.notified_on.data = today_jst()
        form.apply_to.data = current_company().consultation_contact.strip()[:200]
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in NOTICE_FIELDS}
        values["apply_to"] = values["apply_to"] or ""
        values["intention_note"] = values["intention_note"] or ""
        values["employee_requested"] = bool(values["employee_requested"])
        data = NoticeData(**values)
        try:
            records.record_notice(db.session, actor=actor, consultation=c, data=data, now=utcnow())
        except ConsultationError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("個別の周知・意向確認を記録しました。"), "info")
            return redirect(url_for("desk.detail", consultation_id=c.id))
    return render_template("consultations/notice.html", c=c, form=form)


def _plan_form(plan: object) -> PlanForm:
    form = PlanForm()
    if request.method == "GET" and plan is not None:
        values = {**plan.situation, **plan.work}  # type: ignore[attr-defined]
        for name in ("measures", "measures_note", "handover", "manager_summary"):
            values[name] = getattr(plan, name)
        values["next_review_on"] = plan.next_review_on  # type: ignore[attr-defined]
        values["follow_up"] = plan.follow_up  # type: ignore[attr-defined]
        form.process(data=values)
    return form


@bp.route("/<int:consultation_id>/plan", methods=["GET", "POST"])
def plan(consultation_id: int) -> Response | str:
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    existing = records.plan_for(db.session, c)
    form = _plan_form(existing)
    if request.method == "GET" and existing is None:
        relative = c.relative or {}
        form.process(data={k: relative.get(k) for k in ("relationship", "age_band", "care_level")})
    if form.validate_on_submit():
        situation = {
            name: getattr(form, name).data or ""
            for name in ("relationship", "age_band", "care_level", "dementia", "residence")
            + records.SITUATION_TEXT
        }
        data = PlanData(
            situation=situation,
            work={name: getattr(form, name).data or "" for name in records.WORK_TEXT},
            measures=list(form.measures.data or []),
            measures_note=form.measures_note.data or "",
            handover=form.handover.data or "",
            manager_summary=form.manager_summary.data or "",
            next_review_on=form.next_review_on.data,
            follow_up=form.follow_up.data or "",
        )
        try:
            records.save_plan(db.session, actor=actor, consultation=c, data=data, now=utcnow())
        except ConsultationError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("支援プランを保存しました。"), "info")
            return redirect(url_for("desk.detail", consultation_id=c.id))
    return render_template("consultations/plan.html", c=c, form=form, plan=existing)


@bp.get("/<int:consultation_id>/plan/manager")
def plan_share(consultation_id: int) -> str:
    """The summary for the employee's manager: only once the employee has consented."""
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    existing = records.plan_for(db.session, c)
    if existing is None or existing.share_consent_at is None:
        abort(404)
    services.record_read(db.session, actor_id=actor.user_id, consultation=c)
    db.session.commit()
    return render_template("consultations/plan_share.html", c=c, plan=existing)


@bp.get("/directory")
def directory_index() -> str:
    company = current_company()
    form = DirectoryFilterForm(formdata=request.args)
    valid = form.validate()
    entries = directory.visible_entries(
        db.session,
        company.id,
        company.hub_id,
        category=(form.category.data or None) if valid else None,
        prefecture=(form.prefecture.data or None) if valid else None,
    )
    return render_template(
        "consultations/directory.html",
        form=form,
        entries=entries,
        groups=GROUPS,
        category_labels=CATEGORY_LABELS,
    )


@bp.route("/directory/new", methods=["GET", "POST"])
def directory_new() -> Response | str:
    actor, company = _actor(), current_company()
    form = EntryForm()
    if form.validate_on_submit():
        data = EntryData(
            name=form.name.data or "",
            provider=form.provider.data or "",
            categories=list(form.categories.data or []),
            prefectures=list(form.prefectures.data or []),
            municipalities=form.municipalities.data or "",
            is_public=bool(form.is_public.data),
            price_note=form.price_note.data or "",
            contact=form.contact.data or "",
            url=form.url.data or "",
        )
        try:
            directory.add_entry(
                db.session, data=data, actor_id=actor.user_id, company_id=company.id
            )
        except DirectoryError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("サービスを登録しました。"), "info")
            return redirect(url_for("desk.directory_index"))
    return render_template("consultations/directory_new.html", form=form)


@bp.get("/comments")
def comments() -> str:
    """The survey's free comments, as the consent page promises: linked to nobody."""
    rows = surveys.free_comments(db.session, current_company().id)
    return render_template("consultations/comments.html", rows=rows)


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> Response | str:
    actor, company = _actor(), current_company()
    form = SettingsForm()
    if request.method == "GET":
        form.response_days.data = services.response_days(db.session, company.id)
    if form.validate_on_submit():
        services.set_response_days(
            db.session, actor=actor, company_id=company.id, days=form.response_days.data
        )
        db.session.commit()
        flash(_("相談窓口の設定を保存しました。"), "info")
        return redirect(url_for("desk.settings"))
    return render_template("consultations/settings.html", form=form)


@bp.get("/overview")
def overview() -> str:
    """Counts by topic and status for HR, executives and the hub: never contents."""
    company = current_company()
    figures = services.counts(
        db.session, company_id=company.id, threshold=company.anonymity_threshold
    )
    return render_template("consultations/overview.html", figures=figures)
