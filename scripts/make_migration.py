"""Autogenerate an Alembic revision against a scratch SQLite database at head.

Usage: .venv/bin/python scripts/make_migration.py REV_ID "message"
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hrcare.models  # noqa: E402,F401
from hrcare.core import migrate  # noqa: E402


def main() -> None:
    rev_id, message = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/scratch.sqlite3")
        migrate.upgrade(engine)
        with engine.begin() as connection:
            config = migrate.alembic_config(connection)
            script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
    path = Path(script.path)  # type: ignore[union-attr]
    target = path.with_name(f"{rev_id}.py")
    path.rename(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
