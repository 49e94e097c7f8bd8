"""The downloadable list of personal links, for companies that hand them out in-house."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template
from flask_login import current_user

from hrcare.core.clock import today_jst
from hrcare.core.formatting import escape_formula
from hrcare.extensions import db
from hrcare.surveys import services
from hrcare.surveys.admin_base import bp, load_survey
from hrcare.surveys.forms import LinksForm
from hrcare.surveys.models import Survey

safe_cell = escape_formula  # spreadsheet formula injection: = + - @ (and full-width) get a '


def links_csv(links: list[services.IssuedLink]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["社員番号", "氏名", "部署", "回答用リンク"])
    for link in links:
        writer.writerow(
            [
                safe_cell(link.employee_number),
                safe_cell(link.name),
                safe_cell(link.department),
                link.url,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def _links_download(survey: Survey, issued: list[services.IssuedLink]) -> Response:
    filename = f"survey-{survey.id}-wave{survey.wave}-links.csv"
    return Response(
        links_csv(issued),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/<int:survey_id>/links", methods=["GET", "POST"])
def links(survey_id: int) -> Response | str:
    survey = load_survey(survey_id)
    departments, _types = services.roster_options(db.session, survey.company_id)
    form = LinksForm()
    form.set_departments(departments)
    status = services.link_status(db.session, survey) if survey.status != "draft" else None
    if form.validate_on_submit():
        try:
            issued = services.issue_links(
                db.session,
                survey,
                scope=form.scope.data,
                department=form.department.data or "",
                today=today_jst(),
                actor_id=current_user.id,
            )
        except services.SurveyError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            return _links_download(survey, issued)
    return render_template(
        "surveys/links.html",
        survey=survey,
        form=form,
        status=status,
        accepting=services.is_accepting(survey, today_jst()),
    )
