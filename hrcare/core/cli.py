"""Core commands: database migrations, translations, the RQ worker, backups."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from hrcare.core import backup, migrate
from hrcare.core.i18n import compile_catalogs

cli = AppGroup("db", help="データベース（マイグレーション）")


@cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate the configured database up to REVISION (default: head)."""
    migrate.upgrade(current_app.extensions["hrcare.db"].engine, revision)
    click.echo(f"database at {revision}")


@cli.command("downgrade")
@click.argument("revision")
def downgrade(revision: str) -> None:
    migrate.downgrade(current_app.extensions["hrcare.db"].engine, revision)
    click.echo(f"database at {revision}")


i18n = click.Group("i18n", help="翻訳カタログ")


@i18n.command("compile")
def compile_() -> None:
    """Compile every feature's English catalog (.po → .mo)."""
    for path in compile_catalogs():
        click.echo(f"compiled {path}")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Exit when the queue is empty.")
def worker(burst: bool) -> None:
    """Run an RQ worker for the configured Redis (jobs run inline without Redis)."""
    from hrcare.core.jobs import make_worker

    settings = current_app.extensions["hrcare.settings"]
    if not settings.redis_url:
        raise click.ClickException(
            "HRCARE_REDIS_URL is not set: jobs run inline, no worker needed."
        )
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    make_worker(app).work(burst=burst, with_scheduler=True)


backup_group = click.Group("backup", help="バックアップと復元")


def _file_store() -> Path:
    return current_app.extensions["hrcare.settings"].file_store_path


@backup_group.command("create")
@click.option("--output", "output", required=True, type=click.Path(path_type=Path))
def backup_create(output: Path) -> None:
    """Dump the configured database and the file store into the folder OUTPUT."""
    try:
        summary = backup.create(current_app.extensions["hrcare.db"].engine, output, _file_store())
    except backup.BackupError as error:
        raise click.UsageError(str(error)) from None
    rows = sum(summary.tables.values())
    click.echo(
        f"backup {summary.folder}: schema {summary.revision}, {rows} rows, {summary.files} files"
    )


@backup_group.command("restore")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
def backup_restore(folder: Path) -> None:
    """Restore FOLDER into the configured database, which must be empty."""
    try:
        summary = backup.restore(current_app.extensions["hrcare.db"].engine, folder, _file_store())
    except backup.BackupError as error:
        raise click.UsageError(str(error)) from None
    rows = sum(summary.tables.values())
    click.echo(f"restored {folder}: schema {summary.revision}, {rows} rows, {summary.files} files")


COMMANDS = (cli, i18n, worker, backup_group)
