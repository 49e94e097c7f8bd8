"""``hrcare survey results``: the aggregates HR sees, as JSON, with the same suppression;
``hrcare survey release``: release waves closed before releases existed (after upgrading).

Contract: the JSON goes to stdout; an unknown company or survey prints a message on stderr
and exits with status 2. The output is ``export.results_dict`` of the wave's release, the
object the page renders, so nothing is shown here that the page would hide.
"""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup
from sqlalchemy import select

from hrcare.core.clock import today_jst
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.surveys.models import Survey
from hrcare.surveys.results import queries, services
from hrcare.surveys.results.definitions import DIMENSIONS
from hrcare.surveys.results.export import results_dict
from hrcare.tenants.services import Company

survey = AppGroup("survey", help="アンケート（介護の実態把握調査）")


def _fail(ctx: click.Context, message: str) -> None:
    click.echo(message, err=True)
    ctx.exit(2)


@survey.command("results")
@click.option("--company", "slug", required=True, help="企業のスラッグ（URL の /c/<slug>/）")
@click.option(
    "--survey", "survey_ref", default="latest", show_default=True, help="調査ID または latest"
)
@click.option("--by", type=click.Choice(DIMENSIONS), default="department", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.pass_context
def results(ctx: click.Context, slug: str, survey_ref: str, by: str, fmt: str) -> None:
    """Print one survey's results for one breakdown (department, age_band or position)."""
    session = db.session
    company = session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        _fail(ctx, f"unknown company: {slug}")
        return
    set_current_company(session, company)  # the ORM safety net scopes this run too
    if survey_ref == "latest":
        found = queries.latest_survey(session, company.id)
    elif survey_ref.isdigit():
        found = queries.find_survey(session, company.id, int(survey_ref))
    else:
        found = None
    if found is None:
        _fail(ctx, f"no survey {survey_ref} with results for company {slug}")
        return
    computed = services.published_results(session, company.id, [found])[found.id]
    data = {"company": company.slug, **results_dict(computed, by)}
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@survey.command("release")
@click.option("--company", "slug", required=True, help="企業のスラッグ（URL の /c/<slug>/）")
@click.pass_context
def release(ctx: click.Context, slug: str) -> None:
    """Release the company's closed waves that have no release yet (waves closed before
    releases existed): computed once now, with the company's current threshold."""
    session = db.session
    company = session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        _fail(ctx, f"unknown company: {slug}")
        return
    set_current_company(session, company)
    closed = session.scalars(
        select(Survey).where(Survey.company_id == company.id, Survey.status == "closed")
    )
    released = 0
    for wave in closed:
        if services.release_for(session, company.id, wave.id) is None:
            services.release_survey(session, wave, today=today_jst())
            released += 1
    session.commit()
    click.echo(json.dumps({"company": company.slug, "released": released}))


COMMANDS = (survey,)
