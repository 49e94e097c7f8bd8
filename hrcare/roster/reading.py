"""Reading a roster file into rows: CSV (UTF-8 with or without BOM, Shift_JIS/CP932, tabs)
or Excel .xlsx (read-only streaming, checked before any XML is parsed).

Pure (no database, no Flask request). A file that cannot be read raises ``FileProblem`` with
the message to show; the parser turns it into a file-level error.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from hrcare.roster.fields import N_


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


def format_limit_bytes(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB"


Row = tuple[int, list[Any]]  # (spreadsheet row number, cell values)


class FileProblem(Exception):  # noqa: N818
    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid, self.params = msgid, params


def decode_text(content: bytes) -> tuple[str, str]:
    """UTF-8 strictly (BOM or not), else CP932; anything else is refused with a message."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileProblem(
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
    raise FileProblem(
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
        raise FileProblem(
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
                raise FileProblem(
                    _XLSX_TOO_BIG, limit=format_limit_bytes(limits.max_unpacked_bytes)
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    with package.open(member) as part:
                        _refuse_dtd(part)
    except _SHEET_ERRORS:
        raise FileProblem(_UNREADABLE_XLSX) from None


def _refuse_dtd(part: Any) -> None:
    """A DTD can only come before the root element: read the prolog and look for one."""
    prolog = b""
    while len(prolog) < _PROLOG_LIMIT:
        chunk = part.read(4096)
        if not chunk:
            break
        prolog += chunk
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise FileProblem(_XLSX_DTD)
        # Skip the XML declaration, processing instructions and comments: the first other
        # tag is the root element, after which no DTD may appear.
        stripped = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", prolog, flags=re.DOTALL)
        if _ROOT_START.search(stripped):
            return
    if prolog:
        raise FileProblem(_UNREADABLE_XLSX)


def _xlsx_rows(content: bytes, limits: ImportLimits) -> Iterator[Row]:
    from openpyxl import load_workbook

    check_xlsx_package(content, limits)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem(_UNREADABLE_XLSX) from None
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
        raise FileProblem(_UNREADABLE_XLSX) from None
    finally:
        book.close()


def file_rows(
    content: bytes, filename: str, limits: ImportLimits
) -> tuple[Iterator[Row], str, str | None]:
    """The rows of a CSV or .xlsx file, with its kind ("csv" | "xlsx") and text encoding."""
    lower = filename.lower()
    if content.startswith(b"PK\x03\x04"):
        if not lower.endswith((".xlsx", ".xlsm")):
            raise FileProblem(
                N_(
                    "ファイル名の拡張子と中身が一致しません。Excel ファイルは .xlsx のまま選んでください。"
                )
            )
        return _xlsx_rows(content, limits), "xlsx", None
    if content.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith(".xls"):
        raise FileProblem(
            N_("古い Excel 形式（.xls）には対応していません。.xlsx または CSV で保存してください。")
        )
    if lower.endswith((".xlsx", ".xlsm")):
        raise FileProblem(N_("Excel ファイルを読み込めません。.xlsx 形式で保存し直してください。"))
    if not lower.endswith((".csv", ".txt", ".tsv")):
        raise FileProblem(
            N_("対応していないファイル形式です。CSV（.csv）または Excel（.xlsx）を選んでください。")
        )
    if b"\x00" in content and not content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileProblem(
            N_(
                "テキストファイルではありません。CSV（UTF-8）または CSV（Shift_JIS）で保存してください。"
            )
        )
    text, encoding = decode_text(content)
    return _csv_rows(text), "csv", encoding


def blank(cells: Iterable[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)
