"""``hrcare demo load`` and ``hrcare demo credentials``: synthetic data for trying hrcare.

Refused in production: the demo accounts share a published password.
"""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from hrcare.core.clock import today_jst
from hrcare.core.i18n import _, force_locale
from hrcare.core.roles import Role
from hrcare.demo import generator, loader
from hrcare.extensions import db
from hrcare.tenants import services as tenants

USAGE_ERROR = 2

demo = AppGroup("demo", help="デモデータ")


def _fail(message: object) -> None:
    db.session.rollback()
    click.echo(str(message), err=True)
    click.get_current_context().exit(USAGE_ERROR)


@demo.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when any company exists.")
@click.option("--seed", type=int, default=generator.DEFAULT_SEED, show_default=True)
@click.option(
    "--scale",
    type=click.FloatRange(0.001, 1.0),
    default=1.0,
    show_default=True,
    help="Fraction of the standard roster sizes (quick tries, tests).",
)
def load(if_empty: bool, seed: int, scale: float) -> None:
    """Load the demo hub, four companies, their rosters and one account per role."""
    settings = current_app.extensions["hrcare.settings"]
    with force_locale(settings.default_locale):
        if settings.is_production:
            _fail(
                _(
                    "本番環境ではデモデータを読み込めません（デモ用アカウントのパスワードは公開されています）。"
                )
            )
        if if_empty and tenants.any_company_exists(db.session):
            click.echo(_("企業が既にあるため、デモデータは読み込みませんでした。"))
            return
        started = time.perf_counter()
        data = generator.generate(seed=seed, today=today_jst(), scale=scale)
        try:
            summary = loader.load(db.session, data)
        except tenants.TenantError as error:
            _fail(error)
            return
        db.session.commit()
        click.echo(
            _(
                "デモデータを読み込みました：企業 %(companies)d 社、従業員 %(employees)d 名、アカウント %(accounts)d 件（%(seconds).1f 秒）",
                companies=summary.companies,
                employees=summary.employees,
                accounts=summary.accounts,
                seconds=time.perf_counter() - started,
            )
        )


@demo.command("credentials")
def credentials() -> None:
    """Print the demo accounts and their (public) password."""
    with force_locale(current_app.extensions["hrcare.settings"].default_locale):
        rows = loader.credentials(db.session)
        if not rows:
            click.echo(_("デモ用アカウントはありません（hrcare demo load で作成できます）。"))
            return
        click.echo(
            _("デモ用アカウント（パスワードはすべて %(password)s）", password=loader.DEMO_PASSWORD)
        )
        for row in rows:
            held = "・".join(
                str(tenants.ROLE_LABELS[Role(role)]) + (f"（{place}）" if place else "")
                for role, place in row.held
            )
            click.echo(f"  {held}\t{row.email}")


COMMANDS = (demo,)
