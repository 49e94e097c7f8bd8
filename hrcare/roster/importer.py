"""Roster file parser: bytes and a file name in, typed rows or located errors out.

Pure (no database, no Flask request): the web upload, the CLI and the benchmark share it.
CSV in UTF-8 (with or without BOM) or Shift_JIS/CP932, tab-separated text, and Excel .xlsx
(read-only streaming). Columns are allowlisted (SECURITY.md item 10); every error names the
spreadsheet row the user sees (header = row 1) and the column header as written in the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hrcare.roster import fields as f
from hrcare.roster.fields import N_, CellProblem

MAX_ERRORS_KEPT = 10_000  # beyond this we only count; nobody reads 10,000 messages


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 100_000
    # An .xlsx is a zip: a few hundred KB can unpack to hundreds of MB of XML ("zip bomb").
    # A real 100,000-row roster unpacks to ~40 MB; the parts are checked before parsing.
    unpack_ratio: int = 8

    @property
    def max_unpacked_bytes(self) -> int:
        return self.max_bytes * self.unpack_ratio


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


def format_limit_bytes(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB"


# --- reading the file into rows ------------------------------------------------------------

Row = tuple[int, list[Any]]  # (spreadsheet row number, cell values)


class _FileProblem(Exception):  # noqa: N818
    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid, self.params = msgid, params


def decode_text(content: bytes) -> tuple[str, str]:
    """UTF-8 strictly (BOM or not), else CP932; anything else is refused with a message."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _FileProblem(
            N_(
                "UTF-16 のファイルには対応していません。CSV（UTF-8）または CSV（Shift_JIS）で保存してください。"
            )
        )
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            return content.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                return content.decode("cp932"), "cp932"
            except UnicodeDecodeError:
                pass
    raise _FileProblem(
        N_(
            "文字コードを判別できません。CSV（UTF-8）または CSV（Shift_JIS/CP932）で保存してください。"
        )
    )


def _csv_rows(text: str) -> Iterator[Row]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # csv.reader yields one list per record, [] for a blank line, so the index is the row
    # number a spreadsheet shows (a quoted line break stays inside its row).
    try:
        yield from enumerate(reader, start=1)
    except csv.Error:
        raise _FileProblem(
            N_(
                'CSV の形式が正しくありません（%(row)s行目付近）。引用符（"）の対応を確認してください。'
            ),
            row=reader.line_num,
        ) from None


_UNREADABLE_XLSX = N_("Excel ファイルを読み込めません。.xlsx 形式で保存し直してください。")
# SyntaxError covers the XML parse errors of both ElementTree and lxml.
_SHEET_ERRORS = (
    SyntaxError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    TypeError,
    OSError,
)


_XLSX_TOO_BIG = N_(
    "Excel ファイルを展開すると大きすぎます（上限 %(limit)s）。不要なシートや書式を削除するか、CSV で保存してください。"
)
_XLSX_DTD = N_(
    "Excel ファイルに文書型定義（DTD）が含まれているため読み込めません。Excel で開いて .xlsx 形式で保存し直してください。"
)
_PROLOG_LIMIT = 64 * 1024
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def check_xlsx_package(content: bytes, limits: ImportLimits) -> None:
    """Refuse a package before any XML is parsed: parts that unpack beyond the limit (sizes
    are those the zip declares, which ``zipfile`` enforces while reading) and XML with a DTD
    (entity expansion, external entities: Excel never writes one)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            members = package.infolist()
            if sum(m.file_size for m in members) > limits.max_unpacked_bytes:
                raise _FileProblem(
                    _XLSX_TOO_BIG, limit=format_limit_bytes(limits.max_unpacked_bytes)
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    with package.open(member) as part:
                        _refuse_dtd(part)
    except _SHEET_ERRORS:
        raise _FileProblem(_UNREADABLE_XLSX) from None


def _refuse_dtd(part: Any) -> None:
    """A DTD can only come before the root element: read the prolog and look for one."""
    prolog = b""
    while len(prolog) < _PROLOG_LIMIT:
        chunk = part.read(4096)
        if not chunk:
            break
        prolog += chunk
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise _FileProblem(_XLSX_DTD)
        # Skip the XML declaration, processing instructions and comments: the first other
        # tag is the root element, after which no DTD may appear.
        stripped = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", prolog, flags=re.DOTALL)
        if _ROOT_START.search(stripped):
            return
    if prolog:
        raise _FileProblem(_UNREADABLE_XLSX)


def _xlsx_rows(content: bytes, limits: ImportLimits) -> Iterator[Row]:
    from openpyxl import load_workbook

    check_xlsx_package(content, limits)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _FileProblem(_UNREADABLE_XLSX) from None
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        # Read-only sheets yield missing rows as empty tuples, so counting gives the row number.
        for number, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield number, list(cells)
    except _SHEET_ERRORS:
        # The sheet is parsed lazily, so a damaged sheet (truncated or invalid XML, a bad
        # compressed member, an unreadable cell) surfaces here, not in load_workbook.
        raise _FileProblem(_UNREADABLE_XLSX) from None
    finally:
        book.close()


def _rows(
    content: bytes, filename: str, parsed: ParsedRoster, limits: ImportLimits
) -> Iterator[Row]:
    lower = filename.lower()
    if content.startswith(b"PK\x03\x04"):
        if not lower.endswith((".xlsx", ".xlsm")):
            raise _FileProblem(
                N_(
                    "ファイル名の拡張子と中身が一致しません。Excel ファイルは .xlsx のまま選んでください。"
                )
            )
        parsed.kind = "xlsx"
        return _xlsx_rows(content, limits)
    if content.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith(".xls"):
        raise _FileProblem(
            N_("古い Excel 形式（.xls）には対応していません。.xlsx または CSV で保存してください。")
        )
    if lower.endswith((".xlsx", ".xlsm")):
        raise _FileProblem(N_("Excel ファイルを読み込めません。.xlsx 形式で保存し直してください。"))
    if not lower.endswith((".csv", ".txt", ".tsv")):
        raise _FileProblem(
            N_("対応していないファイル形式です。CSV（.csv）または Excel（.xlsx）を選んでください。")
        )
    if b"\x00" in content and not content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _FileProblem(
            N_(
                "テキストファイルではありません。CSV（UTF-8）または CSV（Shift_JIS）で保存してください。"
            )
        )
    text, parsed.encoding = decode_text(content)
    parsed.kind = "csv"
    return _csv_rows(text)


def _blank(cells: Iterable[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


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
        for number, cells in _rows(content, filename, parsed, limits):
            if _blank(cells):
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
    except _FileProblem as exc:
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
