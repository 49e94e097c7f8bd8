"""Roster file parser: bytes and a file name in, typed rows or located errors out.

Pure (no database, no Flask request): the web upload, the CLI and the benchmark share it.
CSV in UTF-8 (with or without BOM) or Shift_JIS/CP932, tab-separated text, and Excel .xlsx
(read-only streaming; ``reading`` turns the file into rows). Columns are allowlisted (SECURITY.md item 10); every error names the
spreadsheet row the user sees (header = row 1) and the column header as written in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hrcare.roster import fields as f
from hrcare.roster.fields import N_, CellProblem
from hrcare.roster.reading import (
    FileProblem,
    ImportLimits,
    blank,
    file_rows,
    format_limit_bytes,
)

MAX_ERRORS_KEPT = 10_000  # beyond this we only count; nobody reads 10,000 messages


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem. ``row`` is None for file-level problems; ``column`` is the header text."""

    row: int | None
    column: str | None
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render_message(self.msgid, self.params)


def render_message(msgid: str, params: Mapping[str, Any]) -> str:
    """In the language in force: the reader's in a request, else the default or whatever
    ``force_locale`` says (the command line, jobs)."""
    from hrcare.core.i18n import _

    return _(msgid, **params)


@dataclass(slots=True)
class EmployeeRecord:
    row: int
    employee_number: str
    name: str
    department: str
    birth_date: date
    hire_date: date | None
    is_manager: bool
    employment_type: str
    email: str | None


@dataclass
class ParsedRoster:
    filename: str
    kind: str = ""  # "csv" | "xlsx"
    encoding: str | None = None
    columns: tuple[str, ...] = ()  # the fields present in the file, in FIELDS order
    records: list[EmployeeRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    data_rows: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int | None, column: str | None, msgid: str, /, **params: Any) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row, column, msgid, params))


# --- the header --------------------------------------------------------------------------


