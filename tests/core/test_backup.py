"""SECURITY.md item 17: ``hrcare backup create`` / ``restore`` round trip, on SQLite and PostgreSQL.

The demo is loaded into a scratch database through the command line, backed up with a stored
file, restored into a second empty database and file store; every table's rows and every file
must come back identical. A changed backup or a non-empty target is refused with nothing written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine, make_url

import hrcare.models  # noqa: F401 - the whole schema
from hrcare.core.db import Base
from tests.conftest import TEST_DATABASE_URL

Scratch = Callable[[str], str]


@pytest.fixture
def scratch_url(tmp_path: Path) -> Iterator[Scratch]:
    """URLs of empty databases of their own: SQLite files, or scratch PostgreSQL databases."""
    made: list[str] = []
    admin: Engine | None = None
    if TEST_DATABASE_URL:
        base = make_url(TEST_DATABASE_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        admin = create_engine(base, isolation_level="AUTOCOMMIT")

    def _make(name: str) -> str:
        if admin is None:
            return f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        database = f"{admin.url.database}_backup_{name}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        made.append(database)
        return admin.url.set(database=database).render_as_string(hide_password=False)

    yield _make
    if admin is not None:
        with admin.connect() as conn:
            for database in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def _hrcare(instance: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HRCARE_ENV": "development",
        "HRCARE_INSTANCE_PATH": str(instance),
        "HRCARE_DATABASE_URL": url,
        "HRCARE_REDIS_URL": "",
    }
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "hrcare.cli", *args], env=env, capture_output=True, text=True
    )


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table.name: [
                    tuple(row)
                    for row in conn.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _files(store: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(store)): p.read_bytes() for p in sorted(store.rglob("*")) if p.is_file()
    }


def test_backup_restores_every_row_and_file(tmp_path: Path, scratch_url: Scratch) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    source_url, target_url = scratch_url("source"), scratch_url("target")
    assert _hrcare(source, source_url, "db", "upgrade").returncode == 0
    loaded = _hrcare(source, source_url, "demo", "load", "--scale", "0.1")
    assert loaded.returncode == 0, loaded.stderr
    (source / "files" / "evidence").mkdir(parents=True)
    (source / "files" / "evidence" / "規程.pdf").write_bytes(b"%PDF-1.4 canary-4242\n")

    made = _hrcare(source, source_url, "backup", "create", "--output", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    restored = _hrcare(target, target_url, "backup", "restore", str(tmp_path / "bk"))
    assert restored.returncode == 0, restored.stderr

    before, after = _rows(source_url), _rows(target_url)
    assert sum(len(rows) for rows in before.values()) > 100
    for table, rows in before.items():
        assert after[table] == rows, f"table {table} differs after restore"
    assert _files(target / "files") == _files(source / "files")

    # Ids generated after a restore do not collide with restored ones (PostgreSQL sequences).
    engine = create_engine(target_url)
    with engine.begin() as conn:
        hubs = Base.metadata.tables["hubs"]
        highest = conn.execute(select(func.max(hubs.c.id))).scalar_one()
        new_id = conn.execute(
            hubs.insert().values(slug="after-restore", name="復元後", created_at=func.now())
        ).inserted_primary_key[0]
    engine.dispose()
    assert new_id > highest


def test_restore_refuses_a_changed_backup_or_a_non_empty_database(
    tmp_path: Path, scratch_url: Scratch
) -> None:
    source_url, target_url = scratch_url("source2"), scratch_url("target2")
    assert _hrcare(tmp_path / "s", source_url, "db", "upgrade").returncode == 0
    assert _hrcare(tmp_path / "s", source_url, "demo", "load", "--scale", "0.05").returncode == 0
    folder = tmp_path / "bk"
    assert (
        _hrcare(tmp_path / "s", source_url, "backup", "create", "--output", str(folder)).returncode
        == 0
    )

    tampered = folder / "tables" / "companies.jsonl"
    original = tampered.read_text(encoding="utf-8")
    tampered.write_text(original.replace("demo-", "evil-"), encoding="utf-8")
    refused = _hrcare(tmp_path / "t", target_url, "backup", "restore", str(folder))
    assert refused.returncode == 2
    assert "companies.jsonl" in refused.stderr and "changed" in refused.stderr
    tampered.write_text(original, encoding="utf-8")

    into_source = _hrcare(tmp_path / "s", source_url, "backup", "restore", str(folder))
    assert into_source.returncode == 2
    assert "not empty" in into_source.stderr
