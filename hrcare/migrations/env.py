"""Alembic environment: runs on the connection ``hrcare.core.migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import hrcare.models  # noqa: F401 - registers every model
from hrcare.core.db import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _configure(conn)


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `hrcare db upgrade`")
run_migrations_online()
