"""The consultation desk (staff): inbox, one consultation's thread, reply, notes, assignment.

Contents are read only by the assigned staff member (``access``); every read is audited and
the page lists who read it. The unassigned queue shows topics, urgency and due dates only.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from hrcare.consultations import access, attachments, directory, records, services
from hrcare.consultations.attachment_views import send, upload_from_request
from hrcare.consultations.desk_base import bp
from hrcare.consultations.desk_base import staff_actor as _actor
from hrcare.consultations.forms import (
    AssignForm,
    EmptyForm,
    NoteForm,
    StaffReplyForm,
    StatusForm,
    options,
)
from hrcare.consultations.models import Consultation
from hrcare.consultations.services import ConsultationError
from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company
from hrcare.extensions import db


def _flash_errors(form: object) -> None:
    for errors in getattr(form, "errors", {}).values():
        for error in errors:
            flash(str(error), "error")


def _back(c: Consultation) -> Response:
    return redirect(url_for("desk.detail", consultation_id=c.id))


@bp.get("/")
def inbox() -> str:
    actor, company = _actor(), current_company()
    today = today_jst()
    view = services.inbox(db.session, actor=actor, company_id=company.id, today=today)
    return render_template(
        "consultations/inbox.html",
        inbox=view,
        today=today,
        overdue=lambda c: services.is_overdue(c, today),
        button=EmptyForm(),
    )


def _reply_form(c: Consultation) -> StaffReplyForm:
    company = current_company()
    form = StaffReplyForm()
    relative = c.relative or {}
    entries = directory.visible_entries(
        db.session, company.id, company.hub_id, prefecture=relative.get("prefecture") or None
    )
    form.services.choices = options((e.id, e.name) for e in entries)
    return form


@bp.get("/<int:consultation_id>")
def detail(consultation_id: int) -> str:
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    services.record_read(db.session, actor_id=actor.user_id, consultation=c)
    db.session.commit()
    company = current_company()
    assign = AssignForm()
    assign.assignee.choices = options(
        (u.id, u.name or u.email) for u in access.company_staff(db.session, company.id)
    )
    assign.assignee.data = c.assignee_id
    reply = _reply_form(c)
    reply.body.data = ""
    return render_template(
        "consultations/detail.html",
        c=c,
        overdue=services.is_overdue(c, today_jst()),
        reply_form=reply,
        note_form=NoteForm(),
        status_form=StatusForm(status=c.status),
        assign_form=assign,
        notice=records.notice_for(db.session, c),
        plan=records.plan_for(db.session, c),
        reads=services.readers(db.session, c),
        legal_text=records.legal_information(
            company.consultation_contact.strip() or _("相談窓口（このページの担当者）")
        ),
    )


@bp.post("/<int:consultation_id>/take")
def take(consultation_id: int) -> Response:
    actor = _actor()
    c = access.queued_consultation_or_404(db.session, actor, consultation_id)
    if EmptyForm().validate_on_submit():
        services.assign(
            db.session, actor=actor, consultation=c, assignee_id=actor.user_id, now=utcnow()
        )
        db.session.commit()
        flash(_("この相談の担当になりました。"), "info")
    return _back(c)


@bp.post("/<int:consultation_id>/assign")
def assign(consultation_id: int) -> Response:
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    form = AssignForm()
    form.assignee.choices = options(
        (u.id, u.name or u.email) for u in access.company_staff(db.session, c.company_id)
    )
    if not form.validate_on_submit():
        flash(_("担当者は、この会社の相談窓口担当者から選んでください。"), "error")
        return _back(c)
    services.assign(
        db.session, actor=actor, consultation=c, assignee_id=form.assignee.data, now=utcnow()
    )
    db.session.commit()
    flash(_("担当者を変更しました。"), "info")
    if form.assignee.data != actor.user_id:
        return redirect(url_for("desk.inbox"))
    return _back(c)


@bp.post("/<int:consultation_id>/reply")
def reply(consultation_id: int) -> Response:
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    form = _reply_form(c)
    if not form.validate_on_submit():
        _flash_errors(form)
        return _back(c)
    company = current_company()
    try:
        upload = upload_from_request()
        message = services.staff_reply(
            db.session,
            actor=actor,
            consultation=c,
            body=form.body.data or "",
            next_status=form.next_status.data,
            service_ids=form.services.data or [],
            hub_id=company.hub_id,
            now=utcnow(),
        )
        if upload is not None:
            attachments.attach(db.session, message, upload)
    except ConsultationError as error:
        flash(str(error.message), "error")
        return _back(c)
    db.session.commit()
    flash(_("返信を送りました。"), "info")
    return _back(c)


@bp.get("/<int:consultation_id>/attachments/<int:attachment_id>")
def attachment(consultation_id: int, attachment_id: int) -> Response:
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    return send(c, attachment_id, staff=True, actor_id=actor.user_id)


@bp.post("/<int:consultation_id>/note")
def note(consultation_id: int) -> Response:
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    form = NoteForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _back(c)
    services.add_note(db.session, actor=actor, consultation=c, body=form.body.data, now=utcnow())
    db.session.commit()
    flash(_("内部メモを保存しました。"), "info")
    return _back(c)


@bp.post("/<int:consultation_id>/status")
def status(consultation_id: int) -> Response:
    actor = _actor()
    c = access.staff_consultation_or_404(db.session, actor, consultation_id)
    form = StatusForm()
    if not form.validate_on_submit():
        _flash_errors(form)
        return _back(c)
    try:
        services.set_status(
            db.session, actor=actor, consultation=c, status=form.status.data, now=utcnow()
        )
    except ConsultationError as error:
        flash(str(error.message), "error")
        return _back(c)
    db.session.commit()
    flash(_("ステータスを変更しました。"), "info")
    return _back(c)


from hrcare.consultations import desk_records_views  # noqa: E402,F401 - registers routes on bp
