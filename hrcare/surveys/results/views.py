"""Survey results pages and downloads: HR, executives, and the company's hub operator.

Read-only: nothing is written on these GETs, and nothing personal is recorded — the pages
show aggregates only. Every page and download renders the wave's release (``services``):
computed once at close, jointly audited, frozen with the threshold then in force.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse
from wtforms.fields.choices import SelectChoice

from hrcare.core.clock import today_jst
from hrcare.core.i18n import _, get_locale
from hrcare.core.tenancy import current_company
from hrcare.extensions import db
from hrcare.surveys import stuffing
from hrcare.surveys.common import effective_status
from hrcare.surveys.models import Survey
from hrcare.surveys.questionnaire import CARING
from hrcare.surveys.results import export as exporting
from hrcare.surveys.results import queries, services
from hrcare.surveys.results.aggregates import SurveyResults
from hrcare.surveys.results.columns import OptionCount, QuestionResult
from hrcare.surveys.results.definitions import DIMENSIONS, SECTIONS
from hrcare.surveys.results.forms import DIMENSION_LABELS, SegmentForm, WaveSegmentForm
from hrcare.surveys.results.waves import KEY_QUESTIONS, compare, response_rate_diffs

bp = Blueprint("survey_results", __name__, url_prefix="/c/<company>/surveys/results")

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _survey_or_404(survey_id: int) -> Survey:
    survey = queries.find_survey(db.session, current_company().id, survey_id)
    if survey is None:
        abort(404)
    return survey


def _results(surveys: list[Survey]) -> dict[int, SurveyResults]:
    """Releases of closed waves, participation only for open ones (never recomputed)."""
    return services.published_results(db.session, current_company().id, surveys)


@bp.route("/")
def index() -> str | BaseResponse:
    surveys = queries.surveys_with_results(db.session, current_company().id)
    chosen = request.args.get("survey", "")
    if chosen.isdigit() and any(s.id == int(chosen) for s in surveys):
        return redirect(url_for(".show", survey_id=int(chosen), by=request.args.get("by") or None))
    return render_template(
        "surveys/results/index.html", surveys=surveys, status_of=_statuses(surveys)
    )


def _statuses(surveys: list[Survey]) -> dict[int, str]:
    """What the survey pages call each survey (past its last day an open survey is 終了)."""
    today = today_jst()
    return {s.id: effective_status(s, today) for s in surveys}


@dataclass(frozen=True)
class KeyFigure:
    question: QuestionResult
    option: OptionCount


def key_figures(results: SurveyResults) -> list[KeyFigure]:
    """The page's summary: for each key question, the share caring now or the most chosen
    answer (the full distributions and breakdowns follow further down)."""
    found = {q.code: q for q in results.questions}
    figures = []
    for code in KEY_QUESTIONS:
        q = found.get(code)
        if q is None or not q.answered or not q.options:
            continue
        chosen = next((o for o in q.options if o.code == "yes"), None) if code == CARING else None
        figures.append(KeyFigure(q, chosen or max(q.options, key=lambda o: o.count)))
    return figures


@bp.route("/<int:survey_id>")
def show(survey_id: int) -> str:
    survey = _survey_or_404(survey_id)
    form = SegmentForm(formdata=request.args)
    by = form.by.data if request.args.get("by") is None or form.validate() else "department"
    results = _results([survey])[survey.id]
    released = services.release_for(db.session, current_company().id, survey.id)
    return render_template(
        "surveys/results/show.html",
        release=released,
        link_events=released.link_events if released else stuffing.events(db.session, survey),
        survey=survey,
        surveys=queries.surveys_with_results(db.session, current_company().id),
        results=results,
        key_figures=key_figures(results) if results.answers_available else [],
        status=_statuses([survey])[survey.id],
        form=form,
        by=by,
        groups=results.segments[by],
        sections=SECTIONS,
        dimension_labels=DIMENSION_LABELS,
    )


@bp.route("/<int:survey_id>/waves")
def waves(survey_id: int) -> str:
    survey = _survey_or_404(survey_id)
    series = queries.series_waves(db.session, current_company().id, survey)
    computed = _results(series)
    ordered = [computed[s.id] for s in series]
    form = WaveSegmentForm(formdata=request.args)
    choices = [SelectChoice("", _("全体"))]
    seen: set[str] = set()
    lang = str(get_locale() or "ja")
    for dim in DIMENSIONS:
        for results in ordered:
            for group in results.segments.get(dim, ()):
                key = f"{dim}|{group.value}"
                if key not in seen:
                    seen.add(key)
                    label = group.label_en if lang == "en" else group.label_ja
                    choices.append(SelectChoice(key, label, optgroup=str(DIMENSION_LABELS[dim])))
    form.segment.choices = choices  # type: ignore[assignment]
    by, value = form.selected() if form.validate() else (None, None)
    comparison = compare(ordered, by, value)
    return render_template(
        "surveys/results/waves.html",
        survey=survey,
        form=form,
        comparison=comparison,
        rate_diffs=response_rate_diffs(comparison),
        status_of=_statuses(series),
    )


@bp.route("/<int:survey_id>/export.<fmt>")
def export(survey_id: int, fmt: str) -> Response:
    if fmt not in EXPORT_TYPES:
        abort(404)
    survey = _survey_or_404(survey_id)
    results = _results([survey])[survey.id]
    lang = str(get_locale() or "ja")
    body = exporting.to_csv(results, lang) if fmt == "csv" else exporting.to_xlsx(results, lang)
    response = Response(body, mimetype=EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="survey-{survey.id}-wave-{survey.wave}-results.{fmt}"'
    )
    return response
