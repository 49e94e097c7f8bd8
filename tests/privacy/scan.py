"""Search the whole database, a Redis database and the file store for marker strings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import JSON, LargeBinary, String, Text, cast, func, or_, select
from sqlalchemy.orm import Session

from hrcare.core.db import Base


def _text_columns(table: Any) -> list[Any]:
    return [c for c in table.columns if isinstance(c.type, String | Text | JSON | LargeBinary)]


def database_hits(session: Session, markers: list[str]) -> dict[str, int]:
    """``table.column`` → rows containing any marker, over every text-like column."""
    hits: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        for column in _text_columns(table):
            value = cast(column, Text) if not isinstance(column.type, LargeBinary) else column
            where = or_(*(value.contains(m) for m in markers))
            if isinstance(column.type, LargeBinary):
                # bytes: compare in Python (roster uploads hold the original file)
                rows = session.execute(select(column)).scalars()
                count = sum(1 for b in rows if b and any(m.encode() in b for m in markers))
            else:
                count = session.scalar(
                    select(func.count())
                    .select_from(table)
                    .where(where)
                    .execution_options(all_tenants=True)
                )
            if count:
                hits[f"{table.name}.{column.name}"] = int(count)
    return hits


def redis_hits(url: str, markers: list[str]) -> int:
    from redis import Redis

    conn = Redis.from_url(url)
    found = 0
    needles = [m.encode() for m in markers]
    for key in conn.scan_iter(count=500):
        kind = conn.type(key).decode()
        if kind == "string":
            values = [conn.get(key) or b""]
        elif kind == "hash":
            values = [v for pair in conn.hgetall(key).items() for v in pair]
        elif kind == "list":
            values = conn.lrange(key, 0, -1)
        elif kind in ("set",):
            values = list(conn.smembers(key))
        elif kind == "zset":
            values = [m for m, _ in conn.zrange(key, 0, -1, withscores=True)]
        else:
            values = []
        blob = key + b"\0".join(values)
        found += any(n in blob for n in needles)
    return found


def file_hits(folder: Path, markers: list[str]) -> list[str]:
    needles = [m.encode() for m in markers]
    if not folder.is_dir():
        return []
    return [
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]
