"""``hrcare roster import|export``: the roster from a terminal, same rules as the web upload.

Import prints the preview (or every error with its row and column, on stderr) and exits with
status 2 when the file has errors — nothing is written then. Messages are Japanese: the CLI
has no request, hence no user language.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from hrcare.core.clock import today_jst
from hrcare.core.db import utcnow
from hrcare.extensions import db
from hrcare.roster import services
from hrcare.roster.exporter import ExportEncodingError
from hrcare.roster.importer import ImportLimits, RowError, format_limit_bytes
from hrcare.tenants.services import Company, TenantError, company_by_slug

cli = AppGroup("roster", help="従業員名簿の取り込み・出力")


def _company(slug: str) -> Company:
    try:
        return company_by_slug(db.session, slug)
    except TenantError as exc:
        raise click.BadParameter(str(exc), param_hint="--company") from None


def _limits() -> ImportLimits:
    settings = current_app.extensions["hrcare.settings"]
    return ImportLimits(max_bytes=settings.upload_max_bytes, max_rows=settings.upload_max_rows)


def format_error(filename: str, error: RowError) -> str:
    where = f"{error.row}行目" if error.row is not None else ""
    if error.column:
        where += f" [{error.column}]"
    return f"{filename}: {where + ' ' if where else ''}{error.message}"


def _fail(filename: str, errors: list[RowError], count: int) -> None:
    for error in errors:
        click.echo(format_error(filename, error), err=True)
    if count > len(errors):
        click.echo(f"{filename}: ほかに {count - len(errors):,} 件のエラーがあります", err=True)
    click.echo(f"エラー {count:,} 件。名簿には何も書き込んでいません。", err=True)
    sys.exit(2)


def _counts(added: int, updated: int, unchanged: int, left: int, rejoined: int) -> str:
    back = f"（うち在籍に戻る {rejoined:,} 名）" if rejoined else ""
    return (
        f"追加 {added:,} 名 / 更新 {updated:,} 名{back} / 変更なし {unchanged:,} 名"
        f" / 退職扱い {left:,} 名"
    )


@cli.command("import")
@click.option("--company", "slug", required=True, help="企業の識別子（slug）")
@click.option("--dry-run", is_flag=True, help="確認だけして書き込まない")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(slug: str, dry_run: bool, file: Path) -> None:
    """Import a roster FILE (CSV or .xlsx) into the company's roster, all or nothing."""
    company = _company(slug)
    limits = _limits()
    size = file.stat().st_size
    if size > limits.max_bytes:
        click.echo(
            f"{file.name}: ファイルが大きすぎます（上限 {format_limit_bytes(limits.max_bytes)}、"
            f"このファイルは {format_limit_bytes(size)}）",
            err=True,
        )
        sys.exit(2)
    content = file.read_bytes()
    now = utcnow()
    preview = services.preview_file(
        db.session, company, file.name, content, today=today_jst(now), limits=limits
    )
    if not preview.ok:
        _fail(file.name, preview.errors, preview.error_count)
    kind = "Excel" if preview.kind == "xlsx" else f"CSV, {preview.encoding}"
    click.echo(f"{file.name}（{kind}, {preview.data_rows:,} 行）→ {company.name}")
    click.echo(
        _counts(preview.added, preview.updated, preview.unchanged, preview.left, preview.rejoined)
    )
    if dry_run:
        click.echo("--dry-run: 書き込んでいません。")
        return
    try:
        summary = services.commit_file(
            db.session, company, file.name, content, actor_id=None, now=now, limits=limits
        )
    except services.RosterImportError as exc:  # the roster changed between preview and commit
        db.session.rollback()
        _fail(file.name, exc.preview.errors, exc.preview.error_count)
        return
    db.session.commit()
    click.echo("取り込みました: " + _counts(**summary.as_dict()))


@cli.command("export")
@click.option("--company", "slug", required=True, help="企業の識別子（slug）")
@click.option(
    "--format", "fmt", type=click.Choice(services.EXPORT_FORMATS), default="csv", show_default=True
)
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "cp932"]),
    default="utf-8",
    show_default=True,
    help="CSV の文字コード（utf-8 は BOM 付き）",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="出力先（省略時は標準出力）"
)
def export_command(slug: str, fmt: str, encoding: str, output: Path | None) -> None:
    """Export the company's active employees (re-importable, formula-escaped)."""
    company = _company(slug)
    try:
        file = services.export_roster(
            db.session, company, fmt=fmt, encoding=encoding, actor_id=None, now=utcnow()
        )
    except ExportEncodingError as exc:
        db.session.rollback()
        click.echo(
            f"社員番号 {exc.employee_number} の「{exc.column}」に CP932 で表せない文字があります。"
            "--encoding utf-8 で出力してください。",
            err=True,
        )
        sys.exit(2)
    db.session.commit()  # the audit event
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(file.content)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(file.content)
        click.echo(f"{output}: {company.name} の在籍者を出力しました", err=True)


COMMANDS = (cli,)
