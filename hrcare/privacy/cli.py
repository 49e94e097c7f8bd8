"""``hrcare privacy purge`` (deletion on request) and ``hrcare retention run`` (cron).

Messages are Japanese: the CLI has no request, hence no user language.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from hrcare.core.db import utcnow
from hrcare.core.tenancy import set_current_company
from hrcare.extensions import db
from hrcare.privacy import company as company_purge
from hrcare.privacy import purge, retention
from hrcare.roster.models import Employee
from hrcare.tenants.models import Company

privacy = AppGroup("privacy", help="個人データの削除（本人の求めによる消去）")
retention_group = AppGroup("retention", help="保存期間を過ぎたデータの削除")


def _employee(slug: str, number: str) -> Employee:
    company = db.session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        raise click.BadParameter(f"企業 {slug} はありません", param_hint="--company")
    set_current_company(db.session, company)
    employee = db.session.scalars(
        select(Employee).where(
            Employee.company_id == company.id, Employee.employee_number == number
        )
    ).first()
    if employee is None:
        raise click.BadParameter(f"社員番号 {number} の従業員はいません", param_hint="--employee")
    return employee


def _counts(summary: purge.PurgeSummary | company_purge.CompanyPurge) -> str:
    parts = [f"{table} {count}" for table, count in sorted(summary.rows.items())]
    return ", ".join(parts) or "なし"


@privacy.command("purge")
@click.option("--company", "slug", required=True, help="企業のスラッグ（URL の /c/<slug>/）")
@click.option("--employee", "number", required=True, help="社員番号")
@click.option("--yes", is_flag=True, help="確認せずに削除する")
def purge_command(slug: str, number: str, yes: bool) -> None:
    """Purge one employee's care data (consultations, plans, ledger records, stored files)."""
    employee = _employee(slug, number)
    planned = purge.preview(db.session, employee)
    click.echo(f"削除対象: {_counts(planned)}")
    if not yes:
        click.confirm(
            "この従業員の介護に関するデータを完全に削除します。よろしいですか", abort=True
        )
    summary = purge.purge_employee(db.session, actor_id=None, employee=employee, now=utcnow())
    db.session.commit()
    files = purge.remove_files(summary.file_keys)
    click.echo(f"削除しました: {summary.total_rows} 行（{_counts(summary)}）, ファイル {files} 件")


@privacy.command("purge-company")
@click.option("--company", "slug", required=True, help="企業のスラッグ（URL の /c/<slug>/）")
@click.option(
    "--confirm",
    "typed",
    default=None,
    help="確認のため企業のスラッグをもう一度（一致しなければ削除しない。省略時は対象の件数のみ表示）",
)
def purge_company_command(slug: str, typed: str | None) -> None:
    """Delete every row and stored file of one company (after its off-boarding export)."""
    company = db.session.scalars(select(Company).where(Company.slug == slug)).first()
    if company is None:
        raise click.BadParameter(f"企業 {slug} はありません", param_hint="--company")
    planned = company_purge.preview(db.session, company)
    click.echo(
        f"削除対象: {planned.total_rows} 行（{_counts(planned)}）, アカウント {planned.users} 件"
    )
    if typed is None:
        click.echo("削除するには --confirm に企業のスラッグを指定してください。")
        return
    try:
        summary = company_purge.run(
            db.session,
            current_app,
            company=company,
            confirm=typed,
            actor_id=None,
            now=utcnow(),
        )
    except company_purge.Refused as exc:
        raise click.BadParameter(str(exc.message), param_hint="--confirm") from None
    click.echo(
        f"削除しました: 企業 {summary.slug}, {summary.total_rows} 行, "
        f"アカウント {summary.users} 件, ファイル {summary.files} 件"
    )


@retention_group.command("run")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="基準日時（ISO 8601、UTC。テスト用。省略時は現在）",
)
@click.option("--queue", is_flag=True, help="ワーカーのジョブとして実行する（RQ）")
def retention_run(now_text: str | None, queue: bool) -> None:
    """Remove finished job records and built reports past each company's retention."""
    if queue:
        from hrcare.core.jobs import enqueue

        run = enqueue(db.session, "retention", "hrcare.privacy.tasks.run_retention", actor_id=None)
        db.session.commit()
        click.echo(f"retention: queued job {run.id}")
        return
    now = utcnow()
    if now_text:
        parsed = datetime.fromisoformat(now_text)
        now = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    store = current_app.extensions["hrcare.settings"].file_store_path
    summary = retention.run(db.session, now=now, store=store)
    db.session.commit()
    retention.remove_files(summary)
    click.echo(
        f"retention: removed {summary.rows} rows (job runs {summary.job_runs}, "
        f"reports {summary.reports}, report batches {summary.report_batches}, "
        f"mail records {summary.mail_deliveries}), "
        f"{summary.files} files"
    )


COMMANDS = (privacy, retention_group)
