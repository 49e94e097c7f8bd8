"""The company's entry link: a request without an account, followed through a private link.

The entry page carries the company only (the survey's thank-you page links here): nothing
ties a request to a survey answer. The private link is mailed, never shown on the page, so
that only the owner of the e-mail address can follow the request.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from hrcare.consultations import records, services
from hrcare.consultations.attachment_views import send
from hrcare.consultations.follow import LinkError, LinkProblem, read_token
from hrcare.consultations.forms import EmptyForm, GuestRequestForm, ReplyForm
from hrcare.consultations.models import Consultation
from hrcare.consultations.services import ConsultationError
from hrcare.consultations.views import _employee_reply, _employee_withdraw
from hrcare.core.db import utcnow
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.tenants.services import Company

bp = Blueprint("consult_entry", __name__, url_prefix="/consult")


def _company(slug: str) -> Company:
    company = db.session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        abort(404)
    return company


@bp.route("/<company_slug>/request", methods=["GET", "POST"])
def new(company_slug: str) -> Response | str:
    company = _company(company_slug)
    form = GuestRequestForm()
    if form.validate_on_submit():
        try:
            services.file_request(
                db.session,
                actor=None,
                company_id=company.id,
                data=form.data_object(),
                guest_email=(form.email.data or "").strip(),
                now=utcnow(),
            )
        except ConsultationError as error:
            form.form_errors.append(str(error.message))
        else:
            db.session.commit()
            return redirect(url_for("consult_entry.sent", company_slug=company.slug))
    return render_template("consultations/new.html", form=form, company=company, guest=True)


@bp.get("/<company_slug>/sent")
def sent(company_slug: str) -> str:
    return render_template("consultations/sent.html", company=_company(company_slug))


def _follow(token: str) -> Consultation | tuple[str, int]:
    try:
        c = read_token(db.session, token, now=utcnow())
    except LinkError as error:
        expired = error.problem is LinkProblem.EXPIRED
        return render_template(
            "consultations/link_problem.html", expired=expired
        ), 410 if expired else 404
    set_current_company(db.session, db.session.get(Company, c.company_id))
    return c


@bp.get("/r/<token>")
def follow(token: str) -> str | tuple[str, int]:
    c = _follow(token)
    if not isinstance(c, Consultation):
        return c
    services.record_read(db.session, actor_id=None, consultation=c)
    db.session.commit()
    return render_template(
        "consultations/show.html",
        c=c,
        plan=records.plan_for(db.session, c),
        reply_form=ReplyForm(),
        button=EmptyForm(),
        reply_url=url_for("consult_entry.follow_reply", token=token),
        attachment_url=lambda aid: url_for(
            "consult_entry.follow_attachment", token=token, attachment_id=aid
        ),
        withdraw_url=url_for("consult_entry.follow_withdraw", token=token),
        consent_urls=None,
    )


@bp.post("/r/<token>/reply")
def follow_reply(token: str) -> Response | tuple[str, int]:
    c = _follow(token)
    if not isinstance(c, Consultation):
        return c
    _employee_reply(ReplyForm(), c, None)
    return redirect(url_for("consult_entry.follow", token=token))


@bp.get("/r/<token>/attachments/<int:attachment_id>")
def follow_attachment(token: str, attachment_id: int) -> Response | tuple[str, int]:
    c = _follow(token)
    if not isinstance(c, Consultation):
        return c
    return send(c, attachment_id, staff=False, actor_id=None)


@bp.post("/r/<token>/withdraw")
def follow_withdraw(token: str) -> Response | tuple[str, int]:
    c = _follow(token)
    if not isinstance(c, Consultation):
        return c
    _employee_withdraw(c, None)
    return redirect(url_for("consult_entry.follow", token=token))
