"""The guideline plan: HR admins edit, executives read (progress, actions, 効果検証)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from hrcare.checklists import effect, evidence, figures, guideline, plan, recommend
from hrcare.checklists.common import ChecklistError, company_members
from hrcare.checklists.forms import (
    DeleteForm,
    FileForm,
    IndicatorForm,
    LinkForm,
    NoteForm,
    SessionForm,
    action_form_class,
    apply_error,
    indicator_choice,
)
from hrcare.checklists.models import Evidence
from hrcare.core import files
from hrcare.core.actor import current_actor
from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _, _l
from hrcare.core.tenancy import current_company, get_or_404
from hrcare.extensions import db

bp = Blueprint("checklists", __name__, url_prefix="/c/<company>/plan")


CHANGE_LABELS = {
    "status": _l("状況"),
    "owner_id": _l("担当者"),
    "due_date": _l("期限"),
    "notes": _l("メモ"),
    "na_reason": _l("対象外とする理由"),
    "evidence": _l("証跡の追加"),
    "evidence_removed": _l("証跡の削除"),
    "indicators": _l("指標"),
    "sessions": _l("研修の記録"),
}


def change_label(field: str, action: guideline.Action) -> str:
    detail = next((d for d in action.details if d.name == field), None)
    return str(detail.label if detail else CHANGE_LABELS.get(field, field))


def change_value(field: str, value: str, members: dict[int, Any]) -> str:
    if field == "status" and value in guideline.STATUS_LABELS:
        return str(guideline.STATUS_LABELS[value])
    if field == "owner_id" and value.isdigit():
        user = members.get(int(value))
        return (user.name or user.email) if user else "—"
    return value or "—"


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {
        "guideline": guideline,
        "metric_labels": plan.METRIC_LABELS,
        "change_label": change_label,
        "change_value": change_value,
    }


@bp.get("/")
def index() -> str:
    company = current_company()
    return render_template(
        "checklists/plan.html",
        company=company,
        states=plan.plan_states(db.session, company.id),
        progress=plan.progress(db.session, company.id),
        recommendations=recommend.recommendations(db.session, company),
        evidence_counts=evidence.evidence_counts(db.session, company.id),
        members={u.id: u for u in company_members(db.session, company.id)},
        today=today_jst(),
    )


def _action_form(state: plan.ActionState, members: list[Any]) -> Any:
    form_class = action_form_class(state.action)
    row = state.row
    data = {}
    if request.method == "GET" and row is not None:
        data = {
            "status": row.status,
            "na_reason": row.na_reason,
            "owner": str(row.owner_id or ""),
            "due_date": row.due_date,
            "notes": row.notes,
        }
        data.update({f"d_{k}": v for k, v in (row.details or {}).items() if isinstance(v, str)})
    form = form_class(data=data) if data else form_class()
    form.owner.choices = [("", _("（未定）"))] + [(str(u.id), u.name or u.email) for u in members]
    for detail in state.action.details:
        field = getattr(form, f"d_{detail.name}")
        if detail.kind == "date" and isinstance(field.data, str) and field.data:
            field.data = date.fromisoformat(field.data)
    return form


@bp.route("/<code>", methods=["GET", "POST"])
def action(code: str) -> str | BaseResponse:
    company = current_company()
    state = plan.action_state(db.session, company.id, code) or abort(404)
    members = company_members(db.session, company.id)
    form = _action_form(state, members)
    if request.method == "POST" and form.validate():
        try:
            plan.update_action(
                db.session,
                current_actor(),
                company,
                code,
                status=form.status.data,
                owner_id=form.owner_id(),
                due_date=form.due_date.data,
                notes=form.notes.data,
                na_reason=form.na_reason.data,
                details=form.detail_values(),
                today=today_jst(),
                now=utcnow(),
            )
        except ChecklistError as error:
            apply_error(form, error)
        else:
            db.session.commit()
            flash(_("取組を保存しました。"), "info")
            return redirect(url_for("checklists.action", code=code))
    return _render_action(company, state, form, members)


def _render_action(
    company: Any, state: plan.ActionState, form: Any, members: list[Any], **forms: Any
) -> str:
    code = state.action.code
    indicators = plan.tracked_indicators(db.session, company.id)
    indicator_form = forms.get("indicator_form") or IndicatorForm(
        data={f"use_{m}": True for m in indicators}
        | {f"target_{m}": t for m, t in indicators.items()}
    )
    return render_template(
        "checklists/action.html",
        company=company,
        state=plan.action_state(db.session, company.id, code),
        form=form,
        members={u.id: u for u in members},
        history=plan.history(db.session, company.id, code),
        evidence=evidence.evidence_for(db.session, company.id, f"action:{code}"),
        subject=f"action:{code}",
        note_form=forms.get("note_form") or NoteForm(),
        link_form=forms.get("link_form") or LinkForm(),
        file_form=forms.get("file_form") or FileForm(),
        delete_form=DeleteForm(),
        indicator_form=indicator_form,
        session_form=forms.get("session_form") or SessionForm(),
        metrics=plan.METRICS,
        today=today_jst(),
    )


@bp.post("/2-3/indicators")
def indicators() -> str | BaseResponse:
    company = current_company()
    form = IndicatorForm()
    if form.validate():
        chosen, targets = indicator_choice(form)
        try:
            plan.set_indicators(
                db.session, current_actor(), company, targets, chosen=chosen, now=utcnow()
            )
        except ChecklistError as error:
            apply_error(form, error)
        else:
            db.session.commit()
            flash(_("指標を保存しました。"), "info")
            return redirect(url_for("checklists.action", code="2-3"))
    state = plan.action_state(db.session, company.id, "2-3")
    members = company_members(db.session, company.id)
    return _render_action(
        company, state, _action_form(state, members), members, indicator_form=form
    )


@bp.post("/3-2/sessions")
def session_add() -> str | BaseResponse:
    company = current_company()
    form = SessionForm()
    if form.validate():
        try:
            plan.add_training_session(
                db.session,
                current_actor(),
                company,
                held_on=form.held_on.data,
                title=form.title.data,
                attendees=form.attendees.data,
                invited=form.invited.data,
                today=today_jst(),
                now=utcnow(),
            )
        except ChecklistError as error:
            apply_error(form, error)
        else:
            db.session.commit()
            flash(_("研修の記録を追加しました。"), "info")
            return redirect(url_for("checklists.action", code="3-2"))
    state = plan.action_state(db.session, company.id, "3-2")
    members = company_members(db.session, company.id)
    return _render_action(company, state, _action_form(state, members), members, session_form=form)


@bp.get("/effect")
def effect_page() -> str:
    company = current_company()
    waves = figures.company_waves(db.session, company)
    indicators = plan.tracked_indicators(db.session, company.id)
    return render_template(
        "checklists/effect.html",
        company=company,
        waves=waves,
        series=effect.series(waves, indicators),
    )


# --- evidence ---------------------------------------------------------------------------------


def _back(subject: str) -> str:
    kind, _sep, code = subject.partition(":")
    if kind == "measure":
        return url_for("duties.measure", code=code)
    return url_for("checklists.action", code=code)


@bp.post("/evidence/<kind>")
def evidence_add(kind: str) -> str | BaseResponse:
    company = current_company()
    subject = request.form.get("subject", "")
    forms = {"note": NoteForm, "link": LinkForm, "file": FileForm}
    form = forms.get(kind, lambda: abort(404))()
    actor, now = current_actor(), utcnow()
    try:
        evidence.check_subject(subject)
        if kind == "note":
            evidence.add_note(db.session, actor, company, subject, form.text.data, now=now)
        elif kind == "link":
            evidence.add_link(
                db.session, actor, company, subject, form.url.data, form.text.data, now=now
            )
        else:
            upload = request.files.get("file")
            settings = current_app.extensions["hrcare.settings"]
            evidence.add_file(
                db.session,
                actor,
                company,
                subject,
                filename=upload.filename if upload else "",
                data=upload.read(settings.evidence_max_bytes + 1) if upload else b"",
                max_bytes=settings.evidence_max_bytes,
                now=now,
            )
    except ChecklistError as error:
        flash(error.message, "error")
        if error.field == "subject":
            abort(404)
    else:
        db.session.commit()
        flash(_("証跡を追加しました。"), "info")
    return redirect(_back(subject))


@bp.get("/evidence/<int:evidence_id>/file")
def evidence_file(evidence_id: int) -> Response:
    item = get_or_404(db.session, Evidence, evidence_id)
    if item.kind != "file":
        abort(404)
    try:
        data = files.read(item.file_key)
    except (FileNotFoundError, files.BadKey):
        abort(404)
    response = Response(data, mimetype=item.content_type)
    response.headers["Content-Disposition"] = _disposition(item.filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"evidence.{files.extension(filename) or 'bin'}\"; filename*=UTF-8''{quote(filename)}"


@bp.post("/evidence/<int:evidence_id>/delete")
def evidence_delete(evidence_id: int) -> BaseResponse:
    company = current_company()
    item = get_or_404(db.session, Evidence, evidence_id)
    subject = item.subject
    if DeleteForm().validate():
        evidence.delete_evidence(db.session, current_actor(), company, item, now=utcnow())
        db.session.commit()
        flash(_("証跡を削除しました。"), "info")
    return redirect(_back(subject))
