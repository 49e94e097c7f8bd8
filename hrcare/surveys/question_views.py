"""HR's question editor (draft surveys only) and the preview of the employee's form."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, render_template, request
from werkzeug.wrappers import Response

from hrcare.core.i18n import _, get_locale
from hrcare.core.tenancy import current_company, get_or_404
from hrcare.extensions import db
from hrcare.surveys import services
from hrcare.surveys.admin_base import back_to, bp, load_survey, refuse
from hrcare.surveys.answering import FormContext, all_pages
from hrcare.surveys.forms import (
    KIND_LABELS,
    ActionForm,
    CoreQuestionForm,
    CustomQuestionForm,
    MoveForm,
)
from hrcare.surveys.models import Survey, SurveyQuestion


def load_question(survey: Survey, question_id: int) -> SurveyQuestion:
    question = get_or_404(db.session, SurveyQuestion, question_id)
    if question.survey_id != survey.id:
        abort(404)
    return question


def _option_lines(question: SurveyQuestion) -> str:
    return "\n".join(f"{o['ja']} | {o.get('en', '')}".rstrip(" |") for o in question.options or [])


def _custom_fields(form: CustomQuestionForm) -> dict[str, Any]:
    """A custom question's fields as the services take them (options apart: new questions
    take ``options``, edits ``option_labels``)."""
    return {
        "kind": form.kind.data,
        "text_ja": form.text_ja.data,
        "text_en": form.text_en.data or "",
        "scale_min": form.scale_min.data,
        "scale_max": form.scale_max.data,
    }


def _edit_form(question: SurveyQuestion) -> CoreQuestionForm | CustomQuestionForm:
    """The question's form: filled from the question on GET, from the request on POST. A core
    question's wording only can change; a custom question's kind, options and scale too."""
    prefill = request.method == "GET"
    if question.is_core:
        return CoreQuestionForm(
            data={
                "text_ja": question.text_ja,
                "text_en": question.text_en,
                "options": [{"ja": o["ja"], "en": o.get("en", "")} for o in question.options or []],
            }
            if prefill
            else None
        )
    settings = question.settings or {}
    return CustomQuestionForm(
        data={
            "kind": question.kind,
            "text_ja": question.text_ja,
            "text_en": question.text_en,
            "options_text": _option_lines(question),
            "scale_min": settings.get("min", 0),
            "scale_max": settings.get("max", 10),
        }
        if prefill
        else None
    )


def _changes(form: CoreQuestionForm | CustomQuestionForm) -> dict[str, Any]:
    """What a valid edit form changes, as ``services.update_question``'s arguments."""
    if isinstance(form, CoreQuestionForm):
        return {
            "text_ja": form.text_ja.data,
            "text_en": form.text_en.data or "",
            "option_labels": [(e.form.ja.data or "", e.form.en.data or "") for e in form.options],
        }
    return {
        "option_labels": services.parse_option_lines(form.options_text.data or ""),
        **_custom_fields(form),
    }


def _draft_only(survey: Survey) -> Response | None:
    if survey.status != "draft":
        flash(_("質問を変更できるのは下書きのアンケートだけです。"), "error")
        return back_to(survey)
    return None


@bp.route("/<int:survey_id>/questions/new", methods=["GET", "POST"])
def question_new(survey_id: int) -> Response | str:
    survey = load_survey(survey_id)
    if (refused := _draft_only(survey)) is not None:
        return refused
    form = CustomQuestionForm()
    if form.validate_on_submit():
        try:
            services.add_custom_question(
                db.session,
                survey,
                options=services.parse_option_lines(form.options_text.data or ""),
                **_custom_fields(form),
            )
        except services.SurveyError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("質問を追加しました。"), "info")
            return back_to(survey)
    return render_template("surveys/question_form.html", form=form, survey=survey, question=None)


@bp.route("/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
def question_edit(survey_id: int, question_id: int) -> Response | str:
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    if (refused := _draft_only(survey)) is not None:
        return refused
    form = _edit_form(question)
    if form.validate_on_submit():
        try:
            services.update_question(db.session, question, **_changes(form))
        except services.SurveyError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("質問を保存しました。"), "info")
            return back_to(survey)
    return render_template(
        "surveys/question_form.html",
        form=form,
        survey=survey,
        question=question,
        kind_labels=KIND_LABELS,
    )


@bp.route("/<int:survey_id>/questions/<int:question_id>/delete", methods=["POST"])
def question_delete(survey_id: int, question_id: int) -> Response:
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    if ActionForm().validate_on_submit():
        try:
            services.delete_question(db.session, question)
        except services.SurveyError as error:
            return refuse(error, survey)
        db.session.commit()
        flash(_("質問を削除しました。"), "info")
    return back_to(survey)


@bp.route("/<int:survey_id>/questions/<int:question_id>/move", methods=["POST"])
def question_move(survey_id: int, question_id: int) -> Response:
    survey = load_survey(survey_id)
    question = load_question(survey, question_id)
    form = MoveForm()
    if form.validate_on_submit():
        try:
            services.move_question(db.session, question, form.direction.data)
        except services.SurveyError as error:
            return refuse(error, survey)
        db.session.commit()
    return back_to(survey)


@bp.route("/<int:survey_id>/preview")
def preview(survey_id: int) -> str:
    """The employee's form exactly as rendered for them, every page, nothing submitted."""
    survey = load_survey(survey_id)
    pages = all_pages(survey.questions)
    keys = [p.key for p in pages]
    key = request.args.get("p", keys[0] if keys else "")
    if key not in keys:
        abort(404)
    index = keys.index(key)
    return render_template(
        "surveys/answer/page.html",
        survey=survey,
        company=current_company(),
        page=pages[index],
        number=index + 1,
        total=len(pages),
        previous_key=keys[index - 1] if index else None,
        next_key=keys[index + 1] if index + 1 < len(keys) else None,
        form=None,
        ctx=FormContext(locale=str(get_locale() or "ja"), slots=3, preview=True),
    )
