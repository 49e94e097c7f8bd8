"""The employee's side when signed in: file a request, follow it, reply, withdraw, consent."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from hrcare.consultations import access, attachments, labels, records, services
from hrcare.consultations.attachment_views import send, upload_from_request
from hrcare.consultations.forms import EmptyForm, ReplyForm, RequestForm
from hrcare.consultations.services import ConsultationError
from hrcare.core.actor import Actor, current_actor
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company
from hrcare.extensions import db

bp = Blueprint("consultations", __name__, url_prefix="/c/<company>/consultations")


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"CL": labels}


def _actor() -> Actor:
    actor = current_actor()
    assert actor is not None  # the policy admits signed-in people only
    return actor


@bp.get("/")
def mine() -> str:
    actor = _actor()
    rows = services.own_requests(db.session, actor=actor, company_id=current_company().id)
    return render_template("consultations/mine.html", rows=rows)


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | str:
    actor, company = _actor(), current_company()
    form = RequestForm()
    if form.validate_on_submit():
        try:
            c = services.file_request(
                db.session,
                actor=actor,
                company_id=company.id,
                data=form.data_object(),
                now=utcnow(),
            )
        except ConsultationError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("ご相談を受け付けました。相談窓口から連絡があります。"), "info")
            return redirect(url_for("consultations.show", consultation_id=c.id))
    return render_template("consultations/new.html", form=form, company=company, guest=False)


@bp.get("/<int:consultation_id>")
def show(consultation_id: int) -> str:
    actor = _actor()
    c = access.own_consultation_or_404(db.session, actor, consultation_id)
    services.record_read(db.session, actor_id=actor.user_id, consultation=c)
    db.session.commit()
    return render_template(
        "consultations/show.html",
        c=c,
        plan=records.plan_for(db.session, c),
        reply_form=ReplyForm(),
        button=EmptyForm(),
        reply_url=url_for("consultations.reply", consultation_id=c.id),
        attachment_url=lambda aid: url_for(
            "consultations.attachment", consultation_id=c.id, attachment_id=aid
        ),
        withdraw_url=url_for("consultations.withdraw", consultation_id=c.id),
        consent_urls={
            a: url_for("consultations.consent", consultation_id=c.id, answer=a)
            for a in ("yes", "no")
        },
    )


@bp.post("/<int:consultation_id>/reply")
def reply(consultation_id: int) -> Response:
    actor = _actor()
    c = access.own_consultation_or_404(db.session, actor, consultation_id)
    form = ReplyForm()
    _employee_reply(form, c, actor.user_id)
    return redirect(url_for("consultations.show", consultation_id=c.id))


@bp.get("/<int:consultation_id>/attachments/<int:attachment_id>")
def attachment(consultation_id: int, attachment_id: int) -> Response:
    actor = _actor()
    c = access.own_consultation_or_404(db.session, actor, consultation_id)
    return send(c, attachment_id, staff=False, actor_id=actor.user_id)


@bp.post("/<int:consultation_id>/withdraw")
def withdraw(consultation_id: int) -> Response:
    actor = _actor()
    c = access.own_consultation_or_404(db.session, actor, consultation_id)
    _employee_withdraw(c, actor.user_id)
    return redirect(url_for("consultations.show", consultation_id=c.id))


@bp.post("/<int:consultation_id>/consent/<any(yes,no):answer>")
def consent(consultation_id: int, answer: str) -> Response:
    actor = _actor()
    c = access.own_consultation_or_404(db.session, actor, consultation_id)
    if EmptyForm().validate_on_submit():
        try:
            records.set_share_consent(
                db.session,
                actor_id=actor.user_id,
                consultation=c,
                consent=answer == "yes",
                now=utcnow(),
            )
        except ConsultationError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("上司への共有について、あなたの意思を記録しました。"), "info")
    return redirect(url_for("consultations.show", consultation_id=c.id))


def _employee_reply(form: ReplyForm, c: object, actor_id: int | None) -> None:
    """Shared by the signed-in page and the private link (``entry_views``)."""
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return
    try:
        upload = upload_from_request()
        message = services.employee_reply(
            db.session,
            actor_id=actor_id,
            consultation=c,  # type: ignore[arg-type]
            body=form.body.data or "",
            now=utcnow(),
        )
        if upload is not None:
            attachments.attach(db.session, message, upload)
    except ConsultationError as error:  # checked before anything changed
        flash(str(error.message), "error")
        return
    db.session.commit()
    flash(_("返信を送りました。"), "info")


def _employee_withdraw(c: object, actor_id: int | None) -> None:
    if not EmptyForm().validate_on_submit():
        return
    try:
        services.withdraw(db.session, actor_id=actor_id, consultation=c, now=utcnow())  # type: ignore[arg-type]
    except ConsultationError as error:
        flash(str(error.message), "error")
        return
    db.session.commit()
    flash(_("ご相談を取り下げました。必要になったら、いつでも新しく相談できます。"), "info")
