"""An upload parsed once: the ``ParsedRoster`` kept beside the file, compressed JSON.

Parsing an .xlsx of 100,000 rows takes seconds; previews are viewed again and again, and the
commit follows. What is stored is the server's own parse of the stored bytes (never anything
the browser sent back), together with the Japan date it was parsed on: ages are checked
against that date, so a parse from another day is redone.
"""

from __future__ import annotations

import json
import zlib
from datetime import date
from typing import Any

from hrcare.roster.importer import (
    EmployeeRecord,
    ImportLimits,
    ParsedRoster,
    RowError,
    parse_roster,
)

VERSION = 1


def dump(parsed: ParsedRoster, *, today: date, limits: ImportLimits) -> bytes:
    data = {
        "v": VERSION,
        "today": today.isoformat(),
        "limits": [limits.max_bytes, limits.max_rows],
        "filename": parsed.filename,
        "kind": parsed.kind,
        "encoding": parsed.encoding,
        "columns": list(parsed.columns),
        "records": [_record(r) for r in parsed.records],
        "errors": [[e.row, e.column, e.msgid, e.params] for e in parsed.errors],
        "error_count": parsed.error_count,
        "data_rows": parsed.data_rows,
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def _record(r: EmployeeRecord) -> list[Any]:
    return [
        r.row,
        r.employee_number,
        r.name,
        r.department,
        r.birth_date.isoformat(),
        r.hire_date.isoformat() if r.hire_date else None,
        r.is_manager,
        r.employment_type,
        r.email,
    ]


def load(blob: bytes | None, *, today: date, limits: ImportLimits) -> ParsedRoster | None:
    """The stored parse, or None when there is none usable (another day, other limits)."""
    if not blob:
        return None
    data = json.loads(zlib.decompress(blob))
    if (
        data.get("v") != VERSION
        or data["today"] != today.isoformat()
        or data["limits"] != [limits.max_bytes, limits.max_rows]
    ):
        return None
    records = [
        EmployeeRecord(
            row,
            number,
            name,
            department,
            date.fromisoformat(birth),
            date.fromisoformat(hire) if hire else None,
            manager,
            kind,
            email,
        )
        for row, number, name, department, birth, hire, manager, kind, email in data["records"]
    ]
    return ParsedRoster(
        filename=data["filename"],
        kind=data["kind"],
        encoding=data["encoding"],
        columns=tuple(data["columns"]),
        records=records,
        errors=[
            RowError(row, column, msgid, params) for row, column, msgid, params in data["errors"]
        ],
        error_count=data["error_count"],
        data_rows=data["data_rows"],
    )


def parse_once(
    content: bytes, filename: str, blob: bytes | None, *, today: date, limits: ImportLimits
) -> tuple[ParsedRoster, bytes | None]:
    """The parse of ``content``: the stored one when usable, else a fresh one (returned with
    its blob to store, or None when the stored one was used)."""
    stored = load(blob, today=today, limits=limits)
    if stored is not None:
        return stored, None
    parsed = parse_roster(content, filename, today=today, limits=limits)
    return parsed, dump(parsed, today=today, limits=limits)
