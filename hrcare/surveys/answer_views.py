"""The employee's side: the personal link, consent, the form, thanks, where to consult.

No login: the token in the link is the credential (policy: PUBLIC). It is exchanged for the
session on the first request (``/s/<token>`` keeps only its hash in the signed session
cookie and redirects) and never appears in a URL after that: consent is ``/s/start``, the
form ``/s/answer``, the thanks ``/s/thanks`` — so neither later request lines nor their
Referer headers carry it, and request logs redact the first one (``core.logsafe``).
Nothing is stored before the final page is submitted: consent and the answers of earlier
pages travel in the signed session cookie (free text is only on the last page, so it never
has to travel), and the cookie entry is dropped once the answers are pooled. GET changes
nothing on the server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from werkzeug.wrappers import Response

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _, get_locale
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.surveys import answering, submission
from hrcare.surveys.forms import AnswerPageForm, ConsentForm
from hrcare.tenants.services import Company

bp = Blueprint("survey_answer", __name__, url_prefix="/s")

FLOW_KEY = "survey_flow"
LINK_KEY = "survey_link"  # the hash of the token this browser came with
PROBLEM_STATUS = {
    submission.UNKNOWN: 404,
    submission.NOT_OPEN: 403,
    submission.CLOSED: 410,
    submission.ANSWERED: 409,
}
DEFAULT_CONTACT = "社内の人事担当部署または相談窓口にお問い合わせください。"


def _locale() -> str:
    return str(get_locale() or "ja")


def _problem(link: submission.Link, *, on_get: bool = False) -> tuple[str, int]:
    status = (
        200
        if on_get and link.problem == submission.ANSWERED
        else PROBLEM_STATUS[link.problem or ""]
    )
    return render_template("surveys/answer/problem.html", problem=link.problem, link=link), status


def _resolve(token: str | None = None, *, with_questions: bool = False) -> submission.Link:
    """The link of ``token`` (the first request), else of the hash kept in the session."""
    if token is not None:
        link = submission.resolve_link(db.session, token, today_jst())
    else:
        link = submission.resolve_hash(
            db.session,
            str(session.get(LINK_KEY) or ""),
            today_jst(),
            with_questions=with_questions,
        )
    if link.company is not None:
        set_current_company(db.session, link.company)
    if link.problem == submission.CLOSED and request.method == "POST" and link.survey is not None:
        # A POST after the last day records the close (a GET never changes state).
        if submission.close_if_expired(db.session, link.survey, today=today_jst(), now=utcnow()):
            db.session.commit()
    return link


def _flow(link: submission.Link) -> dict[str, Any] | None:
    flow = session.get(FLOW_KEY)
    if isinstance(flow, dict) and flow.get("h") == link.token_hash[:24]:
        return flow
    return None


@bp.route("/<token>", methods=["GET", "POST"])
def enter(token: str) -> Response | tuple[str, int] | str:
    """The link's only use of the token: keep its hash in the session, then go on without it."""
    link = _resolve(token)
    if link.problem:
        return _problem(link, on_get=request.method == "GET")
    session[LINK_KEY] = link.token_hash
    if request.method == "POST":  # a consent form posted to the link itself
        return consent()
    return redirect(url_for("survey_answer.consent"), code=303)


@bp.route("/start", methods=["GET", "POST"])
def consent() -> Response | tuple[str, int] | str:
    link = _resolve()
    if link.problem:
        return _problem(link, on_get=request.method == "GET")
    form = ConsentForm()
    if form.validate_on_submit():
        assert link.survey is not None
        session[FLOW_KEY] = {
            "h": link.token_hash[:24],
            "v": link.survey.consent_version,
            "at": utcnow().isoformat(),
            "a": {},
        }
        return redirect(url_for("survey_answer.page"))
    return render_template(
        "surveys/answer/consent.html",
        form=form,
        survey=link.survey,
        company=link.company,
        already=_flow(link) is not None,
    )


def _render_page(
    link: submission.Link,
    every_page: list[answering.Page],
    pages: list[answering.Page],
    page: answering.Page,
    answers: dict[str, Any],
    result: answering.PageResult | None,
    form: AnswerPageForm,
) -> str:
    keys = [p.key for p in pages]
    index = keys.index(page.key)
    # Progress counts every page the survey can have, so it only ever moves forward:
    # skipped pages are jumped over instead of making the total grow while answering.
    every = [p.key for p in every_page]
    return render_template(
        "surveys/answer/page.html",
        survey=link.survey,
        company=link.company,
        page=page,
        number=every.index(page.key) + 1,
        total=len(every),
        previous_key=keys[index - 1] if index else None,
        next_key=keys[index + 1] if index + 1 < len(keys) else None,
        form=form,
        ctx=answering.FormContext(
            locale=_locale(),
            answers={**answers, **(result.answers if result else {})},
            comments=result.comments if result else {},
            errors=result.errors if result else {},
            slots=answering.dependent_slots(answers),
        ),
    )


