"""Backup and restore of the whole database and the file store (SECURITY.md item 17).

``create`` writes a folder: ``manifest.json`` (format, schema revision, per-table row counts
and SHA-256 of every table file and stored file), ``tables/<table>.jsonl`` (one JSON object a
row, values encoded by column type) and ``files/`` (a copy of the file store). ``restore``
migrates an *empty* database to the backup's revision, inserts every row in dependency order
in one transaction, moves PostgreSQL's id sequences past the restored ids, and copies the
files. It is generic over ``Base.metadata``: a new feature's tables are included without any
change here. Nothing is written when the manifest does not match the folder.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Table, func, select, text
from sqlalchemy.engine import Connection, Engine

from hrcare.core import migrate
from hrcare.core.db import Base, utcnow

FORMAT = "hrcare-backup/1"
BATCH = 1000


class BackupError(Exception):
    """A backup folder that cannot be restored, or a database that is not empty."""


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    revision: str
    tables: dict[str, int]
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decoder(column_type: Any) -> Any:
    """How a JSON value turns back into what the column holds (None: as it is)."""
    try:
        python_type = getattr(column_type, "impl_instance", column_type).python_type
    except NotImplementedError:
        return None
    return {
        datetime: datetime.fromisoformat,
        date: date.fromisoformat,
        bytes: base64.b64decode,
        Decimal: Decimal,
    }.get(python_type)


def tables() -> list[Table]:
    """Every table of every feature, parents before children (what a backup holds; the
    company deletion in ``privacy.company`` walks the same list backwards)."""
    return list(Base.metadata.sorted_tables)


_tables = tables


def _revision(connection: Connection) -> str:
    return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def create(engine: Engine, output: Path, file_store: Path | None) -> BackupSummary:
    """Dump every table and stored file into ``output`` (which must not exist or be empty)."""
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"{output} is not empty")
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".backup-", dir=output.parent))
    try:
        counts: dict[str, int] = {}
        checksums: dict[str, str] = {}
        (staging / "tables").mkdir()
        with engine.connect() as connection, connection.begin():
            revision = _revision(connection)
            for table in _tables():
                path = staging / "tables" / f"{table.name}.jsonl"
                n = 0
                with path.open("w", encoding="utf-8") as fh:
                    query = select(table).order_by(*table.primary_key.columns)
                    for row in connection.execution_options(stream_results=True).execute(query):
                        record = {k: _encode(v) for k, v in row._mapping.items()}
                        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                        n += 1
                counts[table.name] = n
                checksums[f"tables/{table.name}.jsonl"] = _sha256(path)
        files = 0
        if file_store is not None and file_store.is_dir():
            shutil.copytree(file_store, staging / "files")
            for path in sorted((staging / "files").rglob("*")):
                if path.is_file():
                    checksums[str(path.relative_to(staging))] = _sha256(path)
                    files += 1
        manifest = {
            "format": FORMAT,
            "created_at": utcnow().isoformat(),
            "revision": revision,
            "tables": counts,
            "sha256": checksums,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        if output.exists():
            output.rmdir()
        staging.rename(output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BackupSummary(folder=output, revision=revision, tables=counts, files=files)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, after checking that every listed file is present and unchanged."""
    path = folder / "manifest.json"
    if not path.is_file():
        raise BackupError(f"{folder}: no manifest.json (not an hrcare backup)")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown format {manifest.get('format')!r}")
    for name, digest in manifest["sha256"].items():
        member = folder / name
        if not member.is_file() or _sha256(member) != digest:
            raise BackupError(f"{member}: missing or changed since the backup was made")
    return manifest


def _assert_empty(engine: Engine) -> None:
    with engine.connect() as connection:
        names = set(connection.dialect.get_table_names(connection))
        for table in _tables():
            if (
                table.name in names
                and connection.execute(select(func.count()).select_from(table)).scalar_one()
            ):
                raise BackupError(f"the database is not empty (table {table.name} has rows)")


def restore(engine: Engine, folder: Path, file_store: Path | None) -> BackupSummary:
    """Restore ``folder`` into an empty database and an empty file store, all or nothing."""
    manifest = read_manifest(folder)
    revision = manifest["revision"]
    if revision not in migrate.current_heads():
        raise BackupError(
            f"the backup is at schema {revision}; this version of hrcare migrates to "
            f"{', '.join(migrate.current_heads())}: restore with the matching version"
        )
    _assert_empty(engine)
    has_files = (folder / "files").is_dir()
    if has_files and file_store is not None and file_store.exists() and any(file_store.iterdir()):
        raise BackupError(f"the file store {file_store} is not empty")
    migrate.upgrade(engine, revision)
    with engine.begin() as connection:
        for table in _tables():
            _load_table(connection, table, folder / "tables" / f"{table.name}.jsonl")
        if connection.dialect.name == "postgresql":
            _advance_sequences(connection)
    files = 0
    if has_files and file_store is not None:
        file_store.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=file_store.parent))
        shutil.copytree(folder / "files", staging / "files")
        if file_store.exists():
            file_store.rmdir()
        (staging / "files").rename(file_store)
        staging.rmdir()
        files = sum(1 for p in file_store.rglob("*") if p.is_file())
    return BackupSummary(folder=folder, revision=revision, tables=manifest["tables"], files=files)


def _load_table(connection: Connection, table: Table, path: Path) -> None:
    if not path.is_file():
        raise BackupError(f"{path}: missing")
    decoders = {c.name: _decoder(c.type) for c in table.columns}
    batch: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            for name, value in record.items():
                decode = decoders.get(name)
                if decode is not None and value is not None:
                    record[name] = decode(value)
            batch.append(record)
            if len(batch) >= BATCH:
                connection.execute(table.insert(), batch)
                batch = []
    if batch:
        connection.execute(table.insert(), batch)


def _advance_sequences(connection: Connection) -> None:
    """After explicit ids were inserted, the next generated id must be past them."""
    for table in _tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, Integer) or not column.autoincrement:
                continue
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence:
                connection.execute(
                    text(
                        f"SELECT setval('{sequence}', COALESCE((SELECT MAX({column.name}) "  # noqa: S608 - names from our metadata
                        f"FROM {table.name}), 0) + 1, false)"
                    )
                )