@dataclass
class _Header:
    row: int
    positions: dict[str, int]  # field → cell index
    labels: dict[str, str]  # field → header as written
    unnamed: list[int]  # indices of blank header cells (must stay empty)
    width: int  # cells beyond the header must stay empty too
    converters: list[tuple[str, int, str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.converters = [
            (name, self.positions[name], self.labels[name], CONVERTERS[name])
            for name in f.FIELDS
            if name in self.positions
        ]


def _read_header(number: int, cells: list[Any], parsed: ParsedRoster) -> _Header | None:
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    unnamed: list[int] = []
    ok = True
    for index, cell in enumerate(cells):
        written = f.text(cell)
        if not written:
            unnamed.append(index)
            continue
        name = f.HEADER_KEYS.get(f.normalize_header(written))
        if name is None:
            parsed.add_error(
                number,
                written,
                N_("この列は取り込めません。使える見出し: %(accepted)s"),
                accepted=f.accepted_headers(),
            )
            ok = False
        elif name in positions:
            parsed.add_error(
                number,
                written,
                N_("同じ項目の列が複数あります（「%(first)s」と「%(second)s」）"),
                first=labels[name],
                second=written,
            )
            ok = False
        else:
            positions[name], labels[name] = index, written
    for name in f.REQUIRED:
        if name not in positions:
            parsed.add_error(
                number,
                f.JA_HEADERS[name],
                N_("必須の列「%(column)s」がありません"),
                column=f.JA_HEADERS[name],
            )
            ok = False
    if not ok:
        return None
    parsed.columns = tuple(name for name in f.FIELDS if name in positions)
    return _Header(number, positions, labels, unnamed, len(cells))


# --- one row -------------------------------------------------------------------------------

REQUIRED_EMPTY = N_("必須項目が空欄です")


def _required_text(convert: Any, name: str) -> Any:
    def run(raw: Any, today: date) -> str:
        value = convert(raw)
        if not value:
            raise CellProblem(REQUIRED_EMPTY)
        f.check_text(value)
        f.check_length(name, value)
        return value

    return run


def _department(raw: Any, today: date) -> str:
    value = f.text(raw)
    if value:
        f.check_text(value)
        f.check_length("department", value)
    return value


def _birth_date(raw: Any, today: date) -> date:
    value = f.parse_date(raw)
    if value is None:
        raise CellProblem(REQUIRED_EMPTY)
    f.check_birth_date(value, today)
    return value


def _email(raw: Any, today: date) -> str | None:
    value = f.email(raw)
    if value is not None:
        f.check_length("email", value)
    return value


# field → converter(raw cell, today); each raises CellProblem with the message to show.
CONVERTERS: dict[str, Any] = {
    "employee_number": _required_text(f.employee_number, "employee_number"),
    "name": _required_text(f.text, "name"),
    "department": _department,
    "birth_date": _birth_date,
    "hire_date": lambda raw, today: f.parse_date(raw),
    "is_manager": lambda raw, today: f.is_manager(raw),
    "employment_type": lambda raw, today: f.employment_type(raw),
    "email": _email,
}
DEFAULTS: dict[str, Any] = {
    "department": "",
    "hire_date": None,
    "is_manager": False,
    "employment_type": "regular",
    "email": None,
}


def _record(
    number: int, cells: list[Any], header: _Header, today: date, parsed: ParsedRoster
) -> EmployeeRecord | None:
    """One data row → a record, or None after adding an error per bad cell."""
    values = dict(DEFAULTS)
    ok = True
    width = len(cells)
    for name, index, label, convert in header.converters:
        try:
            values[name] = convert(cells[index] if index < width else None, today)
        except CellProblem as exc:
            parsed.add_error(number, label, exc.msgid, **exc.params)
            ok = False
    hire, birth = values.get("hire_date"), values.get("birth_date")
    if hire is not None and birth is not None:
        try:
            f.check_hire_date(hire, birth)
        except CellProblem as exc:
            parsed.add_error(number, header.labels["hire_date"], exc.msgid, **exc.params)
            ok = False
    for index in (*header.unnamed, *range(header.width, width)):
        value = cells[index] if index < width else None
        if value is not None and (not isinstance(value, str) or value.strip()):
            parsed.add_error(number, _column_letter(index), N_("見出しのない列に値があります"))
            ok = False
    return EmployeeRecord(row=number, **values) if ok else None


def _column_letter(index: int) -> str:
    """A column without a header is named by its spreadsheet letter (A, B, … AA)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _check_duplicates(parsed: ParsedRoster, numbers: dict[str, list[int]], header: _Header) -> None:
    """Every row of a repeated employee number is an error naming the other rows."""
    label = header.labels["employee_number"]
    bad_rows: set[int] = set()
    for number, rows in numbers.items():
        if len(rows) < 2:
            continue
        for row in rows:
            others = [r for r in rows if r != row]
            shown = "、".join(str(r) for r in others[:5]) + ("…" if len(others) > 5 else "")
            parsed.add_error(
                row,
                label,
                N_("社員番号「%(number)s」がファイル内で重複しています（%(rows)s行目にも）"),
                number=number,
                rows=shown,
            )
            bad_rows.add(row)
    if bad_rows:
        parsed.records = [r for r in parsed.records if r.row not in bad_rows]
    order = {header.labels[name]: index for name, index in header.positions.items()}
    parsed.errors.sort(key=lambda e: (e.row or 0, order.get(e.column or "", len(order))))


# --- entry point ---------------------------------------------------------------------------


def parse_roster(
    content: bytes, filename: str, *, today: date, limits: ImportLimits | None = None
) -> ParsedRoster:
    """Parse a roster file. ``today`` (Japan date) is when ages are checked."""
    limits = limits or ImportLimits()
    parsed = ParsedRoster(filename=filename)
    if len(content) > limits.max_bytes:
        parsed.add_error(
            None,
            None,
            N_("ファイルが大きすぎます（上限 %(limit)s、このファイルは %(size)s）"),
            limit=format_limit_bytes(limits.max_bytes),
            size=format_limit_bytes(len(content)),
        )
        return parsed
    if not content.strip():
        parsed.add_error(None, None, N_("ファイルが空です"))
        return parsed
    header: _Header | None = None
    numbers: dict[str, list[int]] = {}
    try:
        rows, parsed.kind, parsed.encoding = file_rows(content, filename, limits)
        for number, cells in rows:
            if blank(cells):
                continue
            if header is None:
                header = _read_header(number, cells, parsed)
                if header is None:
                    return parsed
                continue
            parsed.data_rows += 1
            if parsed.data_rows > limits.max_rows:
                parsed.records, parsed.errors, parsed.error_count = [], [], 0
                parsed.add_error(
                    None,
                    None,
                    N_(
                        "行数が上限（%(limit)s行）を超えています。1回に取り込める従業員数の上限です。"
                    ),
                    limit=f"{limits.max_rows:,}",
                )
                return parsed
            record = _record(number, cells, header, today, parsed)
            if record is not None:
                parsed.records.append(record)
                numbers.setdefault(record.employee_number, []).append(number)
            else:  # a row with another error still counts for duplicate numbers
                index = header.positions["employee_number"]
                key = f.employee_number(cells[index] if index < len(cells) else None)
                if key:
                    numbers.setdefault(key, []).append(number)
    except FileProblem as exc:
        parsed.records = []
        parsed.add_error(None, None, exc.msgid, **exc.params)
        return parsed
    if header is None:
        parsed.add_error(None, None, N_("ファイルが空です"))
        return parsed
    if parsed.data_rows == 0:
        parsed.add_error(
            header.row + 1, None, N_("従業員の行がありません（見出しの次の行から入力してください）")
        )
        return parsed
    _check_duplicates(parsed, numbers, header)
    if not parsed.ok:
        parsed.records = []  # all-or-nothing: nothing from a file with errors is usable
    return parsed
