"""The survey administration blueprint and what its view modules share (``views``,
``link_views``, ``question_views`` import it; ``views`` imports the other two so their routes
are registered: no cycle)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from werkzeug.wrappers import Response

from hrcare.core.tenancy import get_or_404
from hrcare.extensions import db
from hrcare.surveys import services
from hrcare.surveys.models import Survey

bp = Blueprint("surveys", __name__, url_prefix="/c/<company>/surveys")


def load_survey(survey_id: int) -> Survey:
    return get_or_404(db.session, Survey, survey_id)


def back_to(survey: Survey) -> Response:
    return redirect(url_for("surveys.detail", survey_id=survey.id))  # type: ignore[return-value]


def refuse(error: services.SurveyError, survey: Survey | None = None) -> Response:
    flash(str(error), "error")
    if survey is None:
        return redirect(url_for("surveys.index"))  # type: ignore[return-value]
    return back_to(survey)
