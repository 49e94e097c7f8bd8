"""Survey administration (HR): campaigns, questions, invitations, links, response rates.

Only HR administers surveys (executives and hub operators read results, elsewhere). Every
state change is a POST with CSRF; services raise ``SurveyError`` *before* changing anything,
so a refused action leaves nothing half-written.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.core.i18n import _
from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.surveys import invitations, mailing, services, stuffing
from hrcare.surveys.admin_base import back_to, bp, load_survey, refuse
from hrcare.surveys.forms import (
    ASKED_LABELS,
    EMPLOYMENT_LABELS,
    KIND_LABELS,
    ActionForm,
    MoveForm,
    OpenForm,
    SurveyForm,
)
from hrcare.surveys.models import Survey


@bp.route("/")
def index() -> str:
    today = today_jst()
    surveys = services.list_surveys(db.session, current_company().id)
    return render_template(
        "surveys/index.html",
        surveys=surveys,
        status_of={s.id: services.effective_status(s, today) for s in surveys},
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> Response | str:
    company = current_company()
    form = SurveyForm(
        data={"title": services.DEFAULT_TITLE, "title_en": services.DEFAULT_TITLE_EN}
        if request.method == "GET"
        else None
    )
    form.set_choices(*services.roster_options(db.session, company.id))
    if form.validate_on_submit():
        try:
            survey = services.create_survey(
                db.session,
                company_id=company.id,
                actor_id=current_user.id,
                title=form.title.data,
                title_en=form.title_en.data or "",
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                audience=services.clean_audience(form.departments.data, form.employment_types.data),
            )
        except services.SurveyError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _("アンケートを作成しました（下書き）。質問を確認してから開始してください。"),
                "info",
            )
            return back_to(survey)
    return render_template("surveys/form.html", form=form, survey=None)


def _edit_form(survey: Survey) -> SurveyForm:
    """The survey's settings form: filled from the survey on GET (from the request on POST),
    its audience choices from the roster."""
    audience = survey.audience or {}
    form = SurveyForm(
        obj=survey,
        data={
            "departments": audience.get("departments", []),
            "employment_types": audience.get("employment_types", []),
        }
        if request.method == "GET"
        else None,
    )
    form.set_choices(*services.roster_options(db.session, survey.company_id))
    return form


def _audience(survey: Survey, form: SurveyForm) -> dict[str, Any]:
    """Once open, the audience is not on the form (it cannot change): keep the stored one."""
    if survey.status == "open":
        return survey.audience
    return services.clean_audience(form.departments.data, form.employment_types.data)


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
def edit(survey_id: int) -> Response | str:
    survey = load_survey(survey_id)
    if survey.status == "closed":
        flash(_("終了したアンケートは変更できません。"), "error")
        return back_to(survey)
    form = _edit_form(survey)
    if form.validate_on_submit():
        audience = _audience(survey, form)
        try:
            services.update_survey(
                db.session,
                survey,
                title=form.title.data,
                title_en=form.title_en.data or "",
                opens_on=form.opens_on.data,
                closes_on=form.closes_on.data,
                audience=audience,
                today=today_jst(),
            )
        except services.SurveyError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("アンケートの設定を保存しました。"), "info")
            return back_to(survey)
    return render_template("surveys/form.html", form=form, survey=survey)


@bp.route("/<int:survey_id>/open", methods=["POST"])
def open_(survey_id: int) -> Response:
    survey = load_survey(survey_id)
    form = OpenForm()
    if not form.validate_on_submit():
        return back_to(survey)
    try:
        invited = services.open_survey(
            db.session,
            survey,
            actor_id=current_user.id,
            today=today_jst(),
            now=utcnow(),
            send_invitations=bool(form.send_invitations.data),
        )
    except services.SurveyError as error:
        return refuse(error, survey)
    db.session.commit()
    flash(_("アンケートを開始しました。対象者 %(n)s 名。", n=f"{invited:,}"), "info")
    return back_to(survey)


def _confirm(survey: Survey, action: str) -> str:
    """The page that asks before a reminder or a close, with how many people it affects."""
    return render_template(
        "surveys/confirm.html",
        survey=survey,
        action=action,
        affected=services.affected_by(db.session, survey, today=today_jst()),
        action_form=ActionForm(),
    )


@bp.route("/<int:survey_id>/close", methods=["GET", "POST"])
def close(survey_id: int) -> Response | str:
    survey = load_survey(survey_id)
    if request.method == "GET":
        return _confirm(survey, "close")
    if ActionForm().validate_on_submit():
        try:
            services.close_survey(db.session, survey, actor_id=current_user.id, now=utcnow())
        except services.SurveyError as error:
            return refuse(error, survey)
        db.session.commit()
        flash(_("アンケートを終了しました。以後の回答は受け付けません。"), "info")
    return back_to(survey)


@bp.route("/<int:survey_id>/wave", methods=["POST"])
def new_wave(survey_id: int) -> Response:
    survey = load_survey(survey_id)
    if ActionForm().validate_on_submit():
        try:
            copy = services.new_wave(db.session, survey, actor_id=current_user.id)
        except services.SurveyError as error:
            return refuse(error, survey)
        db.session.commit()
        flash(
            _("第%(wave)s回を下書きとして作成しました。日程を設定してください。", wave=copy.wave),
            "info",
        )
        return redirect(url_for("surveys.edit", survey_id=copy.id))  # type: ignore[return-value]
    return back_to(survey)


@bp.route("/<int:survey_id>/delete", methods=["POST"])
def delete(survey_id: int) -> Response:
    survey = load_survey(survey_id)
    if ActionForm().validate_on_submit():
        try:
            services.delete_draft(db.session, survey, actor_id=current_user.id)
        except services.SurveyError as error:
            return refuse(error, survey)
        db.session.commit()
        flash(_("下書きを削除しました。"), "info")
        return redirect(url_for("surveys.index"))  # type: ignore[return-value]
    return back_to(survey)


@bp.route("/<int:survey_id>/invite", methods=["POST"])
def invite(survey_id: int) -> Response:
    survey = load_survey(survey_id)
    if ActionForm().validate_on_submit():
        try:
            services.queue_invitations(
                db.session, survey, actor_id=current_user.id, today=today_jst()
            )
        except services.SurveyError as error:
            return refuse(error, survey)
        db.session.commit()
        flash(_("リンクが未送信の対象者に招待メールを送信しています。"), "info")
    return back_to(survey)


@bp.route("/<int:survey_id>/remind", methods=["GET", "POST"])
def remind(survey_id: int) -> Response | str:
    survey = load_survey(survey_id)
    if request.method == "GET":
        return _confirm(survey, "remind")
    if ActionForm().validate_on_submit():
        try:
            services.queue_reminders(
                db.session, survey, actor_id=current_user.id, today=today_jst()
            )
        except services.SurveyError as error:
            return refuse(error, survey)
        db.session.commit()
        flash(_("未回答の対象者にリマインダーを送信しています（本日送信済みの方を除く）。"), "info")
    return back_to(survey)


@bp.route("/<int:survey_id>/invite-late", methods=["POST"])
def invite_late(survey_id: int) -> Response:
    """People added to the roster since opening: invited only by this explicit action."""
    survey = load_survey(survey_id)
    if ActionForm().validate_on_submit():
        try:
            added = invitations.invite_late(
                db.session, survey, actor_id=current_user.id, today=today_jst()
            )
        except services.SurveyError as error:
            return refuse(error, survey)
        db.session.commit()
        flash(
            _("%(n)s名を対象者に追加しました。この操作は記録され、表示されます。", n=added), "info"
        )
    return back_to(survey)


@bp.route("/<int:survey_id>")
def detail(survey_id: int) -> str:
    survey = load_survey(survey_id)
    company = current_company()
    today = today_jst()
    rates = services.response_rates(db.session, survey, company.anonymity_threshold)
    return render_template(
        "surveys/detail.html",
        survey=survey,
        status=services.effective_status(survey, today),
        past_deadline=survey.status == "open"
        and services.effective_status(survey, today) == "closed",
        rates=rates,
        link_status=services.link_status(db.session, survey) if survey.status != "draft" else None,
        pages=services.all_pages(survey.questions),
        action_form=ActionForm(),
        open_form=OpenForm(),
        move_form=MoveForm(),
        kind_labels=KIND_LABELS,
        asked_labels=ASKED_LABELS,
        asked_of=services.asked_of,
        employment_labels=EMPLOYMENT_LABELS,
        results_url=_results_url(survey),
        link_events=stuffing.events(db.session, survey),
        mail_runs=mailing.mail_runs(db.session, survey) if survey.status != "draft" else [],
        late=len(invitations.pending_late(db.session, survey)) if survey.status == "open" else 0,
    )


def _results_url(survey: Survey) -> str | None:
    """The results page (another module of this feature) once there are answers to show."""
    if survey.status == "draft" or "survey_results.show" not in current_app.view_functions:
        return None
    return url_for("survey_results.show", survey_id=survey.id)


# The question editor, the preview and the link list register on the same blueprint.
from hrcare.surveys import link_views, question_views  # noqa: E402,F401
