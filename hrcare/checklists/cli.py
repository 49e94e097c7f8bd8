"""``hrcare duties age40``: the age-40 ledger of one company on one day, as JSON."""

from __future__ import annotations

import json
from datetime import date

import click
from flask.cli import AppGroup

from hrcare.checklists import age40, ledger
from hrcare.extensions import db
from hrcare.tenants import services as tenants

duties = AppGroup("duties", help="法定の対応（台帳）")


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@duties.command("age40")
@click.option("--company", "slug", required=True, help="The company's slug.")
@click.option("--on", "on", callback=_day, help="The day (YYYY-MM-DD); default: today in Japan.")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def age40_command(slug: str, on: date | None, fmt: str) -> None:
    """Employees whose window is open on the day or opens within the following 365 days."""
    from hrcare.core.clock import today_jst

    try:
        company = tenants.company_by_slug(db.session, slug)
    except tenants.TenantError:
        click.echo(f"unknown company: {slug}", err=True)
        raise SystemExit(2) from None
    day = on or today_jst()
    entries = ledger.age40_entries(db.session, company, day, scope="horizon")
    out = {
        "company": company.slug,
        "on": day.isoformat(),
        "window_rule": age40.RULE_NAMES[company.age40_window],
        "entries": [
            {
                "employee_number": e.employee_number,
                "birth_date": e.birth_date.isoformat(),
                "window_start": e.window.start.isoformat(),
                "window_end": e.window.end.isoformat(),
                "status": e.status,
            }
            for e in entries
        ],
    }
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


COMMANDS = (duties,)