@bp.route("/answer", methods=["GET", "POST"])
def page() -> Response | tuple[str, int] | str:
    link = _resolve(with_questions=True)
    if link.problem:
        return _problem(link, on_get=request.method == "GET")
    flow = _flow(link)
    if flow is None:
        return redirect(url_for("survey_answer.consent"))
    assert link.survey is not None and link.invitation is not None
    questions = list(link.survey.questions)
    every = answering.all_pages(questions)
    answers: dict[str, Any] = dict(flow.get("a") or {})
    pages = answering.visible_among(every, answers)
    keys = [p.key for p in pages]
    key = request.args.get("p") or keys[0]
    if key not in keys:
        return redirect(url_for("survey_answer.page", p=keys[0]))
    current = pages[keys.index(key)]
    form = AnswerPageForm()
    if not form.validate_on_submit():
        return _render_page(link, every, pages, current, answers, None, form)
    result = answering.parse_page(current, request.form, answers)
    if form.nav.data == "back":
        answers.update(result.answers if result.ok else {})
        return _to_page(flow, answers, keys[max(0, keys.index(key) - 1)])
    if not result.ok:
        return _render_page(
            link, every, pages, current, answers, result, form
        ), 400 if result.tampered else 200
    answers.update(result.answers)
    keys = [p.key for p in answering.visible_among(every, answers)]
    index = keys.index(key)
    if index + 1 < len(keys):
        return _to_page(flow, answers, keys[index + 1])
    return _submit(link, flow, questions, answers, result.comments)


def _to_page(flow: dict[str, Any], answers: dict[str, Any], key: str) -> Response:
    """Keep the answers so far in the session and go to page ``key``."""
    session[FLOW_KEY] = {**flow, "a": answers}
    return redirect(url_for("survey_answer.page", p=key))


def _submit(
    link: submission.Link,
    flow: dict[str, Any],
    questions: list[Any],
    answers: dict[str, Any],
    comments: dict[str, str],
) -> Response | tuple[str, int] | str:
    """After the last page: store the response (once), or send back to what is missing."""
    assert link.survey is not None and link.invitation is not None
    missing = answering.first_incomplete(questions, answers)
    if missing is not None:
        session[FLOW_KEY] = {**flow, "a": answers}
        flash(_("未回答の質問があります。"), "error")
        return redirect(url_for("survey_answer.page", p=missing))
    stored = _store(
        invitation_id=link.invitation.id,
        token_hash=link.token_hash,
        answers=answering.final_answers(questions, answers),
        comments=comments,
        consent_version=str(flow.get("v") or link.survey.consent_version),
        consented_at=datetime.fromisoformat(str(flow["at"])),
    )
    if not stored:
        session.pop(FLOW_KEY, None)
        return _problem(
            submission.Link(
                submission.ANSWERED, link.token_hash, link.invitation, link.survey, link.company
            )
        )
    db.session.commit()
    session.pop(FLOW_KEY, None)
    # A transaction of its own: the batch of responses never shares the mark's.
    if submission.write_pool(db.session, link.survey.id):
        db.session.commit()
    return redirect(url_for("survey_answer.thanks"))


def _store(**submission_args: Any) -> bool:
    """Store the response, or find that this link was already used.

    SQLite (WAL) refuses a write from a transaction whose snapshot predates another
    connection's commit: *any* other employee's submission, not only a second tab of this
    link. The refused attempt stored nothing, so it is tried once more in a fresh transaction,
    where the conditional UPDATE either marks the invitation or finds it already answered
    (PostgreSQL waits instead and never needs the retry). A second failure is a real database
    problem: it propagates as an error page and the answers stay in the session, so the
    employee is not told "already answered" and can send them again.
    """
    try:
        return submission.submit_response(db.session, **submission_args)
    except OperationalError:
        db.session.rollback()
    return submission.submit_response(db.session, **submission_args)


@bp.route("/thanks")
def thanks() -> Response | tuple[str, int] | str:
    link = _resolve()
    if link.problem != submission.ANSWERED:
        if link.problem:
            return _problem(link, on_get=True)
        return redirect(url_for("survey_answer.consent"))
    return render_template("surveys/answer/thanks.html", company=link.company, survey=link.survey)


@bp.route("/consult/<company_slug>")
def consult(company_slug: str) -> str:
    """Where to ask for help. No token, nothing about any answer: anyone may read it."""
    company = db.session.scalars(select(Company).where(Company.slug == company_slug)).first()
    if company is None:
        abort(404)
    contact = (getattr(company, "consultation_contact", "") or "").strip()
    return render_template(
        "surveys/answer/consult.html",
        company=company,
        contact=contact or _(DEFAULT_CONTACT),
        has_contact=bool(contact),
    )
