"""``hrcare report executive``: the executive report from the configured database.

Builds the same document as the background job (``build.build_report``) and writes it to
``--output``. An unknown company, a language not offered or a company with nothing to
report prints a message on stderr and exits with status 2; nothing is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from hrcare.core.clock import today_jst
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.reports.build import LanguageNotOffered, build_report
from hrcare.reports.content import NothingToReport
from hrcare.tenants.services import Company

report = AppGroup("report", help="経営層向けレポート")


@report.command("executive")
@click.option("--company", "slug", required=True, help="企業のスラッグ（URL の /c/<slug>/）")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "language", default="ja", show_default=True, help="ja または en")
@click.option(
    "--workbook",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="同じ数値の Excel ファイルも書き出す",
)
@click.pass_context
def executive(
    ctx: click.Context, slug: str, output: Path, language: str, workbook: Path | None
) -> None:
    """Write the executive report of one company as a PDF."""
    session = db.session
    company = session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        click.echo(f"unknown company: {slug}", err=True)
        ctx.exit(2)
        return
    set_current_company(session, company)
    try:
        built = build_report(session, company, language=language, today=today_jst())
    except LanguageNotOffered as error:
        click.echo(str(error), err=True)
        ctx.exit(2)
        return
    except NothingToReport:
        click.echo(f"company {slug} has neither a closed survey nor active employees", err=True)
        ctx.exit(2)
        return
    _write(output, built.pdf)
    if workbook is not None:
        _write(workbook, built.workbook)
    click.echo(f"{output}: {built.pages} pages, {len(built.pdf):,} bytes", err=True)


def _write(path: Path, body: bytes) -> None:
    """All or nothing: a temporary file in the same folder, then a rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(body)
    os.replace(temporary, path)


COMMANDS = (report,)
